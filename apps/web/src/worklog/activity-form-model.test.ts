import { newActivitySchema } from '@tiaojie/domain';
import { describe, expect, it } from 'vitest';
import { activityInputOf, emptyActivityDraft } from './activity-form-model.ts';

describe('a screening round’s prevention outcomes', () => {
  it('are recorded as cases and people, only on screening rounds', () => {
    const draft = { ...emptyActivityDraft('2025-03-01'), kind: 'screening' };
    draft.title = '三月排查';
    draft.prevention.disputes = '2';
    draft.prevention.people.petition = '30';
    draft.prevention.cases.fight = '2';
    draft.prevention.people.fight = '45';
    const input = activityInputOf(draft);
    expect(input.prevention).toEqual({ disputes: 2, petition: { cases: 1, people: 30 }, fight: { cases: 2, people: 45 } });
    expect(newActivitySchema.safeParse({ id: 'a1', nodeId: 'g01', ...input }).success).toBe(true);
    expect(activityInputOf({ ...draft, kind: 'training' }).prevention).toBeUndefined();
    expect(activityInputOf(emptyActivityDraft('2025-03-01')).prevention).toBeUndefined();
    // Nothing pre-chosen: the kind decides which figure the entry counts in.
    expect(emptyActivityDraft('2025-03-01').kind).toBe('');
    expect(newActivitySchema.safeParse({ id: 'a3', nodeId: 'g01', ...activityInputOf({ ...emptyActivityDraft('2025-03-01'), title: '排查' }) }).success).toBe(false);
    // Cases without the people: refused by the schema, not saved as nobody.
    const noPeople = { ...emptyActivityDraft('2025-03-01'), kind: 'screening' };
    noPeople.title = '排查';
    noPeople.prevention.cases.suicide = '1';
    expect(newActivitySchema.safeParse({ id: 'a2', nodeId: 'g01', ...activityInputOf(noPeople) }).success).toBe(false);
  });
});
