import { describe, expect, it } from 'vitest';
import { caseSchema, defaultIntakeLimits, intakeClocks, newCaseSchema } from '@tiaojie/domain';
import { caseEditChanges, caseEditStateOf } from '../cases/detail/case-edit-model.ts';
import { emptyCaseForm, formStateOfDraft, formToNewCase, type CaseFormState } from '../cases/case-form-model.ts';
import { intakeClockText } from './intake-clock-text.ts';

function filled(source: string): CaseFormState {
  const f = emptyCaseForm('g01', new Date('2026-12-07T02:00:00Z'));
  f.type = 'neighbour';
  f.source = source;
  f.risk = 'blue';
  f.facts = '楼上漏水，12345转办';
  f.parties[0]!.name = '张三';
  return f;
}

describe('the case form’s channel fields', () => {
  it('carry a 12345 order number and the received time (Shanghai) into the case; the time defaults to now', () => {
    const f = filled('hotline_12345');
    expect(f.intake!.receivedAt).toBe('2026-12-07T10:00');
    f.intake!.number = ' GD-20261207-0042 ';
    const r = formToNewCase(f, 'zh-CN');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(newCaseSchema.parse(r.value).intake).toEqual({ channel: 'hotline_12345', number: 'GD-20261207-0042', receivedAt: '2026-12-07T10:00:00+08:00' });
  });

  it('ask for the order number in Chinese under its field, and for a police station or hand-over number', () => {
    const r = formToNewCase(filled('hotline_12345'), 'zh-CN');
    expect(r.ok ? null : r.errors['intake.number']).toBe('必填');
    const police = formToNewCase(filled('referral_police'), 'zh-CN');
    expect(police.ok ? null : police.errors['intake.sender']).toBe('公安移交需填写派出所或移交编号');
  });

  it('keep a court’s deadline for a court delegation only, and add no block for other sources', () => {
    const court = filled('referral_court');
    court.intake = { number: '（2026）京0105民诉前调1号', sender: '朝阳法院', receivedAt: '2026-12-01T09:30', deadline: '2026-12-31' };
    const r = formToNewCase(court, 'zh-CN');
    expect(r.ok && r.value.intake).toMatchObject({ channel: 'court', deadline: '2026-12-31', sender: '朝阳法院' });
    const other = formToNewCase({ ...court, source: 'proactive' }, 'zh-CN');
    expect(other.ok && 'intake' in other.value).toBe(false);
  });

  it('survive a draft saved before they existed', () => {
    const old = filled('hotline_12345') as Partial<CaseFormState>;
    delete old.intake;
    expect(formStateOfDraft(old as CaseFormState).intake).toMatchObject({ number: '', sender: '' });
  });
});

describe('a limit as the phone says it', () => {
  const t = (key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ''}`;
  const c = { status: 'accepted', intake: { channel: 'hotline_12345' as const, receivedAt: '2026-12-07T01:00:00Z' } };
  it('hours under two days, days beyond, overdue once passed', () => {
    const [contact, conclude] = intakeClocks(c, defaultIntakeLimits, new Date('2026-12-07T03:30:00Z'));
    expect(intakeClockText(contact!, t)).toBe('intake.hoursLeft{"n":22}');
    expect(intakeClockText(conclude!, t)).toBe('intake.daysLeft{"n":4}');
    const [late] = intakeClocks(c, defaultIntakeLimits, new Date('2026-12-08T02:00:00Z'));
    expect(intakeClockText(late!, t)).toBe('intake.overdue');
  });
});

describe('the edit sheet’s channel fields', () => {
  const created = { id: 'c1', createdBy: 'u1', createdAt: '2026-12-07T02:00:00.000Z', status: 'accepted', gridId: 'g01', handlingNodeId: 'g01', handlingLevel: 'grid' };
  const base = { ...created, type: 'neighbour', source: 'hotline_12345', facts: '楼上漏水', reportedOn: '2026-12-07', acceptedOn: '2026-12-07' };

  it('leave a stored block as it is when another field changes, and change only what was typed', () => {
    const c = caseSchema.parse({ ...base, intake: { channel: 'hotline_12345', number: 'GD-1', receivedAt: '2026-12-07T02:00:00.000Z' } });
    const state = caseEditStateOf(c);
    expect(state.intake).toMatchObject({ number: 'GD-1', receivedAt: '2026-12-07T10:00' });
    const r = caseEditChanges(c, { ...state, facts: '楼上漏水，已联系' }, 'zh-CN');
    expect(r.ok && Object.keys(r.changes)).toEqual(['facts']);
    const renumbered = caseEditChanges(c, { ...state, intake: { ...state.intake!, number: 'GD-2' } }, 'zh-CN');
    expect(renumbered.ok && renumbered.changes.intake).toEqual({ channel: 'hotline_12345', number: 'GD-2', receivedAt: '2026-12-07T10:00:00+08:00' });
    // Another source drops the block.
    const moved = caseEditChanges(c, { ...state, source: 'proactive' }, 'zh-CN');
    expect(moved.ok && moved.changes).toEqual({ source: 'proactive', intake: null });
  });

  it('demand no block of a channel case recorded without one until its number is typed, and then name the field', () => {
    const c = caseSchema.parse(base);
    const state = caseEditStateOf(c);
    const r = caseEditChanges(c, { ...state, facts: '楼上漏水，已联系' }, 'zh-CN');
    expect(r.ok && Object.keys(r.changes)).toEqual(['facts']);
    const half = caseEditChanges(c, { ...state, intake: { ...state.intake!, sender: '区热线办', receivedAt: '' } }, 'zh-CN');
    expect(half.ok ? null : Object.keys(half.errors).sort()).toEqual(['intake.number', 'intake.receivedAt']);
  });
});
