import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import '../i18n/later.ts';
import { writeSession } from '../api/session.ts';
import { StoreProvider } from '../app/store-context.tsx';
import { testUser } from '../test/render-app.tsx';
import IntakeScreen from './intake-screen.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  writeSession(null);
  history.replaceState(null, '', '/');
});

const clerk = testUser({ username: 'street', displayName: '清河街道司法所', role: 'subdistrict_staff', nodeId: 's1', nodePath: '/d1/s1/', nodeName: '清河街道' });
const row = {
  id: 'k1', caseNo: '（2026）清河调字第0001号', channel: 'hotline_12345', number: 'GD-0001', sender: null, receivedAt: '2026-12-06T01:00:00.000Z', deadline: null,
  type: 'neighbour', status: 'concluded', outcome: 'success', concludedOn: '2026-12-08', gridId: 'g01', handlingNodeId: 'g01', limitState: 'met',
  clocks: [{ kind: 'contact', dueAt: '2026-12-07T01:00:00.000Z', state: 'met', minutesLeft: 10 }],
};

function show(fetch: (input: RequestInfo | URL) => Promise<Response>) {
  vi.stubGlobal('fetch', fetch);
  writeSession({ token: 'test-token', user: clerk, signedInAt: new Date().toISOString() });
  render(
    <StoreProvider user={clerk}>
      <IntakeScreen />
    </StoreProvider>,
  );
}

describe('IntakeScreen', () => {
  it('lists the 12345 orders with status, result and limits, and asks again for another channel', async () => {
    const asked: string[] = [];
    show((input) => {
      const url = String(input);
      if (url.startsWith('/api/intake')) {
        asked.push(url);
        return Promise.resolve(new Response(JSON.stringify({ items: url.includes('hotline') ? [row] : [], total: url.includes('hotline') ? 1 : 0 }), { headers: { 'Content-Type': 'application/json' } }));
      }
      return new Promise<Response>(() => undefined);
    });
    const cells = (await screen.findByText('GD-0001')).closest('tr')!.textContent;
    expect(cells).toContain('已办结');
    expect(cells).toContain('调解成功');
    expect(cells).toContain('联系时限：已按时完成');
    expect(screen.getByText('共 1 件')).toBeTruthy();
    expect(asked[0]).toBe('/api/intake?channel=hotline_12345&offset=0&limit=200');
    fireEvent.change(screen.getByLabelText('渠道'), { target: { value: 'court' } });
    fireEvent.change(screen.getByLabelText('接收自'), { target: { value: '2026-12-01' } });
    fireEvent.click(screen.getByRole('button', { name: '搜索' }));
    await screen.findByText('没有符合条件的案件');
    expect(asked.at(-1)).toBe('/api/intake?channel=court&from=2026-12-01&offset=0&limit=200');
    expect(location.search).toBe('?channel=court&from=2026-12-01');
  });

  it('says why an export was refused', async () => {
    show((input) => {
      const url = String(input);
      if (url.includes('format=csv')) return Promise.resolve(new Response(JSON.stringify({ error: { code: 'EXPORT_TOO_LARGE', message: 'too many' } }), { status: 400, headers: { 'Content-Type': 'application/json' } }));
      if (url.startsWith('/api/intake')) return Promise.resolve(new Response(JSON.stringify({ items: [row], total: 1 }), { headers: { 'Content-Type': 'application/json' } }));
      return new Promise<Response>(() => undefined);
    });
    await screen.findByText('GD-0001');
    fireEvent.click(screen.getByTestId('intake-export-csv'));
    expect((await screen.findByRole('alert')).textContent).toContain('导出的条数过多');
  });
});
