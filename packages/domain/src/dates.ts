/** Calendar dates are stored as 'YYYY-MM-DD' in Asia/Shanghai (UTC+8 all year, no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export function toShanghaiDate(instant: Date | number): string {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  // Runs for every date of every case the server ingests: arithmetic, no Date object.
  if (value.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** Same day of the next month, clamped to that month's last day (31 Jan → 28/29 Feb). */
export function addOneMonth(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const t = new Date(`${isoDate}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The deadline for mediation: one month after acceptance (人民调解工作若干规定 §33). */
export function mediationDeadline(acceptedOn: string): string {
  return addOneMonth(acceptedOn);
}

/** The year a date string belongs to. */
export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

/**
 * The year whose annual report staff most likely want on `today` (Asia/Shanghai): until the end of February the
 * year just closed (reports are written and signed off in January and February), from March the running year.
 */
export function reportingYear(today: string): number {
  const year = yearOf(today);
  return today.slice(5, 7) <= '02' ? year - 1 : year;
}
