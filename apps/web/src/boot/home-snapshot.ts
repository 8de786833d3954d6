/**
 * The home screen as it last looked, kept per signed-in user so a reopened app shows the worker's case list
 * from local data in its first frames — before React, i18n and the local database have loaded (a cheap phone
 * needs a second or more for those). home-snapshot.js paints it while the page is parsed (it reads the same
 * keys); the app replaces it with the live screen.
 *
 * It holds what home showed (party names as the list shows them, counts), nothing more than the local
 * database already holds, and is erased with the session (sign-out, revoked device) — see api/session.ts.
 * Written from the app's own render (React escaped every text), painted only for the same user and language.
 */
const SNAPSHOT_KEY = 'tiaojie.homeSnapshot';
const SESSION_KEY = 'tiaojie.session';
const LOCALE_KEY = 'tiaojie.locale';

interface HomeSnapshot {
  userId: string;
  locale: string;
  html: string;
}

/** The stored session's user, unless a grid worker: their PIN-locked phones keep no snapshot (home-snapshot.js). */
function currentUserId(storage: Storage): string | null {
  try {
    const session = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null') as { user?: { id?: unknown; role?: unknown } } | null;
    if (session?.user?.role === 'grid_worker') return null;
    return typeof session?.user?.id === 'string' ? session.user.id : null;
  } catch {
    return null;
  }
}

const currentLocale = (storage: Storage) => (storage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN');

/**
 * Keeps `app` (the rendered shell with home in it) as this user's snapshot. The sync bar's words are a moment's
 * state and are left out (the skeleton's empty bar instead), as are focus and the pressed state of links.
 */
export function saveHomeSnapshot(app: Element, storage: Storage = localStorage): void {
  try {
    const userId = currentUserId(storage);
    if (!userId) return;
    const copy = app.cloneNode(true) as Element;
    const syncbar = copy.querySelector('.syncbar');
    if (syncbar) syncbar.outerHTML = '<div class="syncbar">&nbsp;</div>';
    const snapshot: HomeSnapshot = { userId, locale: currentLocale(storage), html: copy.outerHTML };
    storage.setItem(SNAPSHOT_KEY, JSON.stringify(snapshot));
  } catch {
    // Full or blocked storage: the next start shows the skeleton instead; nothing else depends on it.
  }
}

export function forgetHomeSnapshot(storage: Storage = localStorage): void {
  try {
    storage.removeItem(SNAPSHOT_KEY);
  } catch {
    // Nothing stored then.
  }
}
