import { describe, expect, it } from 'vitest';
import { defaultIntakeLimits, intakeClocks, newCaseSchema } from '@tiaojie/domain';
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
