import { describe, expect, it } from 'vitest';
import { activityFieldsSchema } from './activity.js';
import { caseSchema, conflictSchema, newCaseSchema, partySchema } from './case.js';
import { issueMessage } from './errors.js';
import { collectionLimits, jsonDepth, MAX_JSON_DEPTH, textLimits, usernameSchema } from './limits.js';
import { zodIssuesToFieldIssues } from './zod-issues.js';

const newCase = (extra: Record<string, unknown> = {}) => ({
  id: 'k1',
  gridId: 'g01',
  type: 'neighbour',
  source: 'proactive',
  facts: '楼上漏水',
  reportedOn: '2024-03-01',
  acceptedOn: '2024-03-02',
  ...extra,
});
const party = (id: string) => ({ id, role: 'applicant', personal: { name: '王秀英' } });
const nested = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { v };
  return v;
};

describe('limits', () => {
  it('refuses facts one character over the limit, with a message naming the maximum', () => {
    expect(newCaseSchema.safeParse(newCase({ facts: '案'.repeat(textLimits.facts) })).success).toBe(true);
    const r = newCaseSchema.safeParse(newCase({ facts: '案'.repeat(textLimits.facts + 1) }));
    expect(r.success).toBe(false);
    const issue = zodIssuesToFieldIssues(r.error!)[0]!;
    expect(issue).toMatchObject({ path: 'facts', code: 'TOO_LONG', max: textLimits.facts });
    expect(issueMessage(issue)).toBe(`内容过长，最多 ${textLimits.facts} 字`);
  });

  it('refuses too long names, addresses and notes', () => {
    expect(partySchema.safeParse({ ...party('p1'), personal: { name: '王'.repeat(textLimits.name + 1) } }).success).toBe(false);
    expect(partySchema.safeParse({ ...party('p1'), personal: { name: '王', address: 'x'.repeat(textLimits.address + 1) } }).success).toBe(false);
    expect(activityFieldsSchema.safeParse({ kind: 'training', date: '2024-03-01', title: 't', notes: 'x'.repeat(textLimits.notes + 1) }).success).toBe(false);
  });

  it('refuses more parties than a case may hold', () => {
    const parties = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, party(`p${i}`)]));
    expect(newCaseSchema.safeParse(newCase({ parties: parties(collectionLimits.parties) })).success).toBe(true);
    const r = newCaseSchema.safeParse(newCase({ parties: parties(collectionLimits.parties + 1) }));
    expect(zodIssuesToFieldIssues(r.error!)[0]).toMatchObject({ path: 'parties', code: 'TOO_MANY' });
  });

  it('refuses NUL in ids, text and usernames', () => {
    for (const extra of [{ id: 'k\u00001' }, { facts: 'a\u0000b' }, { gridId: 'g\u0000' }]) {
      const r = newCaseSchema.safeParse(newCase(extra));
      expect(r.success).toBe(false);
      expect(zodIssuesToFieldIssues(r.error!).map((i) => i.code)).toContain('NUL_CHAR');
    }
    expect(usernameSchema.safeParse('grid\u000001').success).toBe(false);
    expect(usernameSchema.safeParse('grid01').success).toBe(true);
  });

  it('measures depth without recursion and refuses conflict values nested too deep', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(jsonDepth(nested(100_000))).toBe(100_000);
    const conflict = (value: unknown) => ({
      id: 'c1', path: 'facts', serverValue: 'a', clientValue: value, clientUserId: 'u', clientDeviceId: 'd', detectedAt: '2024-03-01T00:00:00Z',
    });
    expect(conflictSchema.safeParse(conflict(nested(MAX_JSON_DEPTH))).success).toBe(true);
    expect(conflictSchema.safeParse(conflict(nested(5000))).success).toBe(false);
    expect(conflictSchema.safeParse(conflict('a\u0000')).success).toBe(false);
  });

  it('a stored case with too many conflicts is invalid', () => {
    const conflicts = Object.fromEntries(
      Array.from({ length: collectionLimits.conflicts + 1 }, (_, i) => [
        `c${i}`,
        { id: `c${i}`, path: 'facts', serverValue: 'a', clientValue: 'b', clientUserId: 'u', clientDeviceId: 'd', detectedAt: '2024-03-01T00:00:00Z' },
      ]),
    );
    const doc = { ...newCase(), createdBy: 'u', createdAt: '2024-03-02T00:00:00Z', status: 'accepted', handlingNodeId: 'g01', handlingLevel: 'grid', conflicts };
    expect(caseSchema.safeParse(doc).success).toBe(false);
  });
});
