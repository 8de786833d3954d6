/** Exports never show a party in full: the surname stays, the rest becomes '*' (张三 → 张*, 欧阳娜娜 → 欧***). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812345678 → 138****5678; anything else keeps at most its last four characters. */
export function maskPhone(phone: string): string {
  const p = phone.replace(/\s+/g, '');
  if (/^1\d{10}$/.test(p)) return `${p.slice(0, 3)}****${p.slice(7)}`;
  if (p.length <= 4) return '*'.repeat(p.length);
  return `${'*'.repeat(p.length - 4)}${p.slice(-4)}`;
}
