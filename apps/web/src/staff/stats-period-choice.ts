export type Kind = 'year' | 'quarter' | 'month';

/** The period in progress (a clerk in December means Q4, not Q1); for a past reporting year, its last one. */
export function currentPart(kind: Kind, year: number, today: string): number {
  const month = Number(today.slice(5, 7));
  const inYear = Number(today.slice(0, 4)) === year;
  if (kind === 'month') return inYear ? month : 12;
  if (kind === 'quarter') return inYear ? Math.ceil(month / 3) : 4;
  return 1;
}
