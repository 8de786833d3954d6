/** How far back a phone's own clock is believed: it may hold work for days without signal, not for months. */
const OLDEST_MS = 90 * 86_400_000;
/** How far ahead: a phone clock a few minutes fast is common; more is a wrong clock, not a record from the future. */
const AHEAD_MS = 5 * 60_000;

/**
 * When a record was made: the phone's time of the action (the mutation's clientTime) when it is a plausible
 * instant, else the server's. A case's risk clock starts there, on the phone and on the server alike; with the
 * server's receive time a case recorded offline at 9:00 and synced at 15:00 got its one-hour limit back at 15:00.
 */
export function recordedAt(clientTime: string | undefined, now: string): string {
  const at = clientTime && /^\d{4}-\d{2}-\d{2}T/.test(clientTime) ? Date.parse(clientTime) : Number.NaN;
  const server = Date.parse(now);
  if (!Number.isFinite(at) || at > server + AHEAD_MS || at < server - OLDEST_MS) return now;
  return new Date(at).toISOString();
}
