import { normalizeMobile } from './validators.js';

/**
 * How a party can be reached by phone: a mainland mobile, a landline with its area code (and extension), or an
 * international number with its country code (foreign parties).
 */
export type PhoneKind = 'mobile' | 'landline' | 'international';

// 010 and 02x are three-digit area codes with eight-digit numbers; the others have four digits and 7 or 8.
const LANDLINE = /^(?:(010|02\d)-?([2-9]\d{7})|(0[3-9]\d{2})-?([2-9]\d{6,7}))(?:(?:-|转|#|EXT\.?|X)(\d{1,6}))?$/i;
const INTERNATIONAL = /^\+(?!86)[1-9]\d{6,14}$/;

/**
 * The stored form: a mobile as its 11 digits, a landline as 区号-号码[-分机] ('010-84721234', '0571-8888888-123'),
 * an international number as + and its digits. Anything else comes back compacted (and fails `checkPhone`).
 */
export function normalizePhone(raw: string): string {
  const compact = raw.trim().replace(/[\s().]/g, '');
  const mobile = normalizeMobile(compact);
  if (/^1\d{10}$/.test(mobile)) return mobile;
  const landline = (s: string) => {
    const m = LANDLINE.exec(s);
    if (!m) return null;
    const area = m[1] ?? m[3]!;
    const number = m[2] ?? m[4]!;
    return m[5] ? `${area}-${number}-${m[5]}` : `${area}-${number}`;
  };
  const local = landline(compact);
  if (local) return local;
  const intl = /^(?:\+|00)(\d[\d-]*)$/.exec(compact);
  if (intl) {
    const digits = intl[1]!.replace(/-/g, '');
    // +86 / 0086 numbers are mainland ones written from abroad: 0086 138…, +86 10 84721234.
    if (digits.startsWith('86')) {
      const national = digits.slice(2);
      if (/^1\d{10}$/.test(national)) return national;
      return landline(`0${national}`) ?? `+${digits}`;
    }
    return `+${digits}`;
  }
  return compact;
}

export function phoneKindOf(raw: string): PhoneKind | null {
  const p = normalizePhone(raw);
  if (/^1[3-9]\d{9}$/.test(p)) return 'mobile';
  if (LANDLINE.test(p)) return 'landline';
  if (INTERNATIONAL.test(p)) return 'international';
  return null;
}

export function checkPhone(raw: string): 'PHONE_FORMAT' | null {
  return phoneKindOf(raw) === null ? 'PHONE_FORMAT' : null;
}

/** The digits alone: what the duplicate check compares (010-84721234 and 01084721234 are one number). */
export function phoneKey(raw: string): string {
  return normalizePhone(raw).replace(/\D/g, '');
}

/**
 * Exports never show a number whole: 138****5678, 010-****1234 (extension dropped), +44*****0958; anything else
 * keeps at most its last four characters.
 */
export function maskPhone(raw: string): string {
  const p = normalizePhone(raw);
  const stars = (s: string, keep: number) => (s.length <= keep ? '*'.repeat(s.length) : '*'.repeat(s.length - keep) + s.slice(-keep));
  switch (phoneKindOf(p)) {
    case 'mobile':
      return `${p.slice(0, 3)}****${p.slice(7)}`;
    case 'landline': {
      const [area, number] = p.split('-') as [string, string];
      return `${area}-${stars(number, 4)}`;
    }
    case 'international':
      return `${p.slice(0, 3)}${stars(p.slice(3), 4)}`;
    default:
      return stars(p, 4);
  }
}
