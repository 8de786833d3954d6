/** Validation codes are stable; their messages live in `validationMessages` for both UI languages. */
export type IdCardProblem = 'ID_FORMAT' | 'ID_REGION' | 'ID_BIRTHDATE' | 'ID_CHECKSUM';
export type PhoneProblem = 'PHONE_FORMAT';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999 check character for the first 17 digits of a resident ID number. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** Returns null when the 18-character resident ID number is valid, otherwise the problem found. */
export function checkIdCardNumber(raw: string, today: Date = new Date()): IdCardProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'ID_FORMAT';
  // Administrative division codes start with 1–8 (9 is unused; 0 is invalid).
  if (!/^[1-8]/.test(id)) return 'ID_REGION';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > today.getTime()
  ) {
    return 'ID_BIRTHDATE';
  }
  if (idCardCheckChar(id.slice(0, 17)) !== id[17]) return 'ID_CHECKSUM';
  return null;
}

export function isValidIdCardNumber(raw: string): boolean {
  return checkIdCardNumber(raw) === null;
}

/** Strips the separators and +86 prefix people type, leaving the 11 digits. */
export function normalizeMobile(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** Mainland China mobile numbers: 11 digits, starting 13–19. */
export function checkMobile(raw: string): PhoneProblem | null {
  return /^1[3-9]\d{9}$/.test(normalizeMobile(raw)) ? null : 'PHONE_FORMAT';
}

export function isValidMobile(raw: string): boolean {
  return checkMobile(raw) === null;
}
