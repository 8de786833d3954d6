import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import painter from './home-snapshot.js?raw';
import { forgetHomeSnapshot, saveHomeSnapshot } from './home-snapshot.ts';
import { writeSession } from '../api/session.ts';

/**
 * The snapshot as the app saves it (home-snapshot.ts) and as the shipped classic script paints it
 * (home-snapshot.js, run here against a made-up window): the same keys on both sides, and painted only for
 * the worker who saved it, on home, in the language it was saved in.
 */
const skeleton = '<div class="app"><p class="empty">正在打开…</p></div>';
const home =
  '<div class="app"><header class="topbar"><p class="topbar__title">调解</p></header><div class="syncbar syncbar--offline">离线 · 已保存在本机</div>' +
  '<main class="main"><h1>您好，社区01</h1><a class="caserow" href="/cases/c1">王秀英 与 李建国 邻里纠纷</a></main></div>';

/** A staff member by default: only staff (no PIN lock) keep a snapshot. */
function session(userId: string, role = 'community_staff') {
  return { token: 't', user: { id: userId, username: 'c01', displayName: '社区01', role, nodeId: 'c1', nodePath: '/d/s/c1/' }, signedInAt: '2025-01-01T00:00:00Z' };
}

function paint({ pathname = '/', blocked = false } = {}): string {
  const win = { location: { pathname }, localStorage, document, tiaojieStartup: { blocked } };
  new Function('window', painter)(win);
  return document.getElementById('root')!.innerHTML;
}

function renderAndSave() {
  document.body.innerHTML = `<div id="root">${home}</div>`;
  saveHomeSnapshot(document.querySelector('.app')!);
  document.body.innerHTML = `<div id="root">${skeleton}</div>`;
}

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('tiaojie.session', JSON.stringify(session('u1')));
});
afterEach(() => localStorage.clear());

describe('home snapshot', () => {
  it('paints what home showed, for the same worker, with the sync bar left blank', () => {
    renderAndSave();
    const painted = paint();
    expect(painted).toContain('王秀英 与 李建国 邻里纠纷');
    expect(painted).toContain('href="/cases/c1"');
    expect(painted).not.toContain('离线');
    expect(painted).toContain('<div class="syncbar">&nbsp;</div>');
  });

  it('paints nothing for another worker signed in on the same phone', () => {
    renderAndSave();
    localStorage.setItem('tiaojie.session', JSON.stringify(session('u2')));
    expect(paint()).toBe(skeleton);
  });

  it('paints nothing off the home route, in another language, or where the startup check blocked the app', () => {
    renderAndSave();
    expect(paint({ pathname: '/cases/c1' })).toBe(skeleton);
    expect(paint({ blocked: true })).toBe(skeleton);
    localStorage.setItem('tiaojie.locale', 'en');
    expect(paint()).toBe(skeleton);
  });

  it('keeps the skeleton when the stored entry is malformed', () => {
    localStorage.setItem('tiaojie.homeSnapshot', '{not json');
    document.body.innerHTML = `<div id="root">${skeleton}</div>`;
    expect(paint()).toBe(skeleton);
  });

  it('preloads the local database\'s chunks only when a session is stored (the sign-in screen never needs them)', () => {
    document.head.innerHTML = '<meta name="tiaojie-signed-in-preload" content="/assets/storage-a.js /assets/record-schemas-b.js">';
    const preloads = () => [...document.head.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.getAttribute('href'));
    paint({ pathname: '/cases/c1' });
    expect(preloads()).toEqual(['/assets/storage-a.js', '/assets/record-schemas-b.js']);
    document.head.innerHTML = '<meta name="tiaojie-signed-in-preload" content="/assets/storage-a.js">';
    localStorage.removeItem('tiaojie.session');
    paint();
    expect(preloads()).toEqual([]);
  });

  it('goes with the session: signing out forgets it', () => {
    renderAndSave();
    writeSession(null);
    localStorage.setItem('tiaojie.session', JSON.stringify(session('u1')));
    expect(paint()).toBe(skeleton);
    renderAndSave();
    forgetHomeSnapshot();
    expect(paint()).toBe(skeleton);
  });

  it('keeps nothing for a grid worker (PIN-locked phone): none saved, none painted, one left from before removed', () => {
    renderAndSave();
    localStorage.setItem('tiaojie.session', JSON.stringify(session('u1', 'grid_worker')));
    expect(localStorage.getItem('tiaojie.homeSnapshot')).not.toBeNull();
    expect(paint()).toBe(skeleton);
    expect(localStorage.getItem('tiaojie.homeSnapshot')).toBeNull();
    renderAndSave();
    expect(localStorage.getItem('tiaojie.homeSnapshot')).toBeNull();
    expect(paint({ pathname: '/cases/c1' })).toBe(skeleton);
  });
});
