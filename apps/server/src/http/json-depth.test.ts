import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from './json-depth.js';

/** Depth as JSON.parse sees it: objects and arrays count, scalars do not. */
function trueDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(trueDepth));
}

describe('jsonDepth', () => {
  it('agrees with the parsed value for any JSON, brackets inside strings included', () => {
    const withBrackets = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', 'a', ' ') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.integer(), withBrackets, fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(withBrackets, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(jsonDepth(JSON.stringify(v))).toBe(trueDepth(v));
      }),
    );
  });

  it('stops counting once past the limit it was given', () => {
    expect(jsonDepth('['.repeat(100_000), 64)).toBe(65);
    expect(jsonDepth('{"a":'.repeat(70) + '1' + '}'.repeat(70))).toBe(70);
  });
});
