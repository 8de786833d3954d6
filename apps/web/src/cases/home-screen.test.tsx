import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import { preopenStore, StoreProvider } from '../app/store-context.tsx';
import { newCase } from '../storage/testing/fixtures.ts';
import { isFirstDownload } from './first-download.ts';
import { primeHomeLists } from './home-lists.ts';
import { testUser } from '../test/render-app.tsx';
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

describe('HomeScreen on a reopened app', () => {
  it('shows the case list in its first render when the store was opened and the lists read before it (start.tsx)', async () => {
    vi.stubGlobal('fetch', () => new Promise<Response>(() => undefined));
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const user = testUser();
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
