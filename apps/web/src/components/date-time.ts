/**
 * One way to write an instant on every screen, in both languages: "2026-12-07 22:53" (or "12-07 22:53" where the
 * year goes without saying), in China's time like the dates beside it. Screens had "12/10 22:53",
 * "2026/12/7 22:53:23" and "10/12, 22:53" side by side.
 */
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function formatDateTime(iso: string, options: { withYear?: boolean } = {}): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const day = `${p.month}-${p.day} ${p.hour}:${p.minute}`;
  return options.withYear === false ? day : `${p.year}-${day}`;
}
