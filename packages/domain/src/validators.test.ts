import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdCardNumber, checkMobile, idCardCheckChar, normalizeMobile } from './validators.js';

describe('resident ID number (GB 11643)', () => {
  it('accepts a number whose check character matches, including X', () => {
    expect(checkIdCardNumber('11010519491231002X')).toBeNull();
    expect(checkIdCardNumber('110105194912310021'.slice(0, 17) + idCardCheckChar('11010519491231002'))).toBeNull();
  });
  it('names the problem for each kind of mistake', () => {
    expect(checkIdCardNumber('1101051949123100')).toBe('ID_FORMAT');
    expect(checkIdCardNumber('01010519491231002X')).toBe('ID_REGION');
    expect(checkIdCardNumber('110105194902300020')).toBe('ID_BIRTHDATE');
    expect(checkIdCardNumber('110105194912310021')).toBe('ID_CHECKSUM');
  });
  it('rejects every single-digit typo in the first 17 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const valid = '11010519491231002X';
        const digit = (Number(valid[pos]) + delta) % 10;
        const typo = valid.slice(0, pos) + digit + valid.slice(pos + 1);
        expect(checkIdCardNumber(typo)).not.toBeNull();
      }),
    );
  });
});

describe('mainland mobile numbers', () => {
  it('accepts 11 digits starting 13–19 and strips +86 and separators', () => {
    expect(checkMobile('13812345678')).toBeNull();
    expect(checkMobile('+86 138-1234-5678')).toBeNull();
    expect(normalizeMobile('+86 138 1234 5678')).toBe('13812345678');
  });
  it('rejects landlines, short numbers and 12x prefixes', () => {
    expect(checkMobile('010-12345678')).toBe('PHONE_FORMAT');
    expect(checkMobile('1381234567')).toBe('PHONE_FORMAT');
    expect(checkMobile('12812345678')).toBe('PHONE_FORMAT');
  });
});
