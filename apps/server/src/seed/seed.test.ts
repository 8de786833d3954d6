import { checkCreditCode, phoneKindOf } from '@tiaojie/domain';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../db/index.js';
import { seedDemo } from './index.js';

describe('demo seed', () => {
  it('writes every demo case through the sync path, scoped and counted, and only once', async () => {
    const store = await createDatabase({ sqliteFile: ':memory:' });
    const config = { dataDir: '/tmp', tokenTtlDays: 1, production: false };
    expect(await seedDemo(store, config)).toBe(true);
    const cases = await store.db.selectFrom('cases').select(['id', 'status', 'scope_path', 'handling_level', 'outcome']).execute();
    expect(cases).toHaveLength(120);
    const rejected = await store.db.selectFrom('mutations').select('status').where('status', '!=', 'applied').execute();
    expect(rejected).toEqual([]);
    // Every demo case names a committee the administrator's records hold (the statistics count by it).
    const committees = new Set((await store.db.selectFrom('committees').select('id').execute()).map((c) => c.id));
    const docs = await store.db.selectFrom('cases').select('doc').execute();
    const named = docs.map((d) => (JSON.parse(d.doc) as { committeeId?: string }).committeeId);
    expect(named.every((id) => id !== undefined && committees.has(id))).toBe(true);
    expect(new Set(named).size).toBeGreaterThan(3);
    // Escalated cases left the grid's scope; concluded ones carry an outcome.
    expect(cases.some((c) => c.handling_level === 'community' && /^\/d1\/s1\/c\d\/$/.test(c.scope_path))).toBe(true);
    expect(cases.filter((c) => c.status === 'concluded').every((c) => c.outcome !== null)).toBe(true);
    expect(await store.db.selectFrom('activities').select('id').execute()).not.toHaveLength(0);
    // Property and labour disputes are against organisations: credit code, contact and landline, all accepted.
    const orgCases = await store.db.selectFrom('cases').select(['doc', 'personal']).where('type', 'in', ['property_management', 'labour']).execute();
    expect(orgCases.length).toBeGreaterThan(0);
    for (const row of orgCases) {
      const doc = JSON.parse(row.doc) as { parties: Record<string, { role: string; kind?: string }> };
      const respondent = Object.entries(doc.parties).find(([, p]) => p.role === 'respondent')!;
      expect(respondent[1].kind).toBe('organisation');
      const personal = (JSON.parse(store.personal.open(row.personal)) as Record<string, { creditCode?: string; phone?: string }>)[respondent[0]]!;
      expect(checkCreditCode(personal.creditCode!)).toBeNull();
      expect(phoneKindOf(personal.phone!)).toBe('landline');
    }
    expect(await seedDemo(store, config)).toBe(false);
    await store.close();
  });
});
