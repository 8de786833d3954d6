import type { IdDocumentType, Sex } from './codes.js';
import type { Locale } from './labels.js';
import { checkIdCardNumber, idCardCheckChar } from './validators.js';

/**
 * One rule per 证件类型. Every problem code names its document type, so the message shown under the field says
 * which document the number was checked as (a foreign resident's card is not "a wrong 身份证号").
 */
export type IdDocumentProblem =
  | 'ID_FORMAT'
  | 'ID_REGION'
  | 'ID_BIRTHDATE'
  | 'ID_CHECKSUM'
  | 'PR_CARD_FORMAT'
  | 'PR_CARD_BIRTHDATE'
  | 'PR_CARD_CHECKSUM'
  | 'HMT_PERMIT_FORMAT'
  | 'HMT_PERMIT_PREFIX'
  | 'HMT_PERMIT_BIRTHDATE'
  | 'HMT_PERMIT_CHECKSUM'
  | 'HKMO_PASS_FORMAT'
  | 'TW_PASS_FORMAT'
  | 'PASSPORT_FORMAT'
  | 'OTHER_DOC_FORMAT';

/** Longest number any document type takes (a passport's 17, with room for 其他). */
export const ID_DOCUMENT_MAX_LENGTH = 30;

/** People type spaces and lower-case letters; every rule below reads the number without them. */
export function normalizeIdDocumentNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

function isPastDate(year: number, month: number, day: number, today: Date): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getTime() <= today.getTime();
}

/** The 18-character layout shared by the resident ID, the 2023 permanent-residence card and the HMT permit. */
function check18(id: string, today: Date): 'FORMAT' | 'BIRTHDATE' | 'CHECKSUM' | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'FORMAT';
  if (!isPastDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)), today)) return 'BIRTHDATE';
  return idCardCheckChar(id.slice(0, 17)) === id[17] ? null : 'CHECKSUM';
}

/** Old (2004) card: nationality (3 letters), authority (2 digits), birth date YYMMDD, sequence (3), check (1). */
function checkOldPermanentCard(id: string, today: Date): IdDocumentProblem | null {
  const yy = Number(id.slice(5, 7));
  const month = Number(id.slice(7, 9));
  const day = Number(id.slice(9, 11));
  return isPastDate(1900 + yy, month, day, today) || isPastDate(2000 + yy, month, day, today) ? null : 'PR_CARD_BIRTHDATE';
}

/** Returns null when `raw` is a valid number of the document type, otherwise the problem found. */
export function checkIdDocument(type: IdDocumentType, raw: string, today: Date = new Date()): IdDocumentProblem | null {
  const id = normalizeIdDocumentNumber(raw);
  switch (type) {
    case 'resident_id':
      return checkIdCardNumber(id, today);
    case 'foreign_permanent': {
      if (/^[A-Z]{3}\d{12}$/.test(id)) return checkOldPermanentCard(id, today);
      if (!/^9\d{16}[\dX]$/.test(id)) return 'PR_CARD_FORMAT';
      const p = check18(id, today);
      return p ? (`PR_CARD_${p}` as IdDocumentProblem) : null;
    }
    case 'hmt_residence': {
      const p = check18(id, today);
      if (p === 'FORMAT') return 'HMT_PERMIT_FORMAT';
      if (!/^8[123]0000/.test(id)) return 'HMT_PERMIT_PREFIX';
      return p ? (`HMT_PERMIT_${p}` as IdDocumentProblem) : null;
    }
    case 'hkmo_pass':
      return /^[HM](\d{8}|\d{10})$/.test(id) ? null : 'HKMO_PASS_FORMAT';
    case 'tw_pass':
      return /^\d{8}$/.test(id) ? null : 'TW_PASS_FORMAT';
    case 'passport':
      return /^(?=.*\d)[A-Z0-9]{5,17}$/.test(id) ? null : 'PASSPORT_FORMAT';
    case 'other':
      return id.length >= 1 && id.length <= ID_DOCUMENT_MAX_LENGTH ? null : 'OTHER_DOC_FORMAT';
  }
}

