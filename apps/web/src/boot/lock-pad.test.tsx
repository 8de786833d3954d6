import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import earlyPad from './lock-pad.js?raw';
import { loadLocale } from '../i18n/index.ts';
import LockScreens from '../lock/lock-screens.tsx';
import { rememberLockStatus } from '../lock/lock-hint.ts';
import { openLocalStore } from '../storage/local-store.ts';
import { localLockOf } from '../storage/store-internals.ts';
import { demoUsers } from '../storage/testing/fixtures.ts';

/**
 * The PIN pad boot/lock-pad.js draws before the app's code has loaded (run here as shipped, against this window):
 * drawn only for a grid worker whose phone has a PIN, the same markup and words as the app's pad, and what is
 * typed on it is taken over by the app's unlock screen, which tries a confirmed PIN under the five-tries rule.
 */
const PIN = '482615';
const recoveryKey = btoa(String.fromCharCode(...new Uint8Array(32).fill(9))).replace(/\+/g, '-').replace(/\//g, '_');
const grid01 = demoUsers.grid01!;
const skeleton = '<div class="app"><p class="empty">正在打开…</p></div>';

function signIn(user: { id: string; role: string } = grid01) {
  localStorage.setItem('tiaojie.session', JSON.stringify({ token: 't', user, signedInAt: '2025-01-01T00:00:00Z' }));
}

function drawEarly({ blocked = false } = {}): HTMLElement {
  document.body.innerHTML = `<div id="root">${skeleton}</div>`;
  (window as unknown as { tiaojieStartup?: { blocked: boolean } }).tiaojieStartup = { blocked };
  new Function('window', earlyPad)(window);
  return document.getElementById('root')!;
}

async function lockedPhone() {
  const store = await openLocalStore({ user: grid01, deviceId: 'grid01-phone-1', indexedDB: new IDBFactory(), IDBKeyRange });
  const lock = localLockOf(store);
  await lock.setPin(PIN, recoveryKey);
  lock.lock();
  return lock;
}

/** The early pad's screen without its own mark, to compare with the app's. */
function earlyScreen(root: HTMLElement): Element {
  const copy = root.querySelector('[data-lock-screen]')!.cloneNode(true) as Element;
  copy.removeAttribute('data-pre-lock');
  return copy;
}

const tap = (root: ParentNode, label: string) => fireEvent.click([...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === label)!);

beforeEach(() => {
  signIn();
  rememberLockStatus(grid01.id, 'locked');
});
afterEach(async () => {
  delete window.tiaojiePreLock;
  delete (window as unknown as { tiaojieStartup?: unknown }).tiaojieStartup;
  await i18next.changeLanguage('zh-CN');
});

describe('early PIN pad (boot/lock-pad.js)', () => {
  it('draws only for a grid worker whose phone has a PIN, and not where the startup check blocked the app', () => {
    expect(drawEarly().querySelector('[data-lock-screen="unlock"][data-pre-lock]')).not.toBeNull();
    expect(drawEarly({ blocked: true }).innerHTML).toBe(skeleton);
    rememberLockStatus(grid01.id, 'discarded');
    expect(drawEarly().innerHTML).toBe(skeleton);
    rememberLockStatus('someone-else', 'open');
    expect(drawEarly().innerHTML).toBe(skeleton);
    signIn({ ...demoUsers.street01!, id: 'someone-else' });
    expect(drawEarly().innerHTML).toBe(skeleton);
    localStorage.removeItem('tiaojie.session');
    expect(drawEarly().innerHTML).toBe(skeleton);
  });

  it.each(['zh-CN', 'en'] as const)('is the app’s unlock pad, key for key, in %s: untouched, with digits typed, and confirmed', async (locale) => {
    if (locale === 'en') {
      localStorage.setItem('tiaojie.locale', 'en');
      await loadLocale('en');
      await i18next.changeLanguage('en');
    }
    const lock = await lockedPhone();
    const early = drawEarly();
    const app = render(<LockScreens lock={lock} status="locked" />).container;
    // The app's pad took the early one's (empty) input over; both now show the same untouched pad.
    expect(earlyScreen(early).isEqualNode(app.firstElementChild)).toBe(true);

    const digit = (d: string) => (locale === 'en' ? `Digit ${d}` : `数字${d}`);
    const early2 = drawEarly();
    for (const d of '4826') {
      tap(early2, digit(d));
      tap(app, digit(d));
    }
    expect(early2.querySelectorAll('.pin-pad__dot--on')).toHaveLength(4);
    expect(earlyScreen(early2).isEqualNode(app.firstElementChild)).toBe(true);
    tap(early2, locale === 'en' ? 'Delete' : '删除');
    tap(app, locale === 'en' ? 'Delete' : '删除');
    expect(earlyScreen(early2).isEqualNode(app.firstElementChild)).toBe(true);
    // Three digits: confirm waits for four, as on the app's pad.
    expect(early2.querySelector<HTMLButtonElement>('.pin-pad__key--ok')!.disabled).toBe(true);
    tap(early2, digit('6'));
    tap(early2, '✓');
    expect(early2.querySelector('.pin-pad__key--ok')!.textContent).toBe(locale === 'en' ? 'Unlocking…' : '正在解锁…');
    expect([...early2.querySelectorAll('button')].every((b) => b.disabled)).toBe(true);
  });

  it('hands digits typed before the app loaded to the app’s pad, and a PIN confirmed there opens the phone', async () => {
    const lock = await lockedPhone();
    const root = drawEarly();
    const early = root.firstElementChild!;
    for (const d of PIN.slice(0, 5)) tap(root, `数字${d}`);
    // The app's pad replaces the early one in the same commit (as createRoot does with #root).
    render(<LockScreens lock={lock} status="locked" />, { container: root });
    expect(root.querySelector('[data-pre-lock]')).toBeNull();
    expect(screen.getByTestId('pin-dots').getAttribute('aria-label')).toBe('已输入5位');
    // Taken once: the early pad no longer listens.
    expect(window.tiaojiePreLock).toBeUndefined();
    tap(early, '数字1');
    expect(early.querySelectorAll('.pin-pad__dot--on')).toHaveLength(5);

    const again = drawEarly();
    for (const d of PIN) tap(again, `数字${d}`);
    tap(again, '✓');
    const confirmed = earlyScreen(again);
    render(<LockScreens lock={lock} status="locked" />, { container: again });
    // The app's pad goes on exactly as the early one stood: six dots, every key off, 正在解锁… in place of ✓.
    expect(screen.getByRole('button', { name: '正在解锁…' })).toHaveProperty('disabled', true);
    expect(confirmed.isEqualNode(again.firstElementChild)).toBe(true);
    await waitFor(async () => expect(await lock.status()).toBe('open'));
  });

  it('a wrong PIN confirmed early counts towards the five, and the app’s pad takes the next try', async () => {
    const lock = await lockedPhone();
    const root = drawEarly();
    for (const d of '907153') tap(root, `数字${d}`);
    tap(root, '✓');
    render(<LockScreens lock={lock} status="locked" />, { container: root });
    await screen.findByText('PIN码不正确，还可尝试4次');
    expect(await lock.status()).toBe('locked');
    expect(screen.getByTestId('pin-dots').getAttribute('aria-label')).toBe('已输入0位');
    for (const d of PIN) tap(root, `数字${d}`);
    tap(root, '✓');
    await waitFor(async () => expect(await lock.status()).toBe('open'));
  });

  it('the mark says only whether a PIN is set, and goes when the PIN copy is discarded', () => {
    rememberLockStatus(grid01.id, 'open');
    expect(localStorage.getItem('tiaojie.pinLocked')).toBe(grid01.id);
    rememberLockStatus(grid01.id, 'none');
    expect(localStorage.getItem('tiaojie.pinLocked')).toBeNull();
  });
});
