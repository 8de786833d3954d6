import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { addDays } from '@tiaojie/domain';
import { writeSession } from '../api/session.ts';
import { preopenStore, StoreProvider } from '../app/store-context.tsx';
import { newCase } from '../storage/testing/fixtures.ts';
import { renderOffline, testUser } from '../test/render-app.tsx';
import { today } from './deadlines.ts';
import { isFirstDownload } from './first-download.ts';
import { primeHomeLists } from './home-lists.ts';
import { HomeScreen } from './home-screen.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

describe('HomeScreen during the first download', () => {
  it('names the user’s own area, not “本网格”, for a sub-district clerk', async () => {
    // The first sync is under way and has not answered yet.
    vi.stubGlobal('fetch', () => new Promise<Response>(() => undefined));
    const user = testUser({ username: 'street', displayName: '清河街道司法所', role: 'subdistrict_staff', nodeId: 's1', nodePath: '/d1/s1/', nodeName: '清河街道' });
    writeSession({ token: 'test-token', user, signedInAt: new Date().toISOString() });
    render(
      <StoreProvider user={user}>
        <HomeScreen />
      </StoreProvider>,
    );
    const status = await screen.findByText(/正在下载/);
    expect(status.textContent).toBe('正在下载清河街道的案件，完成后显示在这里…');
  });
});

describe('HomeScreen reminds of the 司法确认 window', () => {
  it('lists, offline, the cases whose window ends within 7 days with the days left', async () => {
    const { store } = await renderOffline(<HomeScreen />);
    const agree = async (id: string, daysAgo: number) => {
      const on = addDays(today(), -daysAgo);
      await store.createCase(newCase(id));
      await store.startMediation(id);
      await store.conclude(id, {
        outcome: { code: 'success', concludedOn: on, body: 'grid_worker' },
        agreement: { form: 'written', content: '赔偿500元', signedOn: on, amount: 500, courtConfirmation: 'none', performance: 'pending' },
      });
    };
    await agree('k5', 25);
    await agree('k0', 30);
    await agree('k20', 10);
    const section = await screen.findByRole('region', { name: '司法确认申请期限将至' });
    await waitFor(() => expect(within(section).getAllByTestId('court-days-left').map((b) => b.textContent)).toEqual(['司法确认今日截止', '司法确认剩5天']));
  });
});

describe('HomeScreen on a reopened app', () => {
  it('shows the case list in its first render when the store was opened and the lists read before it (start.tsx)', async () => {
    vi.stubGlobal('fetch', () => new Promise<Response>(() => undefined));
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    // Staff: the fast path is theirs; a grid worker's store opens PIN-locked and is not read before the PIN.
    const user = testUser({ username: 'c01', displayName: '社区01', role: 'community_staff', nodeId: 'c1', nodePath: '/d1/s1/c1/', nodeName: '东湖社区' });
    writeSession({ token: 'test-token', user, signedInAt: new Date().toISOString() });
    const { store, sync } = await preopenStore(user);
    await store.createCase(newCase('c1'));
    await primeHomeLists(store, isFirstDownload(sync.getStatus(), navigator.onLine));
    const { container, unmount } = render(
      <StoreProvider user={user}>
        <HomeScreen />
      </StoreProvider>,
    );
    // No await: the first commit already holds the row (no skeleton, no "loading", no second pass).
    expect(container.querySelector('#open-cases')).not.toBeNull();
    expect(container.querySelectorAll('a.caserow').length).toBeGreaterThan(0);
    unmount();
    vi.restoreAllMocks();
  });
});

describe('HomeScreen and the home snapshot (boot/home-snapshot.ts)', () => {
  const SNAPSHOT_KEY = 'tiaojie.homeSnapshot';
  const stale = JSON.stringify({ userId: 'x', locale: 'zh-CN', html: '<div class="app">王秀英</div>' });

  it('keeps none for a grid worker (PIN-locked phone) and drops one left from before', async () => {
    localStorage.setItem(SNAPSHOT_KEY, stale);
    const { store } = await renderOffline(
      <div className="app">
        <HomeScreen />
      </div>,
    );
    await store.createCase(newCase('g1'));
    await screen.findByRole('region', { name: '我的在办案件' });
    await waitFor(() => expect(localStorage.getItem(SNAPSHOT_KEY)).toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(localStorage.getItem(SNAPSHOT_KEY)).toBeNull();
  });

  it('saves what home shows for staff (no PIN lock)', async () => {
    const staff = testUser({ username: 'c01', displayName: '社区01', role: 'community_staff', nodeId: 'c1', nodePath: '/d1/s1/c1/', nodeName: '东湖社区' });
    const { store } = await renderOffline(
      <div className="app">
        <HomeScreen />
      </div>,
      staff,
    );
    await store.createCase(newCase('s1'));
    await screen.findByRole('region', { name: '我的在办案件' });
    await waitFor(() => expect(localStorage.getItem(SNAPSHOT_KEY)).toContain(staff.id));
  });
});

describe('HomeScreen for staff', () => {
  it('puts the desk’s screens one tap away for a clerk, and none for a grid worker', async () => {
    const clerk = testUser({ username: 'street', displayName: '清河街道司法所', role: 'subdistrict_staff', nodeId: 's1', nodePath: '/d1/s1/', nodeName: '清河街道' });
    const { unmount } = await renderOffline(<HomeScreen />, clerk);
    const desk = await screen.findByRole('navigation', { name: '辖区工作' });
    expect(within(desk).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['风险预警', '/staff/board'],
      ['辖区案件', '/cases'],
      ['统计报表', '/staff/stats'],
      ['渠道案件', '/staff/intake'],
    ]);
    unmount();
    await renderOffline(<HomeScreen />);
    await screen.findByText(/您好/);
    expect(screen.queryByRole('navigation', { name: '辖区工作' })).toBeNull();
  });
});
