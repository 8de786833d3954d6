import { describe, expect, it } from 'vitest';
import { caseSchema, type DisputeCase } from '@tiaojie/domain';
import { caseEditChanges, caseEditStateOf } from './case-edit-model.ts';

const saved: DisputeCase = caseSchema.parse({
  id: 'c1',
  createdBy: 'u1',
  createdAt: '2024-05-10T02:00:00Z',
  gridId: 'g01',
  handlingNodeId: 'g01',
  handlingLevel: 'grid',
  status: 'mediating',
  type: 'neighbour',
  source: 'proactive',
  facts: '楼上漏水',
  reportedOn: '2024-05-09',
  acceptedOn: '2024-05-10',
  amountInvolved: 800,
  caseNo: 'DH-2024-017',
});

describe('caseEditChanges', () => {
  it('names the committee and records prevention outcomes; the annual report’s ticks follow them', () => {
    const state = caseEditStateOf(saved);
    const next = { ...state, committeeId: 'cc1', prevention: { disputes: true, people: { ...state.prevention.people, criminal: '3', fight: '20' } } };
    expect(caseEditChanges(saved, next, 'zh-CN')).toEqual({
      ok: true,
      changes: { committeeId: 'cc1', prevention: { disputes: 1, criminal: { cases: 1, people: 3 }, fight: { cases: 1, people: 20 } }, preventedCriminal: true },
    });
    const edited = caseSchema.parse({ ...saved, committeeId: 'cc1', preventedCriminal: true, prevention: { disputes: 1, criminal: { cases: 1, people: 3 } } });
    // The prefill round-trips; clearing everything removes the record.
    expect(caseEditChanges(edited, caseEditStateOf(edited), 'zh-CN')).toEqual({ ok: true, changes: {} });
    const cleared = { ...caseEditStateOf(edited), committeeId: '', prevention: { disputes: false, people: { suicide: '', criminal: '', petition: '', fight: '' } } };
    expect(caseEditChanges(edited, cleared, 'zh-CN')).toEqual({ ok: true, changes: { committeeId: null, prevention: null, preventedCriminal: false } });
    const bad = { ...state, prevention: { disputes: false, people: { ...state.prevention.people, suicide: '0' } } };
    expect(caseEditChanges(saved, bad, 'zh-CN').ok).toBe(false);
  });

  it('returns nothing when nothing was changed (the prefill round-trips)', () => {
    expect(caseEditChanges(saved, caseEditStateOf(saved), 'zh-CN')).toEqual({ ok: true, changes: {} });
  });

  it('returns only the changed fields, trimmed and typed; a cleared optional field becomes null', () => {
    const state = { ...caseEditStateOf(saved), facts: '  楼上漏水，已修好水管 ', riskFlags: ['suicide'], amountInvolved: '', caseNo: ' ' };
    expect(caseEditChanges(saved, state, 'zh-CN')).toEqual({
      ok: true,
      changes: { facts: '楼上漏水，已修好水管', riskFlags: ['suicide'], amountInvolved: null, caseNo: null },
    });
  });

  it('a changed risk grade needs a reason, and comes with the change to record in the history', () => {
    const state = { ...caseEditStateOf(saved), risk: 'red' };
    expect(caseEditChanges(saved, state, 'zh-CN')).toMatchObject({ ok: false, errors: { riskReason: expect.any(String) } });
    const now = new Date('2026-12-07T03:00:00.000Z');
    expect(caseEditChanges(saved, { ...state, riskReason: ' 当事人扬言自杀 ' }, 'zh-CN', { userId: 'u1', now, newId: () => 'r1' })).toEqual({
      ok: true,
      changes: { risk: 'red' },
      riskChange: { id: 'r1', from: saved.risk, to: 'red', at: now.toISOString(), reason: '当事人扬言自杀', byUserId: 'u1' },
    });
  });

  it('keeps the number of people as it was while the dispute is not a group one', () => {
    const state = { ...caseEditStateOf(saved), peopleInvolved: '' };
    expect(caseEditChanges(saved, state, 'zh-CN')).toEqual({ ok: true, changes: {} });
    const group = { ...state, isGroup: true, peopleInvolved: '12' };
    expect(caseEditChanges(saved, group, 'zh-CN')).toEqual({ ok: true, changes: { isGroup: true, peopleInvolved: 12 } });
  });

  it('names each bad field in Chinese, with the case rules checked across fields', () => {
    const state = { ...caseEditStateOf(saved), facts: ' ', isGroup: true, peopleInvolved: '3', reportedOn: '2024-05-11', amountInvolved: '-5' };
    const r = caseEditChanges(saved, state, 'zh-CN');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      facts: '必填',
      peopleInvolved: '群体性纠纷需填写涉及人数（至少5人）',
      acceptedOn: '受理日期不能早于发现日期',
      amountInvolved: '不能为负数',
    });
  });

  it('asks for a cleared date instead of calling its format wrong', () => {
    const r = caseEditChanges(saved, { ...caseEditStateOf(saved), acceptedOn: '' }, 'zh-CN');
    expect(r).toEqual({ ok: false, errors: { acceptedOn: '必填' } });
  });
});
