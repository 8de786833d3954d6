import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import SettingsScreen from '../settings/settings-screen.tsx';
import { internalsOf } from '../storage/store-internals.ts';
import { newCase } from '../storage/testing/fixtures.ts';
import { renderOffline } from '../test/render-app.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

describe('needs attention （需要处理）', () => {
  it('lists every change the server rejected, with its reason in Chinese, until it is dismissed', async () => {
    const { store } = await renderOffline(<SettingsScreen />);
    await store.createCase(newCase('k1'));
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'screening', date: '2024-03-05', title: '排查' });
    await store.editCase('k1', { risk: 'yellow' });
    expect((await store.getSyncStatus()).pending).toBe(3);
    // The server's answer: the case was created, the activity failed on the server, the edit was invalid.
    await internalsOf(store).applyPushResults([
      { id: 1, status: 'applied', seq: 1 },
      { id: 2, status: 'rejected', code: 'MUTATION_FAILED', message: 'the server could not apply this mutation (RangeError)' },
      { id: 3, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid case: facts TOO_LONG' },
    ]);
    const list = await screen.findByTestId('attention-list');
    expect(within(list).getByRole('heading').textContent).toBe('需要处理');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const [activity, edit] = within(list).getAllByRole('listitem');
    expect(activity!.textContent).toContain('服务器无法保存这项修改');
    // A refused push marks no field: its reason says so, and the case keeps the change for sending again.
    expect(edit!.textContent).toContain('原因：服务器检查时认为有内容不符合要求');
    expect(within(edit!).getByRole('button', { name: '重新提交' })).toBeTruthy();
    expect(within(edit!).queryByRole('button', { name: '知道了' })).toBeNull();
    // Only the case's entry links to its case; the queue has moved on past both.
    expect(within(activity!).queryByRole('link')).toBeNull();
    expect(within(edit!).getByRole('link', { name: '查看案件' }).getAttribute('href')).toBe('/cases/k1');
    expect((await store.getSyncStatus()).pending).toBe(0);
    // The refused new work-log entry is kept to be filled in again; giving it up asks first.
    expect(within(activity!).queryByRole('button', { name: '知道了' })).toBeNull();
    expect(within(activity!).getByRole('button', { name: '重新填写' })).toBeTruthy();
    fireEvent.click(within(activity!).getByRole('button', { name: '放弃这项改动' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: '放弃这项改动' })).getByRole('button', { name: '放弃这项改动' }));
    await waitFor(async () => expect((await store.getSyncStatus()).attention.map((a) => a.mutationId)).toEqual([3]));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
  });

  it('fills a refused new work-log entry in again with what was typed; saving it sends a new entry and lets the refusal go', async () => {
    const { store } = await renderOffline(<SettingsScreen />);
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'meeting', date: '2024-03-05', title: '三月矛排会', participants: 12, notes: '议定调解方案' });
    await internalsOf(store).applyPushResults([{ id: 1, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid activity' }]);
    // The refused entry is no longer in the ledger, but what was typed is not lost.
    expect((await store.listActivities()).total).toBe(0);
    const list = within(await screen.findByTestId('attention-list'));
    expect(await list.findByText(/台账内容仍保存在本机/)).toBeTruthy();
    fireEvent.click(list.getByRole('button', { name: '重新填写' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect((dialog.getByLabelText(/事项/) as HTMLInputElement).value).toBe('三月矛排会');
    expect((dialog.getByLabelText(/备注/) as HTMLTextAreaElement).value).toBe('议定调解方案');
    fireEvent.change(dialog.getByLabelText(/事项/), { target: { value: '三月矛盾纠纷排查会' } });
    fireEvent.click(dialog.getByRole('button', { name: '保存' }));
    await waitFor(async () => expect((await store.getSyncStatus()).attention).toEqual([]));
    const saved = await store.listActivities();
    expect(saved.items.map((a) => [a.title, a.participants, a.pending])).toEqual([['三月矛盾纠纷排查会', 12, true]]);
    expect(saved.items[0]!.id).not.toBe('a1');
    expect((await store.getSyncStatus()).pending).toBe(1);
  });

  it('fills a refused correction of a work-log entry in again over the entry as it stands; saving sends it', async () => {
    const { store } = await renderOffline(<SettingsScreen />);
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'meeting', date: '2024-03-05', title: '三月矛排会', participants: 12 });
    await internalsOf(store).applyPushResults([{ id: 1, status: 'applied', seq: 1 }]);
    await store.editActivity('a1', { title: '三月矛盾纠纷排查会', participants: 15 });
    await internalsOf(store).applyPushResults([{ id: 2, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid activity' }]);
    // The ledger shows the entry without the refused correction; the correction is kept to be filled in again.
    expect((await store.getActivity('a1'))?.title).toBe('三月矛排会');
    const list = within(await screen.findByTestId('attention-list'));
    fireEvent.click(await list.findByRole('button', { name: '重新填写' }));
    const dialog = within(await screen.findByRole('dialog', { name: '修改记录' }));
    expect((await dialog.findByLabelText(/事项/) as HTMLInputElement).value).toBe('三月矛盾纠纷排查会');
    expect((dialog.getByLabelText('参会人数') as HTMLInputElement).value).toBe('15');
    fireEvent.click(dialog.getByRole('button', { name: '保存' }));
    await waitFor(async () => expect((await store.getSyncStatus()).attention).toEqual([]));
    expect(await store.getActivity('a1')).toMatchObject({ title: '三月矛盾纠纷排查会', participants: 15, pending: true });
    const sent = (await internalsOf(store).db.outbox.toArray()).map((e) => (e as { name: string }).name);
    expect(sent.filter((n) => n === 'activity.edit')).toHaveLength(1);
  });

  it('says so when the entry of a refused correction is no longer on the phone', async () => {
    const { store } = await renderOffline(<SettingsScreen />);
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'meeting', date: '2024-03-05', title: '三月矛排会' });
    await store.editActivity('a1', { title: '改过的' });
    await store.deleteActivity('a1');
    await internalsOf(store).applyPushResults([
      { id: 1, status: 'applied', seq: 1 },
      { id: 2, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid activity' },
      { id: 3, status: 'applied', seq: 2 },
    ]);
    const list = within(await screen.findByTestId('attention-list'));
    fireEvent.click(await list.findByRole('button', { name: '重新填写' }));
    expect((await within(await screen.findByRole('dialog', { name: '修改记录' })).findByRole('alert')).textContent).toContain('已不在本机');
  });

  it('scrolls itself into view when the address names it (the sync bar\'s "N 条需处理" link)', async () => {
    const scrolled: string[] = [];
    // jsdom lays nothing out: record which element asked to be scrolled to.
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id);
    };
    window.history.pushState(null, '', '/settings#attention');
    try {
      await renderOffline(<SettingsScreen />);
      await screen.findByTestId('attention-list');
      expect(scrolled).toContain('attention');
    } finally {
      window.history.replaceState(null, '', '/');
      Element.prototype.scrollIntoView = original;
    }
  });

  it('warns before a logout that would lose a refused case kept on the phone', async () => {
    const { store } = await renderOffline(<SettingsScreen />);
    await store.createCase(newCase('k1'));
    await internalsOf(store).applyPushResults([{ id: 1, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid case' }]);
    expect((await store.getSyncStatus()).pending).toBe(0);
    await screen.findByRole('button', { name: '重新提交' });
    fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    const dialog = within(await screen.findByRole('dialog', { name: '退出登录？' }));
    expect((await dialog.findByRole('alert')).textContent).toContain('还有 1 条记录没有同步到服务器');
  });

  it('gives up a refused change only after the app\'s own dialog is confirmed', async () => {
    const { store } = await renderOffline(<SettingsScreen />);
    await store.createCase(newCase('k1'));
    await internalsOf(store).applyPushResults([{ id: 1, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid case' }]);
    const list = within(await screen.findByTestId('attention-list'));
    fireEvent.click(await list.findByRole('button', { name: '放弃这项改动' }));
    const dialog = within(await screen.findByRole('dialog', { name: '放弃这项改动' }));
    fireEvent.click(dialog.getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(list.getByRole('button', { name: '重新提交' })).toBeTruthy();
    fireEvent.click(list.getByRole('button', { name: '放弃这项改动' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: '放弃这项改动' })).getByRole('button', { name: '放弃这项改动' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: '重新提交' })).toBeNull());
  });
});
