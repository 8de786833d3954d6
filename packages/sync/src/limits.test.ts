import { collectionLimits, textLimits } from '@tiaojie/domain';
import { describe, expect, it } from 'vitest';
import { addConflicts, checkCasePathValue } from './case-ops.js';
import { forceSet, mergeEdit } from './merge.js';
import { parseMutationArgs } from './mutations.js';
import { createDocWriter, setPaths, type Doc } from './paths.js';

const session = (id: string) => ({ id, date: '2024-03-05', mediator: '李调解', body: 'grid_worker', notes: '' });
const sessionPaths = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`sessions.s${i}`, session(`s${i}`)]));

/** Counts the properties every shallow copy made while setting paths. */
function countingCopy() {
  const counter = { copies: 0, properties: 0 };
  const copy = (o: Record<string, unknown>) => {
    counter.copies++;
    counter.properties += Object.keys(o).length;
    return Object.assign({}, o);
  };
  return { counter, copy };
}

describe('path application', () => {
  it('sets N paths of one collection with O(N) property copies, not one collection copy per path', () => {
    for (const n of [100, 1230, 4000]) {
      const existing = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`old${i}`, session(`old${i}`)]));
      const doc: Doc = { facts: 'x', sessions: existing, parties: {} };
      const { counter, copy } = countingCopy();
      const writer = createDocWriter(doc, copy);
      for (const [p, v] of Object.entries({ ...sessionPaths(n), facts: 'y' })) writer.set(p, v);
      const out = writer.result();
      expect(Object.keys(out.sessions as object)).toHaveLength(50 + n);
      expect(out.facts).toBe('y');
      // one copy of the document, one of the collection: its 50 items plus the document's 3 fields
      expect(counter.copies).toBe(2);
      expect(counter.properties).toBe(53);
      expect(Object.keys(doc.sessions as object)).toHaveLength(50); // the input is untouched
    }
  });

  it('mergeEdit and forceSet agree with setting paths one by one', () => {
    const doc: Doc = { facts: 'x', sessions: { a: session('a') }, agreement: { form: 'oral' } };
    const changes = { ...sessionPaths(3), 'sessions.a': null, facts: 'y', agreement: null };
    const expected = { facts: 'y', sessions: { s0: session('s0'), s1: session('s1'), s2: session('s2') }, agreement: null };
    expect(mergeEdit({ doc, versions: {}, changes, base: {}, writer: 'A', seq: 1 }).doc).toEqual(expected);
    expect(forceSet(doc, {}, changes, 'A', 1).doc).toEqual(expected);
    expect(setPaths(doc, changes)).toEqual(expected);
    expect(doc.sessions).toEqual({ a: session('a') });
  });

  it('a later whole-field set is not mutated by item sets before it', () => {
    const replaced = { z: 1 };
    const out = setPaths({ sessions: { a: 1 } }, { 'sessions.b': 2, sessions: replaced, 'sessions.c': 3 });
    expect(out.sessions).toEqual({ z: 1, c: 3 });
    expect(replaced).toEqual({ z: 1 });
  });
});

describe('limits in the protocol', () => {
  const deep = (depth: number): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };

  it('refuses an edit value nested 5,000 deep, and NUL in a path or an id, as a validation failure', () => {
    for (const args of [
      { caseId: 'k1', changes: { facts: deep(5000) } },
      { caseId: 'k1', changes: { 'facts\u0000': 'x' } },
      { caseId: 'k\u00001', changes: { facts: 'x' } },
      { caseId: 'k1', changes: { facts: 'a\u0000b' } },
    ]) {
      const r = parseMutationArgs('case.edit', args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('VALIDATION_FAILED');
    }
    expect(parseMutationArgs('case.resolveConflict', { caseId: 'k1', conflictId: 'c1', value: deep(5000) }).ok).toBe(false);
    expect(parseMutationArgs('case.edit', { caseId: 'k1', changes: { facts: 'x' } }).ok).toBe(true);
  });

  it('judges a conflicted value like the field it belongs to', () => {
    expect(checkCasePathValue('facts', '案'.repeat(textLimits.facts))).toEqual([]);
    expect(checkCasePathValue('facts', '案'.repeat(textLimits.facts + 1))[0]).toMatchObject({ path: 'facts', code: 'TOO_LONG' });
    expect(checkCasePathValue('facts', null)).not.toEqual([]);
    expect(checkCasePathValue('agreement', null)).toEqual([]);
    expect(checkCasePathValue('sessions.s1', session('s1'))).toEqual([]);
    expect(checkCasePathValue('sessions.s1', null)).toEqual([]);
    expect(checkCasePathValue('sessions.s1', { ...session('s1'), notes: 'x'.repeat(textLimits.notes + 1) })[0]).toMatchObject({ path: 'sessions.s1.notes', code: 'TOO_LONG' });
  });

  it('keeps the conflict list within its limit by dropping the oldest resolved ones', () => {
    const c = (i: number, resolved: boolean) => ({ resolved, detectedAt: `2024-01-01T00:00:${String(i).padStart(2, '0')}Z` });
    const existing = Object.fromEntries(Array.from({ length: collectionLimits.conflicts }, (_, i) => [`c${i}`, c(i % 60, i < 10)]));
    const out = addConflicts(existing, { n1: c(59, false), n2: c(59, false) });
    expect(out && Object.keys(out)).toHaveLength(collectionLimits.conflicts);
    expect(out).not.toHaveProperty('c0');
    expect(out).toHaveProperty('n2');
    const open = Object.fromEntries(Array.from({ length: collectionLimits.conflicts }, (_, i) => [`c${i}`, c(1, false)]));
    expect(addConflicts(open, { n1: c(2, false) })).toBeNull();
  });
});
