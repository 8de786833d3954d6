import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetSessionCacheForTests, writeSession } from '../api/session.ts';
import AuditScreen from './audit-screen.tsx';

const street = { id: 'u-street', username: 'street', displayName: '街道', role: 'subdistrict_staff' as const, nodeId: 's1', nodePath: '/d1/s1/' };
const event = (seq: number, extra: Record<string, unknown> = {}) => ({
  seq,
  at: '2026-03-01T02:00:00.000Z',
  action: 'case.edit',
  actorId: 'u1',
  actorName: 'grid01',
  deviceId: 'grid01-phone',
  caseId: `k${seq}`,
  partyId: null,
  target: null,
  details: { fields: ['facts', 'risk'], mutationId: seq },
  ...extra,
});

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
  resetSessionCacheForTests();
});

describe('AuditScreen', () => {
  it('lists events with a link to the case, filters by person, action and days, and pages backwards', async () => {
    writeSession({ token: 'tok', user: street, signedInAt: new Date().toISOString() });
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      if (url.includes('/api/org/nodes')) return Response.json({ nodes: [] });
      urls.push(url);
      const before = new URL(url, 'http://x').searchParams.get('before');
      return Response.json(before ? { events: [event(1)], nextBefore: null } : { events: [event(3), event(2)], nextBefore: 2 });
    });
    render(<AuditScreen />);
    const link = await screen.findByRole('link', { name: 'k3' });
    expect(link.getAttribute('href')).toBe('/cases/k3');
    expect(screen.getAllByRole('cell', { name: '修改案件' })).toHaveLength(2);
    expect(screen.getAllByText('字段：简要案情、风险等级')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    await screen.findByRole('link', { name: 'k1' });
    expect(urls[1]).toContain('before=2');
    fireEvent.change(screen.getByLabelText('操作人（用户名）'), { target: { value: 'grid01' } });
    fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'personal.reveal' } });
    fireEvent.change(screen.getByLabelText('起始日期'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(urls.at(-1)).toBe('/api/audit?actor=grid01&action=personal.reveal&from=2026-03-01&limit=50'));
  });

  it('shows the server’s refusal in Chinese', async () => {
    writeSession({ token: 'tok', user: street, signedInAt: new Date().toISOString() });
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'FORBIDDEN', message: 'no' } }, { status: 403 }));
    render(<AuditScreen />);
    expect((await screen.findByRole('alert')).textContent).toBe('没有权限执行此操作');
  });
});
