import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasDirtyForms, setFormDirty } from './dirty-forms.ts';
import { currentUpdateBlockers, updateBlockers } from './update-gate.ts';

describe('update gate', () => {
  it('allows the reload only when nothing is unsent and no form is dirty', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.boolean(), (unsentCount, dirtyForms) => {
        const blockers = updateBlockers({ unsentCount, dirtyForms });
        expect(blockers.length === 0).toBe(unsentCount === 0 && !dirtyForms);
      }),
    );
  });

  it('reads the dirty-form registry', () => {
    expect(currentUpdateBlockers(0)).toEqual([]);
    setFormDirty('case-form', true);
    setFormDirty('session-1', true);
    setFormDirty('case-form', false);
    expect(hasDirtyForms()).toBe(true);
    expect(currentUpdateBlockers(2)).toEqual(['unsent', 'dirty-form']);
    setFormDirty('session-1', false);
    expect(currentUpdateBlockers(0)).toEqual([]);
  });
});
