import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import type { LocalStore } from '../storage/index.ts';
import { internalsOf } from '../storage/store-internals.ts';
import { renderOffline } from '../test/render-app.tsx';
import CaseDetailScreen from './case-detail-screen.tsx';
import { today } from './deadlines.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

async function openCase() {
  const rendered = await renderOffline(<CaseDetailScreen caseId="c1" />);
  await rendered.store.createCase({
    id: 'c1',
    gridId: 'g01',
    type: 'neighbour',
    source: 'proactive',
    facts: '楼上漏水',
    reportedOn: today(),
    acceptedOn: today(),
    parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '张三', phone: '13800138000', idNumber: '11010519491231002X' } } },
  });
  await screen.findByRole('heading', { level: 1, name: '张三 邻里纠纷' });
  return rendered;
}

const outbox = (store: LocalStore) => internalsOf(store).pendingEntries(100);

async function openSheet(button: string, title: string) {
  fireEvent.click(screen.getByRole('button', { name: button }));
  return within(await screen.findByRole('dialog', { name: title }));
}

describe('CaseDetailScreen: editing a saved case (real store, fake-indexeddb, offline)', () => {
  it('saves only the changed fields, locally, as one outbox entry', async () => {
    const { store } = await openCase();
    const before = await outbox(store);
    const sheet = await openSheet('编辑案件', '编辑案件');
    expect((sheet.getByLabelText(/简要案情/) as HTMLTextAreaElement).value).toBe('楼上漏水');
    fireEvent.change(sheet.getByLabelText(/简要案情/), { target: { value: '楼上漏水,水管已修好' } });
    fireEvent.click(sheet.getByRole('radio', { name: '较大' }));
    fireEvent.click(sheet.getByRole('button', { name: '保存修改' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = await store.getCase('c1');
    expect(saved?.case).toMatchObject({ facts: '楼上漏水,水管已修好', risk: 'major', type: 'neighbour' });
    expect(saved?.pending).toBe(true);
    const after = await outbox(store);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ name: 'case.edit', caseId: 'c1', args: { caseId: 'c1', changes: { facts: '楼上漏水,水管已修好', risk: 'major' } } });
    expect(Object.keys((after.at(-1)!.args as { changes: object }).changes).sort()).toEqual(['facts', 'risk']);
    expect(await screen.findAllByText('楼上漏水,水管已修好')).not.toHaveLength(0);
  });

  it('shows a Chinese error beside an invalid field, keeps everything typed, and saves nothing', async () => {
    const { store } = await openCase();
    const before = await outbox(store);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const sheet = await openSheet('编辑案件', '编辑案件');
    fireEvent.change(sheet.getByLabelText(/简要案情/), { target: { value: '双方多次争吵' } });
    fireEvent.click(sheet.getByLabelText('群体性纠纷'));
    fireEvent.change(sheet.getByLabelText(/涉及人数/), { target: { value: '3' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存修改' }));

    const people = sheet.getByLabelText(/涉及人数/) as HTMLInputElement;
    await waitFor(() => expect(people.getAttribute('aria-invalid')).toBe('true'));
    expect(sheet.getByText('群体性纠纷需填写涉及人数(至少5人)')).toBeTruthy();
    expect(people.value).toBe('3');
    expect((sheet.getByLabelText(/简要案情/) as HTMLTextAreaElement).value).toBe('双方多次争吵');
    expect(await outbox(store)).toHaveLength(before.length);
    expect((await store.getCase('c1'))?.case.facts).toBe('楼上漏水');

    // A stray Escape asks before throwing the input away; told no, the sheet stays as it was.
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(confirm).toHaveBeenCalledWith('填写的内容还没有保存,确定放弃吗?');
    expect(screen.getByRole('dialog', { name: '编辑案件' })).toBeTruthy();

    fireEvent.change(people, { target: { value: '6' } });
    expect(sheet.queryByText('群体性纠纷需填写涉及人数(至少5人)')).toBeNull();
    fireEvent.click(sheet.getByRole('button', { name: '保存修改' }));
    await waitFor(async () => expect((await store.getCase('c1'))?.case).toMatchObject({ facts: '双方多次争吵', isGroup: true, peopleInvolved: 6 }));
    expect(await outbox(store)).toHaveLength(before.length + 1);
  });

  it('corrects a party’s phone, keeping the ID number the sheet only shows masked', async () => {
    const { store } = await openCase();
    const sheet = await openSheet('编辑申请人张三', '修改当事人');
    expect((sheet.getByLabelText('姓名') as HTMLInputElement).value).toBe('张三');
    expect((sheet.getByLabelText('身份证号') as HTMLInputElement).value).toBe('');
    expect(sheet.getByText('已登记 110105********002X;不改请留空')).toBeTruthy();
    fireEvent.change(sheet.getByLabelText('手机号'), { target: { value: '12345' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await sheet.findByText('手机号应为11位数字,以13–19开头');
    fireEvent.change(sheet.getByLabelText('手机号'), { target: { value: '139 0013 9000' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const party = (await store.getCase('c1'))?.case.parties.p1;
    expect(party?.personal).toEqual({ name: '张三', phone: '13900139000', idNumber: '11010519491231002X' });
    expect((await outbox(store)).at(-1)).toMatchObject({ name: 'case.edit', args: { changes: { 'parties.p1': { id: 'p1' } } } });
  });
});

describe('CaseDetailScreen: the outcome as a person reads it', () => {
  it('shows the agreement text, a dash for no amount, and the performance the latest return visit found', async () => {
    const { store } = await openCase();
    await store.conclude('c1', {
      outcome: { code: 'success', concludedOn: today(), body: 'grid_worker', notes: '' },
      agreement: { form: 'oral', content: '楼上负责修复楼下墙面', amount: 0, courtConfirmation: 'none', performance: 'pending' },
    });
    await store.addFollowUp('c1', { id: 'f1', date: today(), visitor: '网格员01', performance: 'partial', satisfaction: 'satisfied', residualRisk: false, notes: '' });
    expect(await screen.findByText('楼上负责修复楼下墙面')).toBeTruthy();
    const terms = [...document.querySelectorAll('dl.kv dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(terms).toContainEqual(['协议涉及金额(元)', '—']);
    await waitFor(() => expect([...document.querySelectorAll('dl.kv dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])).toContainEqual(['履行情况', '部分履行']));
  });
});
