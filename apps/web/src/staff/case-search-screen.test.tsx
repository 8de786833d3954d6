import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import { StoreProvider } from '../app/store-context.tsx';
import { testUser } from '../test/render-app.tsx';
import CaseSearchScreen from './case-search-screen.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  writeSession(null);
});

const clerk = testUser({ username: 'street', displayName: '清河街道司法所', role: 'subdistrict_staff', nodeId: 's1', nodePath: '/d1/s1/', nodeName: '清河街道' });
const row = {
  id: 'a1', caseNo: '（2026）s1调字第000001号', status: 'accepted', type: 'neighbour', handlingLevel: 'grid', handlingNodeId: 'g01', gridId: 'g01',
  reportedOn: '2026-11-01', acceptedOn: '2026-11-02', deadline: '2026-12-02', overdue: true, partyNames: ['王秀英'], updatedAt: '2026-11-02T00:00:00Z',
};

function show() {
  writeSession({ token: 'test-token', user: clerk, signedInAt: new Date().toISOString() });
  render(
    <StoreProvider user={clerk}>
      <CaseSearchScreen />
    </StoreProvider>,
  );
}

describe('CaseSearchScreen', () => {
  it('asks the server for the first page of open cases and shows the exact count', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.startsWith('/api/cases/search')) {
        asked.push(url);
        return Promise.resolve(new Response(JSON.stringify({ items: [row], total: 40_006 }), { headers: { 'Content-Type': 'application/json' } }));
      }
      return new Promise<Response>(() => undefined); // sync and org nodes: not answered in this test
    });
    show();
    expect((await screen.findByText('共 40006 件')).dataset.testid).toBe('desk-count');
    expect(asked[0]).toContain('status=open');
    expect(asked[0]).toContain('sort=acceptedOn&dir=desc&offset=0&limit=100');
  });

  it('sorts by handling unit from its column header, in org order first, then reversed', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.startsWith('/api/cases/search')) {
        asked.push(url);
        return Promise.resolve(new Response(JSON.stringify({ items: [row], total: 1 }), { headers: { 'Content-Type': 'application/json' } }));
      }
      return new Promise<Response>(() => undefined);
    });
    show();
    await screen.findByText('共 1 件');
    const head = () => within(screen.getByRole('table')).getAllByRole('columnheader').find((h) => h.textContent?.startsWith('办理单位'))!;
    expect(head().getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(head()).getByRole('button'));
    await waitFor(() => expect(asked.at(-1)).toContain('sort=unit&dir=asc&offset=0'));
    expect(head().getAttribute('aria-sort')).toBe('ascending');
    expect(head().textContent).toBe('办理单位 ↑');
    fireEvent.click(within(head()).getByRole('button'));
    await waitFor(() => expect(asked.at(-1)).toContain('sort=unit&dir=desc&offset=0'));
    expect(head().getAttribute('aria-sort')).toBe('descending');
    // Another column starts newest first again, and the unit column no longer claims the order.
    fireEvent.click(within(within(screen.getByRole('table')).getAllByRole('columnheader').find((h) => h.textContent?.startsWith('受理日期'))!).getByRole('button'));
    await waitFor(() => expect(asked.at(-1)).toContain('sort=acceptedOn&dir=desc'));
    expect(head().getAttribute('aria-sort')).toBe('none');
  });

  it('says that it needs the network when offline, and asks nothing', async () => {
    const fetch = vi.fn((_url: RequestInfo | URL) => new Promise<Response>(() => undefined));
    vi.stubGlobal('fetch', fetch);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    show();
    expect((await screen.findByTestId('desk-offline')).textContent).toContain('需要联网');
    expect(fetch.mock.calls.filter(([u]) => String(u).startsWith('/api/cases/search'))).toEqual([]);
  });
});
