import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeEdit, type WriterVersions } from './merge.js';
import { getPath } from './paths.js';

const paths = ['facts', 'risk', 'sessions.s1', 'sessions.s2', 'parties.p1'] as const;
const valueArb = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 3 }), fc.constant(null));
const editArb = fc.dictionary(fc.constantFrom(...paths), valueArb, { minKeys: 1, maxKeys: 3 });

const start = { facts: 'f0', risk: 'general', sessions: { s1: 'a' }, parties: {} };

describe('mergeEdit', () => {
  it('merges edits of different paths made from the same base, in either order', () => {
    fc.assert(
      fc.property(editArb, editArb, fc.boolean(), (a, b, aFirst) => {
        const bOnly = Object.fromEntries(Object.entries(b).filter(([p]) => !(p in a)));
        const [first, second] = aFirst ? [a, bOnly] : [bOnly, a];
        const one = mergeEdit({ doc: start, versions: {}, changes: first, base: {}, writer: 'A', seq: 1 });
        const two = mergeEdit({ doc: one.doc, versions: one.versions, changes: second, base: {}, writer: 'B', seq: 2 });
        expect(two.conflicts).toEqual([]);
        for (const [p, v] of Object.entries({ ...a, ...bOnly })) expect(getPath(two.doc, p)).toEqual(v);
      }),
    );
  });

  it('records a conflict with both values and keeps the server value when the same path differs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), valueArb, valueArb, (path, va, vb) => {
        fc.pre(JSON.stringify(va) !== JSON.stringify(vb) && JSON.stringify(va) !== JSON.stringify(getPath(start, path)));
        const one = mergeEdit({ doc: start, versions: {}, changes: { [path]: va }, base: {}, writer: 'A', seq: 5 });
        const two = mergeEdit({ doc: one.doc, versions: one.versions, changes: { [path]: vb }, base: {}, writer: 'B', seq: 6 });
        expect(two.conflicts).toEqual([{ path, serverValue: va, clientValue: vb }]);
        expect(getPath(two.doc, path)).toEqual(va);
        expect(two.versions[path]).toEqual({ seq: 5, by: 'A' });
      }),
    );
  });

  it('applies an edit made on top of the latest version, and never conflicts a device with its own writes', () => {
    const versions: WriterVersions = { facts: { seq: 7, by: 'B' } };
    const seen = mergeEdit({ doc: start, versions, changes: { facts: 'x' }, base: { facts: 7 }, writer: 'A', seq: 8 });
    expect(seen.conflicts).toEqual([]);
    expect(seen.doc.facts).toBe('x');
    const own = mergeEdit({ doc: seen.doc, versions: seen.versions, changes: { facts: 'y' }, base: {}, writer: 'A', seq: 9 });
    expect(own.conflicts).toEqual([]);
    expect(own.doc.facts).toBe('y');
  });

  it('is idempotent: the same edit again changes nothing', () => {
    fc.assert(
      fc.property(editArb, (edit) => {
        const one = mergeEdit({ doc: start, versions: {}, changes: edit, base: {}, writer: 'A', seq: 1 });
        const again = mergeEdit({ doc: one.doc, versions: one.versions, changes: edit, base: {}, writer: 'C', seq: 2 });
        expect(again.applied).toEqual([]);
        expect(again.conflicts).toEqual([]);
        expect(again.doc).toEqual(one.doc);
      }),
    );
  });
});
