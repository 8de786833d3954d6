import { describe, expect, it } from 'vitest';
import { newCaseSchema } from './case.js';
import { zodIssuesToFieldIssues } from './zod-issues.js';

const base = {
  id: 'c1',
  gridId: 'g01',
  type: 'neighbour',
  source: 'proactive',
  facts: '楼上漏水',
  reportedOn: '2026-03-01',
  acceptedOn: '2026-03-02',
} as const;

describe('new case schema', () => {
  it('fills defaults for a minimal case', () => {
    const c = newCaseSchema.parse(base);
    expect(c).toMatchObject({ risk: 'general', isGroup: false, sessions: {}, agreement: null });
  });
  it('names the offending field of a bad party ID number', () => {
    const r = newCaseSchema.safeParse({
      ...base,
      parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '张三', idNumber: '110105194912310021' } } },
    });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(zodIssuesToFieldIssues(r.error)).toContainEqual(
        expect.objectContaining({ path: 'parties.p1.personal.idNumber', code: 'ID_CHECKSUM' }),
      );
    }
  });
  it('refuses acceptance before the report date and small group disputes', () => {
    const r = newCaseSchema.safeParse({ ...base, acceptedOn: '2026-02-01', isGroup: true, peopleInvolved: 3 });
    expect(r.success).toBe(false);
    if (!r.success) {
      const codes = zodIssuesToFieldIssues(r.error).map((i) => `${i.path}:${i.code}`);
      expect(codes).toEqual(expect.arrayContaining(['acceptedOn:DATE_ORDER', 'peopleInvolved:GROUP_PEOPLE']));
    }
  });
});
