import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import { renderOffline } from '../test/render-app.tsx';
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
