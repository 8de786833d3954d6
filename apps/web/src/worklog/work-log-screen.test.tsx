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

async function openNewEntry() {
  const rendered = await renderOffline(<WorkLogScreen />);
  fireEvent.click(await screen.findByRole('button', { name: /记一笔/ }));
  const sheet = within(await screen.findByRole('dialog', { name: '记一笔' }));
  return { ...rendered, sheet };
}

describe('WorkLogScreen: a new entry, as a new user fills it in (real store, fake-indexeddb, offline)', () => {
  it('puts each refusal at its field and focuses the first one, 类别 included', async () => {
    const { store, sheet } = await openNewEntry();
    const kind = sheet.getByLabelText(/类别/) as HTMLSelectElement;
    expect(kind.value).toBe('');
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(document.activeElement).toBe(kind));
    expect(kind.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to the field that is missing, not floating alone.
    const kindError = document.getElementById(kind.getAttribute('aria-describedby')!)!;
    expect(kindError.textContent).toBe('必填');
    const title = sheet.getByLabelText(/事项/) as HTMLInputElement;
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(title.getAttribute('aria-describedby')!)!.textContent).toBe('必填');

    // Choosing a kind clears its error; the next refusal focuses the first field still wrong: 事项.
    fireEvent.change(kind, { target: { value: 'training' } });
    expect(kind.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect((await store.listActivities()).total).toBe(0);
  });

  it('names every 人数 input after its outcome, shows a missing one at its input, and lists the saved counts', async () => {
    const { store, sheet } = await openNewEntry();
    fireEvent.change(sheet.getByLabelText(/类别/), { target: { value: 'screening' } });
    fireEvent.change(sheet.getByLabelText(/事项/), { target: { value: '入户排查' } });
    const people = ['防止民间纠纷引起自杀人数', '防止民间纠纷转化为刑事案件人数', '防止群体性上访人数', '防止群体性械斗人数'];
    for (const name of people) expect(sheet.getAllByRole('spinbutton', { name })).toHaveLength(1);
    for (const name of people.map((p) => p.replace(/人数$/, '件数'))) expect(sheet.getAllByRole('spinbutton', { name })).toHaveLength(1);
    // Still compact: each outcome's name heads a row whose two inputs read 件数 and 人数.
    expect(sheet.getAllByText('人数')).toHaveLength(4);
    expect(sheet.getAllByText('件数')).toHaveLength(4);

    fireEvent.change(sheet.getByRole('spinbutton', { name: '预防纠纷（件）' }), { target: { value: '2' } });
    fireEvent.change(sheet.getByRole('spinbutton', { name: '防止群体性上访件数' }), { target: { value: '1' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    const petitionPeople = sheet.getByRole('spinbutton', { name: '防止群体性上访人数' });
    await waitFor(() => expect(document.activeElement).toBe(petitionPeople));
    expect(petitionPeople.getAttribute('aria-invalid')).toBe('true');
    expect(sheet.getByRole('spinbutton', { name: '防止群体性上访件数' }).getAttribute('aria-invalid')).toBeNull();
    expect(sheet.getByRole('spinbutton', { name: '防止群体性械斗人数' }).getAttribute('aria-invalid')).toBeNull();
    expect((await store.listActivities()).total).toBe(0);

    fireEvent.change(petitionPeople, { target: { value: '30' } });
    expect(petitionPeople.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const row = await screen.findByRole('button', { name: /入户排查/ });
    expect(within(row).getByTestId('log-prevention').textContent).toBe('预防纠纷2件 · 防止群体性上访1件30人');
    expect((await store.listActivities()).items[0]!.prevention).toEqual({ disputes: 2, petition: { cases: 1, people: 30 } });
  });
});