/**
 * Birth date and sex a valid number carries (resident ID, HMT permit, 2023 permanent-residence card: birth date in
 * characters 7–14, the 17th odd for men); null for documents that carry neither, or an invalid number.
 */
export function documentBirthFacts(
  type: IdDocumentType,
  raw: string,
  today: Date = new Date(),
): { birthDate: string; sex: Sex } | null {
  const id = normalizeIdDocumentNumber(raw);
  if (type !== 'resident_id' && type !== 'hmt_residence' && type !== 'foreign_permanent') return null;
  if (id.length !== 18 || checkIdDocument(type, id, today) !== null) return null;
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Whole years from `birthDate` to `onDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = onDate.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * Lists, exports and prints show a document number only this way: the 18-character numbers keep the first six and
 * the last four (the birth date is hidden), the old permanent-residence card its first five and last four, every
 * other number its first character and last three.
 */
export function maskIdDocument(type: IdDocumentType | undefined, raw: string): string {
  const id = normalizeIdDocumentNumber(raw);
  const keep = (head: number, tail: number) =>
    id.length <= head + tail ? '*'.repeat(id.length) : `${id.slice(0, head)}${'*'.repeat(id.length - head - tail)}${id.slice(-tail)}`;
  if (id.length === 18 && (type === undefined || type === 'resident_id' || type === 'hmt_residence' || type === 'foreign_permanent')) {
    return keep(6, 4);
  }
  if (type === 'foreign_permanent' && id.length === 15) return keep(5, 4);
  if (id.length <= 4) return '*'.repeat(id.length);
  return keep(1, 3);
}

/** Field messages for the document rules, merged into `validationMessages`. */
export const idDocumentMessages: Record<Exclude<IdDocumentProblem, `ID_${string}`>, Record<Locale, string>> = {
  PR_CARD_FORMAT: {
    'zh-CN': '外国人永久居留身份证号码应为以9开头的18位（2023版），或3位字母加12位数字（旧版）',
    en: 'A permanent residence card number has 18 digits starting with 9 (2023) or three letters and twelve digits (older card)',
  },
  PR_CARD_BIRTHDATE: { 'zh-CN': '外国人永久居留身份证号码中的出生日期不正确', en: 'The birth date inside the permanent residence card number is invalid' },
  PR_CARD_CHECKSUM: { 'zh-CN': '外国人永久居留身份证号码校验位不正确，请核对', en: 'The permanent residence card number’s check digit is wrong; please re-check it' },
  HMT_PERMIT_FORMAT: { 'zh-CN': '港澳台居民居住证号码应为18位（最后一位可为X）', en: 'A residence permit number has 18 characters (the last may be X)' },
  HMT_PERMIT_PREFIX: {
    'zh-CN': '港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头',
    en: 'A residence permit number starts with 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan)',
  },
  HMT_PERMIT_BIRTHDATE: { 'zh-CN': '港澳台居民居住证号码中的出生日期不正确', en: 'The birth date inside the residence permit number is invalid' },
  HMT_PERMIT_CHECKSUM: { 'zh-CN': '港澳台居民居住证号码校验位不正确，请核对', en: 'The residence permit number’s check digit is wrong; please re-check it' },
  HKMO_PASS_FORMAT: {
    'zh-CN': '港澳居民来往内地通行证号码应为H或M加8位或10位数字',
    en: 'A Hong Kong/Macao travel permit number is H or M followed by 8 or 10 digits',
  },
  TW_PASS_FORMAT: { 'zh-CN': '台湾居民来往大陆通行证号码应为8位数字', en: 'A Taiwan travel permit number has 8 digits' },
  PASSPORT_FORMAT: { 'zh-CN': '护照号码应为5至17位字母和数字', en: 'A passport number has 5 to 17 letters and digits' },
  OTHER_DOC_FORMAT: { 'zh-CN': `其他证件号码应为1至${ID_DOCUMENT_MAX_LENGTH}个字符`, en: `Another document’s number has 1 to ${ID_DOCUMENT_MAX_LENGTH} characters` },
};
