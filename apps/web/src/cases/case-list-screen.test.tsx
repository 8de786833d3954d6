import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import { renderOffline, testUser } from '../test/render-app.tsx';
import CaseListScreen from './case-list-screen.tsx';
import { today } from './deadlines.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

describe('CaseListScreen: a search under the default 在办 filter', () => {
  it('says how many matches other statuses hold, and shows them in one tap', async () => {
    const { store } = await renderOffline(<CaseListScreen />);
    const party = (name: string) => ({ p1: { id: 'p1', role: 'applicant' as const, personal: { name } } });
    const base = { gridId: 'g01', type: 'neighbour' as const, source: 'proactive' as const, reportedOn: today(), acceptedOn: today() };
    await store.createCase({ ...base, id: 'closed', facts: '楼上漏水', parties: party('王建国') });
    await store.createCase({ ...base, id: 'open', facts: '噪音扰民', parties: party('李四') });
    await store.conclude('closed', { outcome: { code: 'success', concludedOn: today(), body: 'grid_worker' } });

    fireEvent.change(await screen.findByLabelText('搜索'), { target: { value: '王建国' } });
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('共 0 件'));
    const hint = await screen.findByTestId('other-status-matches');
    expect(hint.textContent).toContain('另有 1 件匹配的案件不在“在办”中');

    fireEvent.click(screen.getByRole('button', { name: '查看全部状态' }));
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('共 1 件'));
    expect(screen.queryByTestId('other-status-matches')).toBeNull();
    expect((screen.getByLabelText('状态') as HTMLSelectElement).value).toBe('');
  });

  it('says nothing more when every match is already listed', async () => {
    const { store } = await renderOffline(<CaseListScreen />);
    await store.createCase({ id: 'c1', gridId: 'g01', type: 'neighbour', source: 'proactive', reportedOn: today(), acceptedOn: today(), facts: '噪音扰民', parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '李四' } } } });
    fireEvent.change(await screen.findByLabelText('搜索'), { target: { value: '李四' } });
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('共 1 件'));
    expect(screen.queryByTestId('other-status-matches')).toBeNull();
  });
});

describe('CaseListScreen on a clerk’s desktop', () => {
  it('names each case’s community and grid, filters by community and sorts by unit', async () => {
    const user = testUser({ username: 'street', displayName: '清河街道司法所', role: 'subdistrict_staff', nodeId: 's1', nodePath: '/d1/s1/', nodeName: '清河街道' });
    const node = (id: string, parentId: string, kind: string, name: string, path: string) => ({ id, parentId, kind, name, path });
    localStorage.setItem(
      `tiaojie.orgNodes.${user.id}`,
      JSON.stringify([
        node('s1', 'd1', 'subdistrict', '清河街道', '/d1/s1/'),
        node('c1', 's1', 'community', '东湖社区', '/d1/s1/c1/'),
        node('g01', 'c1', 'grid', '东湖第1网格', '/d1/s1/c1/g01/'),
        node('c2', 's1', 'community', '西苑社区', '/d1/s1/c2/'),
        node('g04', 'c2', 'grid', '西苑第1网格', '/d1/s1/c2/g04/'),
      ]),
    );
    const { store } = await renderOffline(<CaseListScreen />, user);
    const add = (id: string, gridId: string, acceptedOn: string, name: string) =>
      store.createCase({ id, gridId, type: 'neighbour', source: 'proactive', facts: '楼上漏水', reportedOn: acceptedOn, acceptedOn, parties: { p1: { id: 'p1', role: 'applicant', personal: { name } } } });
    await add('a', 'g04', '2026-03-01', '甲');
    await add('b', 'g01', '2026-02-01', '乙');
    await add('c', 'g04', '2026-01-01', '丙');
    const rows = () => screen.getAllByRole('listitem').map((r) => r.textContent ?? '');
    fireEvent.change(await screen.findByLabelText('状态'), { target: { value: '' } });
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('共 3 件'));
    await waitFor(() => expect(rows()[0]).toContain('西苑社区 · 西苑第1网格'));

    fireEvent.change(screen.getByLabelText('排序'), { target: { value: 'unit' } });
    await waitFor(() => expect(rows().map((r) => r.slice(0, 1))).toEqual(['乙', '甲', '丙']));

    fireEvent.change(screen.getByLabelText('社区'), { target: { value: 'c2' } });
    await waitFor(() => expect(screen.getByTestId('list-total').textContent).toBe('共 2 件'));
    expect([...(screen.getByLabelText('所属网格') as HTMLSelectElement).options].map((o) => o.text)).toEqual(['全部', '西苑第1网格']);
  });
});
