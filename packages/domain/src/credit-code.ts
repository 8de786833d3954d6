import type { Locale } from './labels.js';

/** GB 32100-2015 统一社会信用代码: the code alphabet is the digits and the capitals without I, O, S, V, Z. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CHAR = '[0-9A-HJ-NPQRTUWXY]';
// Registration authority and organisation type, the six-digit region code, then the organisation code and check.
const SHAPE = new RegExp(`^${CHAR}{2}\\d{6}${CHAR}{10}$`);

export type CreditCodeProblem = 'CREDIT_CODE_FORMAT' | 'CREDIT_CODE_CHECKSUM';

export function normalizeCreditCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** The check character for the first 17 characters: 31 − (Σ value × weight mod 31), 31 written as 0. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function checkCreditCode(raw: string): CreditCodeProblem | null {
  const code = normalizeCreditCode(raw);
  if (!SHAPE.test(code)) return 'CREDIT_CODE_FORMAT';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'CREDIT_CODE_CHECKSUM';
}

export const creditCodeMessages: Record<CreditCodeProblem, Record<Locale, string>> = {
  CREDIT_CODE_FORMAT: {
    'zh-CN': '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）',
    en: 'A unified social credit code has 18 digits or capital letters (no I, O, S, V, Z)',
  },
  CREDIT_CODE_CHECKSUM: { 'zh-CN': '统一社会信用代码校验位不正确，请核对', en: 'The credit code’s check character is wrong; please re-check it' },
};
