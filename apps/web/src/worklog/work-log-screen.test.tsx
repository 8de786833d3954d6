import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import { today } from '../cases/deadlines.ts';
import type { LocalStore } from '../storage/index.ts';
import { internalsOf } from '../storage/store-internals.ts';
import { renderOffline } from '../test/render-app.tsx';
import WorkLogScreen from './work-log-screen.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

async function openLog() {
  const rendered = await renderOffline(<WorkLogScreen />);
  await rendered.store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'meeting', date: today(), title: '三月矛排会', participants: 12, disputesFound: 2 });
  fireEvent.click(await screen.findByRole('button', { name: /三月矛排会/ }));
  const sheet = within(await screen.findByRole('dialog', { name: '修改记录' }));
  return { ...rendered, sheet };
}

const outbox = (store: LocalStore) => internalsOf(store).pendingEntries(100);

describe('WorkLogScreen: correcting and deleting an entry (real store, fake-indexeddb, offline)', () => {
  it('counts the people at a meeting in 人 and consultations in 人次', async () => {
    const { store } = await renderOffline(<WorkLogScreen />);
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'meeting', date: today(), title: '三月矛排会', participants: 3, disputesFound: 0 });
    await store.createActivity({ id: 'a2', nodeId: 'g01', kind: 'consultation', date: today(), title: '法律咨询', participants: 4, disputesFound: 0 });
    expect((await screen.findByRole('button', { name: /三月矛排会/ })).textContent).toMatch(/3 人(?!次)/);
    expect((await screen.findByRole('button', { name: /法律咨询/ })).textContent).toContain('4 人次');
  });

  it('opens the entry prefilled and saves only what changed', async () => {
    const { store, sheet } = await openLog();
    expect((sheet.getByLabelText(/事项/) as HTMLInputElement).value).toBe('三月矛排会');
    expect((sheet.getByLabelText('参会人数') as HTMLInputElement).value).toBe('12');
    expect((sheet.getByLabelText('排查出的纠纷数') as HTMLInputElement).value).toBe('2');

    fireEvent.change(sheet.getByLabelText(/事项/), { target: { value: '' } });
    fireEvent.change(sheet.getByLabelText('参会人数'), { target: { value: '15' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await sheet.findByText('必填');
    expect((sheet.getByLabelText('参会人数') as HTMLInputElement).value).toBe('15');
    expect(await outbox(store)).toHaveLength(1);

    fireEvent.change(sheet.getByLabelText(/事项/), { target: { value: '三月矛盾纠纷排查会' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const { items } = await store.listActivities();
    expect(items[0]).toMatchObject({ id: 'a1', title: '三月矛盾纠纷排查会', participants: 15, disputesFound: 2, kind: 'meeting', pending: true });
    const entries = await outbox(store);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ name: 'activity.edit', activityId: 'a1', args: { changes: { title: '三月矛盾纠纷排查会', participants: 15 } } });
    expect(Object.keys((entries[1]!.args as { changes: object }).changes).sort()).toEqual(['participants', 'title']);
    await screen.findByRole('button', { name: /三月矛盾纠纷排查会/ });
  });

  it('deletes an entry only after the user confirms', async () => {
    const { store, sheet } = await openLog();
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    fireEvent.click(sheet.getByRole('button', { name: '删除这条记录' }));
    expect(confirm).toHaveBeenCalledWith('确定删除“三月矛排会”吗？删除后不能恢复。');
    expect(screen.getByRole('dialog', { name: '修改记录' })).toBeTruthy();
    expect((await store.listActivities()).total).toBe(1);

    confirm.mockReturnValue(true);
    fireEvent.click(sheet.getByRole('button', { name: '删除这条记录' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await store.listActivities()).total).toBe(0);
    await screen.findByText('暂无记录');
    expect((await outbox(store)).map((e) => e.name)).toEqual(['activity.create', 'activity.delete']);
  });
});
