import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, checkCreditCode, creditCodeCheckChar } from './credit-code.js';

// Valid examples: 91330100799655058B and 91440300708461136T are published codes of two companies (their check
// characters, B and T, come out of creditCodeCheckChar below); 91110105MA01ABCD13 is made up, its check character 3
// computed with the same rule (Σ = value × weight over the first 17, 31 − Σ mod 31).
describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('computes the published check characters', () => {
    expect(creditCodeCheckChar('91330100799655058')).toBe('B');
    expect(creditCodeCheckChar('91440300708461136')).toBe('T');
    expect(creditCodeCheckChar('91110105MA01ABCD1')).toBe('3');
  });
  it('accepts valid codes, written with spaces or in lower case', () => {
    expect(checkCreditCode('91330100799655058B')).toBeNull();
    expect(checkCreditCode('9144 0300 7084 6113 6t')).toBeNull();
    expect(checkCreditCode('91110105MA01ABCD13')).toBeNull();
  });
  it('names the problem: shape or check character', () => {
    expect(checkCreditCode('91330100799655058C')).toBe('CREDIT_CODE_CHECKSUM');
    expect(checkCreditCode('9133010079965505B')).toBe('CREDIT_CODE_FORMAT');
    // I, O, S, V and Z are not in the code alphabet.
    expect(checkCreditCode('91330100799655058O')).toBe('CREDIT_CODE_FORMAT');
    expect(checkCreditCode('91110105MAO1ABCD13')).toBe('CREDIT_CODE_FORMAT');
    // Characters 3–8 are the region code: digits only.
    expect(checkCreditCode('9133A100799655058B')).toBe('CREDIT_CODE_FORMAT');
  });
  it('the check character catches every single-character substitution', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (pos, delta) => {
        const valid = '91110105MA01ABCD13';
        const alphabet = pos >= 2 && pos <= 7 ? '0123456789' : CREDIT_CODE_ALPHABET;
        const next = alphabet[(alphabet.indexOf(valid[pos]!) + delta) % alphabet.length]!;
        fc.pre(next !== valid[pos]);
        expect(checkCreditCode(valid.slice(0, pos) + next + valid.slice(pos + 1))).not.toBeNull();
      }),
    );
  });
});
