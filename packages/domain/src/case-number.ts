/**
 * Case numbers (案号). The final number belongs to a yearly series of a mediation body and is given by the server
 * when it first accepts the case (a phone cannot know the next number of a series many phones share); until
 * then the phone shows a provisional number of its own, unique without coordination: grid, device, running number.
 */

/** `（2025）清河调字第0042号`: {year}, {short} (the body's short name), {n} or {n:4} (running number, zero-padded). */
export const defaultCaseNumberFormat = '（{year}）{short}调字第{n:4}号';
export const caseNumberFormatMaxLength = 60;
/** Provisional numbers start with this mark, so that nobody mistakes one for a filed number. */
export const provisionalMark = '临';

export interface CaseNumberParts {
  year: number | string;
  short: string;
  n: number;
}

/** Why a format cannot be used, or null: it must name the running number, or numbers would repeat. */
export function checkCaseNumberFormat(format: string): string | null {
  if (format.length === 0 || format.length > caseNumberFormatMaxLength) return 'TOO_LONG';
  if (!/\{n(:[1-9])?\}/.test(format)) return 'CASE_NUMBER_FORMAT';
  if (format.replace(/\{(year|short|n(:[1-9])?)\}/g, '').includes('{')) return 'CASE_NUMBER_FORMAT';
  return null;
}

export function formatCaseNumber(format: string, parts: CaseNumberParts): string {
  return format.replace(/\{(year|short|n)(?::([1-9]))?\}/g, (_, key: string, width: string | undefined) => {
    if (key === 'year') return String(parts.year);
    if (key === 'short') return parts.short;
    return String(parts.n).padStart(width ? Number(width) : 1, '0');
  });
}

/** '清河街道' → '清河', '南岭镇' → '南岭': the short name a 调委会 uses in its numbers. */
export function shortNameOfBody(name: string): string {
  const trimmed = name.trim().replace(/(街道办事处|街道|办事处|乡|镇|社区|村|人民调解委员会|调委会)$/, '');
  return trimmed || name.trim();
}

/** 'g01' + device 'a3f2…' + 7 → '临G01-A3F2-0007'. */
export function formatProvisionalNo(gridId: string, deviceId: string, n: number): string {
  const grid = gridId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12).toUpperCase() || 'G';
  const device = deviceId.replace(/[^A-Za-z0-9]/g, '').slice(0, 4).toUpperCase().padEnd(4, '0');
  return `${provisionalMark}${grid}-${device}-${String(n).padStart(4, '0')}`;
}

export function isProvisionalNo(no: string | null | undefined): boolean {
  return !!no && no.startsWith(provisionalMark);
}

/**
 * The case title a person reads: '王建国 与 李梅 邻里纠纷' (applicants 与 respondents, then the dispute type).
 * Without parties, the type alone.
 */
export function caseTitle(applicants: readonly string[], respondents: readonly string[], typeLabel: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const kind = locale === 'en' ? `${typeLabel} dispute` : typeLabel.endsWith('纠纷') ? typeLabel : `${typeLabel}纠纷`;
  const a = applicants.filter(Boolean).join('、');
  const r = respondents.filter(Boolean).join('、');
  const joiner = locale === 'en' ? ' v. ' : ' 与 ';
  const who = a && r ? `${a}${joiner}${r}` : a || r;
  return who ? `${who} ${kind}` : kind;
}
