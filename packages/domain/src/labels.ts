/** A code list entry: a stable code stored in data, and its labels in both UI languages. */
export interface CodeEntry<C extends string = string> {
  readonly code: C;
  readonly zh: string;
  readonly en: string;
  /** Optional grouping, e.g. the four referral sources belong to 接受委托移送. */
  readonly group?: string;
}

export type Locale = 'zh-CN' | 'en';

export function defineCodeList<const T extends readonly CodeEntry[]>(entries: T) {
  const codes = entries.map((e) => e.code) as unknown as { [K in keyof T]: T[K]['code'] };
  const byCode = new Map<string, CodeEntry>(entries.map((e) => [e.code, e]));
  const labelOf = (code: string, locale: Locale) => {
    const entry = byCode.get(code);
    if (!entry) return code;
    return locale === 'en' ? entry.en : entry.zh;
  };
  return {
    entries,
    codes: codes as unknown as [T[number]['code'], ...T[number]['code'][]],
    label(code: T[number]['code'], locale: Locale = 'zh-CN'): string {
      return labelOf(code, locale);
    },
    /** For codes read from data that may predate or postdate this list: its label, else the code itself. */
    labelOrCode(code: string, locale: Locale = 'zh-CN'): string {
      return labelOf(code, locale);
    },
    has(code: string): code is T[number]['code'] {
      return byCode.has(code);
    },
  };
}
