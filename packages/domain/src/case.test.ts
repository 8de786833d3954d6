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
    expect(c).toMatchObject({ risk: 'blue', isGroup: false, sessions: {}, agreement: null });
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

describe('parties: persons and organisations', () => {
  it('reads a party stored before document types and organisations as a 居民身份证 natural person', () => {
    const c = newCaseSchema.parse({
      ...base,
      parties: { p1: { id: 'p1', role: 'applicant', sex: 'female', age: 76, personal: { name: '张三', idNumber: '11010519491231002X' } } },
    });
    expect(c.parties.p1).toEqual({
      id: 'p1',
      role: 'applicant',
      kind: 'person',
      sex: 'female',
      age: 76,
      personal: { name: '张三', idType: 'resident_id', idNumber: '11010519491231002X' },
    });
  });
  it('checks the number by the rule of its document type', () => {
    const party = (idType: string, idNumber: string) => ({
      ...base,
      parties: { p1: { id: 'p1', role: 'applicant', personal: { name: 'John Smith', idType, idNumber } } },
    });
    expect(newCaseSchema.safeParse(party('foreign_permanent', '911156198501010012')).success).toBe(true);
    const asResident = newCaseSchema.safeParse(party('resident_id', '911156198501010012'));
    expect(asResident.success ? [] : zodIssuesToFieldIssues(asResident.error)).toContainEqual(
      expect.objectContaining({ path: 'parties.p1.personal.idNumber', code: 'ID_REGION' }),
    );
    const badPass = newCaseSchema.safeParse(party('hkmo_pass', 'H1234'));
    expect(badPass.success ? [] : zodIssuesToFieldIssues(badPass.error)).toContainEqual(
      expect.objectContaining({ path: 'parties.p1.personal.idNumber', code: 'HKMO_PASS_FORMAT' }),
    );
  });
  it('takes an organisation with credit code, contact and landline, and no sex or age', () => {
    const c = newCaseSchema.parse({
      ...base,
      parties: {
        o1: {
          id: 'o1',
          role: 'respondent',
          kind: 'organisation',
          sex: 'male',
          personal: { name: '某某物业服务有限公司', creditCode: '91110105ma01abcd13', contactName: '王经理', phone: '010 8472 1234' },
        },
      },
    });
    expect(c.parties.o1).toEqual({
      id: 'o1',
      role: 'respondent',
      kind: 'organisation',
      personal: { name: '某某物业服务有限公司', creditCode: '91110105MA01ABCD13', contactName: '王经理', phone: '010-84721234' },
    });
  });
  it('names a wrong credit code and an unknown party kind', () => {
    const r = newCaseSchema.safeParse({
      ...base,
      parties: {
        o1: { id: 'o1', role: 'respondent', kind: 'organisation', personal: { name: '物业', creditCode: '91110105MA01ABCD14' } },
        x1: { id: 'x1', role: 'respondent', kind: 'robot', personal: { name: 'R2' } },
      },
    });
    const issues = r.success ? [] : zodIssuesToFieldIssues(r.error).map((i) => `${i.path}:${i.code}`);
    expect(issues).toContain('parties.o1.personal.creditCode:CREDIT_CODE_CHECKSUM');
    expect(issues.some((i) => i.startsWith('parties.x1.kind'))).toBe(true);
  });
  it('needs no phone: a party may refuse to give one', () => {
    expect(newCaseSchema.safeParse({ ...base, parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '李四' } } } }).success).toBe(true);
  });
});
