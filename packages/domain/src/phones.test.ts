import { describe, expect, it } from 'vitest';
import { checkPhone, maskPhone, normalizePhone, phoneKey, phoneKindOf } from './phones.js';

describe('phone numbers', () => {
  it('mobiles: today\'s rule, +86 / 0086 and separators stripped', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0086 138 1234 5678')).toBe('13812345678');
    expect(phoneKindOf('13812345678')).toBe('mobile');
    expect(checkPhone('12812345678')).toBe('PHONE_FORMAT');
    expect(checkPhone('1381234567')).toBe('PHONE_FORMAT');
  });
  it('landlines with area code and optional extension', () => {
    expect(normalizePhone('010-84721234')).toBe('010-84721234');
    expect(normalizePhone('(010) 8472 1234')).toBe('010-84721234');
    expect(normalizePhone('01084721234')).toBe('010-84721234');
    expect(normalizePhone('0571-8888888-123')).toBe('0571-8888888-123');
    expect(normalizePhone('0571-88888888转123')).toBe('0571-88888888-123');
    expect(normalizePhone('+86 10 8472 1234')).toBe('010-84721234');
    expect(phoneKindOf('0571-8888888-123')).toBe('landline');
    // 010 and 02x take eight-digit numbers; no area code starts 01x other than 010; local numbers start 2–9.
    expect(checkPhone('010-8472123')).toBe('PHONE_FORMAT');
    expect(checkPhone('021-1234567')).toBe('PHONE_FORMAT');
    expect(checkPhone('0571-0888888')).toBe('PHONE_FORMAT');
    expect(checkPhone('84721234')).toBe('PHONE_FORMAT');
    expect(checkPhone('0571-8888888-1234567')).toBe('PHONE_FORMAT');
  });
  it('international numbers with a country code', () => {
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('0049 30 1234567')).toBe('+49301234567');
    expect(phoneKindOf('+1 (212) 555-0100')).toBe('international');
    expect(checkPhone('+44 12')).toBe('PHONE_FORMAT');
    expect(checkPhone('+0 2079460958')).toBe('PHONE_FORMAT');
    expect(checkPhone('+1234567890123456')).toBe('PHONE_FORMAT');
  });
  it('one key per number for the duplicate check', () => {
    expect(phoneKey('010-84721234')).toBe(phoneKey('01084721234'));
    expect(phoneKey('+86 138 1234 5678')).toBe('13812345678');
  });
  it('masks each kind without showing it whole', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('010-84721234')).toBe('010-****1234');
    expect(maskPhone('0571-8888888-123')).toBe('0571-***8888');
    expect(maskPhone('+442079460958')).toBe('+44******0958');
    expect(maskPhone('12')).toBe('**');
  });
});
