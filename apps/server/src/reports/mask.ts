/** Exports never show a party in full: the surname stays, the rest becomes '*' (张三 → 张*, 欧阳娜娜 → 欧***). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** Phones are masked by the domain's rule, the same on every screen and export (138****5678, 010-****1234). */
export { maskPhone } from '@tiaojie/domain';
