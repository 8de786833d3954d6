import type { LocalStore } from '../storage/index.ts';
import { COURT_REMINDER_DAYS } from './deadlines.ts';

const HOME_LIST_LIMIT = 30;

/**
 * Home's four lists (overdue, follow-ups, 司法确认 windows ending soon, open) and the escalated count, read in
 * one go so they change together (sections resizing one after another would shift the page under the thumb).
 * `readDuringDownload`: see home-screen.tsx.
 */
export async function readHomeLists(s: LocalStore, firstDownload: boolean) {
  const [overdue, followUps, courtDue, open, escalated] = await Promise.all([
    s.listCases({ status: 'open', overdue: true, limit: HOME_LIST_LIMIT }),
    s.listCases({ followUpDue: true, limit: HOME_LIST_LIMIT }),
    s.listCases({ courtDueWithin: COURT_REMINDER_DAYS, limit: HOME_LIST_LIMIT }),
    s.listCases({ status: 'open', limit: HOME_LIST_LIMIT }),
    s.listEscalated().then((traces) => traces.length),
  ]);
  return { overdue, followUps, courtDue, open, escalated, readDuringDownload: firstDownload };
}

export type HomeLists = Awaited<ReturnType<typeof readHomeLists>>;

let primed: { store: LocalStore; lists: HomeLists } | null = null;

/** Reads home's lists before React renders (start.tsx), so home's first render already shows them. */
export async function primeHomeLists(store: LocalStore, firstDownload: boolean): Promise<void> {
  primed = { store, lists: await readHomeLists(store, firstDownload) };
}

/** The primed answer, once, if it was read from this store in the same download state. */
export function takePrimedHomeLists(store: LocalStore, firstDownload: boolean): HomeLists | undefined {
  const hit = primed?.store === store && primed.lists.readDuringDownload === firstDownload ? primed.lists : undefined;
  primed = null;
  return hit;
}
