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
    fireEvent.change(sheet.getByLabelText(/简要案情/), { target: { value: '楼上漏水，水管已修好' } });
    fireEvent.click(sheet.getByRole('radio', { name: '黄色' }));
    fireEvent.click(sheet.getByRole('button', { name: '保存修改' }));
    // A changed grade is saved only with its reason.
    expect(await sheet.findByText('必填')).toBeTruthy();
    fireEvent.change(sheet.getByLabelText(/调整原因/), { target: { value: '双方多次争吵' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存修改' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = await store.getCase('c1');
    expect(saved?.case).toMatchObject({ facts: '楼上漏水，水管已修好', risk: 'yellow', type: 'neighbour' });
    expect(Object.values(saved!.case.riskChanges)).toMatchObject([{ to: 'yellow', reason: '双方多次争吵' }]);
    expect(saved?.pending).toBe(true);
    const after = await outbox(store);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ name: 'case.edit', caseId: 'c1', args: { caseId: 'c1', changes: { facts: '楼上漏水，水管已修好', risk: 'yellow' } } });
    expect(Object.keys((after.at(-1)!.args as { changes: object }).changes).sort()).toEqual(['facts', 'risk', `riskChanges.${Object.keys(saved!.case.riskChanges)[0]}`]);
    expect(await screen.findAllByText('楼上漏水，水管已修好')).not.toHaveLength(0);
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
    expect(sheet.getByText('群体性纠纷需填写涉及人数（至少5人）')).toBeTruthy();
    expect(people.value).toBe('3');
    expect((sheet.getByLabelText(/简要案情/) as HTMLTextAreaElement).value).toBe('双方多次争吵');
    expect(await outbox(store)).toHaveLength(before.length);
    expect((await store.getCase('c1'))?.case.facts).toBe('楼上漏水');

    // A stray Escape asks before throwing the input away; told no, the sheet stays as it was.
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(confirm).toHaveBeenCalledWith('填写的内容还没有保存，确定放弃吗？');
    expect(screen.getByRole('dialog', { name: '编辑案件' })).toBeTruthy();

    fireEvent.change(people, { target: { value: '6' } });
    expect(sheet.queryByText('群体性纠纷需填写涉及人数（至少5人）')).toBeNull();
    fireEvent.click(sheet.getByRole('button', { name: '保存修改' }));
    await waitFor(async () => expect((await store.getCase('c1'))?.case).toMatchObject({ facts: '双方多次争吵', isGroup: true, peopleInvolved: 6 }));
    expect(await outbox(store)).toHaveLength(before.length + 1);
  });

  it('compares sex and age typed later with the number on file, and keeps that number only for its own document type', async () => {
    const { store } = await openCase();
    const sheet = await openSheet('编辑申请人张三', '修改当事人');
    // 11010519491231002X: born 1949-12-31, 17th digit even (female).
    fireEvent.change(sheet.getByLabelText('性别'), { target: { value: 'male' } });
    expect(sheet.getByText(/^证件号码显示为女、\d+岁，与填写的不一致，请核对$/)).toBeTruthy();
    fireEvent.change(sheet.getByLabelText('性别'), { target: { value: 'female' } });
    expect(sheet.queryByText(/与填写的不一致/)).toBeNull();
    // Another document type: the resident ID number on file does not stand for it.
    fireEvent.change(sheet.getByLabelText('证件类型'), { target: { value: 'passport' } });
    expect(sheet.queryByText('已登记 110105********002X；不改请留空')).toBeNull();
    fireEvent.change(sheet.getByLabelText('证件号码'), { target: { value: 'e1234567' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const party = (await store.getCase('c1'))?.case.parties.p1;
    expect(party).toMatchObject({ kind: 'person', sex: 'female', personal: { idType: 'passport', idNumber: 'E1234567' } });
    expect(await screen.findByText('护照 E****567')).toBeTruthy();
  });

  it('corrects a party’s phone, keeping the ID number the sheet only shows masked', async () => {
    const { store } = await openCase();
    const sheet = await openSheet('编辑申请人张三', '修改当事人');
    expect((sheet.getByLabelText('姓名') as HTMLInputElement).value).toBe('张三');
    expect((sheet.getByLabelText('证件号码') as HTMLInputElement).value).toBe('');
    expect(sheet.getByText('已登记 110105********002X；不改请留空')).toBeTruthy();
    fireEvent.change(sheet.getByLabelText('联系电话'), { target: { value: '12345' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));
    await sheet.findByText('电话应为11位手机号（13–19开头）、带区号的固定电话（如010-84721234）或带国家代码的国际号码（如+44…）');
    fireEvent.change(sheet.getByLabelText('联系电话'), { target: { value: '139 0013 9000' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const party = (await store.getCase('c1'))?.case.parties.p1;
    // The party was stored on this phone before document types: it reads, and is saved back, as a 居民身份证.
    expect(party?.personal).toEqual({ name: '张三', idType: 'resident_id', phone: '13900139000', idNumber: '11010519491231002X' });
    expect(party?.kind).toBe('person');
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
    expect(terms).toContainEqual(['协议涉及金额（元）', '—']);
    await waitFor(() => expect([...document.querySelectorAll('dl.kv dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])).toContainEqual(['履行情况', '部分履行']));
  });

  it('writes every amount one way (3,000), the amount involved and the agreement’s alike', async () => {
    const { store } = await openCase();
    await store.editCase('c1', { amountInvolved: 3000 });
    await store.conclude('c1', {
      outcome: { code: 'success', concludedOn: today(), body: 'grid_worker', notes: '' },
      agreement: { form: 'oral', content: '赔偿3000元', amount: 3000, courtConfirmation: 'none', performance: 'pending' },
    });
    await waitFor(() => {
      const terms = new Map([...document.querySelectorAll('dl.kv dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
      expect([terms.get('涉及金额（元）'), terms.get('协议涉及金额（元）')]).toEqual(['3,000', '3,000']);
    });
  });
});

describe('CaseDetailScreen: dates in order before anything is saved', () => {
  it('says in Chinese that a conclusion cannot be before acceptance, and saves nothing', async () => {
    const { store } = await openCase();
    const before = await outbox(store);
    const sheet = await openSheet('登记结果', '登记结果');
    const yesterday = new Date(Date.parse(`${today()}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    fireEvent.change(sheet.getByLabelText(/办结日期/), { target: { value: yesterday } });
    fireEvent.click(sheet.getByRole('radio', { name: '调解成功' }));
    fireEvent.click(sheet.getByRole('radio', { name: '口头协议' }));
    fireEvent.change(sheet.getByLabelText(/口头协议内容/), { target: { value: '双方和解' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存结果' }));
    expect(await sheet.findByText('办结日期不能早于受理日期')).toBeTruthy();
    expect(await outbox(store)).toHaveLength(before.length);
    expect((await store.getCase('c1'))?.case.status).toBe('accepted');
  });

  it('refuses a session before acceptance in the form, and the store refuses one the form did not check', async () => {
    const { store } = await openCase();
    const before = await outbox(store);
    const sheet = await openSheet('＋ 添加调解记录', '添加调解记录');
    fireEvent.change(sheet.getByLabelText(/调解日期/), { target: { value: '2000-01-01' } });
    fireEvent.change(sheet.getByLabelText(/调解组织/), { target: { value: 'grid_worker' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存调解记录' }));
    expect(await sheet.findByText('调解日期应在受理之后、办结之前')).toBeTruthy();
    expect(await outbox(store)).toHaveLength(before.length);
    await expect(store.addFollowUp('c1', { id: 'f1', date: '2000-01-01', visitor: '网格员01', performance: 'fulfilled', satisfaction: 'satisfied', residualRisk: false, notes: '' })).rejects.toMatchObject({
      code: 'DATES_OUT_OF_ORDER',
    });
    expect(await outbox(store)).toHaveLength(before.length);
  });
});

describe('CaseDetailScreen: a new case the server refused', () => {
  it('stays open with its data, shows the reason in Chinese, and is sent again by editing and saving or by 重新提交', async () => {
    const { store } = await openCase();
    await internalsOf(store).applyPushResults([{ id: 1, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid case: facts TOO_LONG' }]);

    const notice = await screen.findByTestId('case-attention');
    expect(notice.textContent).toContain('“登记案件”未被服务器接受');
    expect(notice.textContent).toContain('服务器检查时认为有内容不符合要求');
    expect(notice.textContent).not.toContain('标出的字段');
    expect(notice.textContent).toContain('仍保存在本机');
    expect(screen.getByRole('heading', { level: 1, name: '张三 邻里纠纷' })).toBeTruthy();
    expect(screen.getAllByText('楼上漏水').length).toBeGreaterThan(0);
    expect(within(notice).queryByRole('button', { name: '知道了' })).toBeNull();

    fireEvent.click(within(notice).getByRole('button', { name: '重新提交' }));
    await waitFor(() => expect(screen.queryByTestId('case-attention')).toBeNull());
    expect(await outbox(store)).toMatchObject([{ id: 2, name: 'case.create', args: { case: { id: 'c1', facts: '楼上漏水' } } }]);

    // Refused again; this time corrected in the form: the save sends the case again with the correction.
    await internalsOf(store).applyPushResults([{ id: 2, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid case' }]);
    await screen.findByTestId('case-attention');
    const sheet = await openSheet('编辑案件', '编辑案件');
    fireEvent.change(sheet.getByLabelText(/简要案情/), { target: { value: '楼上漏水，已核对' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存修改' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(screen.queryByTestId('case-attention')).toBeNull());
    const [create] = await outbox(store);
    expect(create).toMatchObject({ id: 3, name: 'case.create', args: { case: { facts: '楼上漏水，已核对' } } });
  });
});
