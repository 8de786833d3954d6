import { afterEach, describe, expect, it, vi } from 'vitest';
import { ageOn, textLimits } from '@tiaojie/domain';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { writeSession } from '../api/session.ts';
import { renderOffline, testUser } from '../test/render-app.tsx';
import { hasDirtyForms, hasUnsavedInput } from '../pwa/dirty-forms.ts';
import { StoreProvider } from '../app/store-context.tsx';
import CaseFormScreen from './case-form-screen.tsx';
import { today } from './deadlines.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

async function fillValid(name = '张三') {
  fireEvent.change(await screen.findByLabelText(/纠纷类型/), { target: { value: 'neighbour' } });
  fireEvent.change(screen.getByLabelText(/案件来源/), { target: { value: 'party_applied' } });
  fireEvent.click(screen.getByRole('radio', { name: '蓝色' }));
  fireEvent.change(screen.getByLabelText(/简要案情/), { target: { value: '楼上漏水' } });
  fireEvent.change(screen.getAllByLabelText('姓名')[0]!, { target: { value: name } });
}

describe('CaseFormScreen (real store, fake-indexeddb, offline)', () => {
  it('shows Chinese errors beside the fields and saves nothing while invalid', async () => {
    const { store } = await renderOffline(<CaseFormScreen />);
    fireEvent.change(await screen.findAllByLabelText('联系电话').then((l) => l[0]!), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: '保存案件' }));
    const type = screen.getByLabelText(/纠纷类型/);
    await waitFor(() => expect(type.getAttribute('aria-invalid')).toBe('true'));
    // The message is tied to its field for screen readers.
    const describedBy = type.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy.split(' ')[0]!)?.textContent).toBe('必填');
    expect(screen.getByText('电话应为11位手机号（13–19开头）、带区号的固定电话（如010-84721234）或带国家代码的国际号码（如+44…）')).toBeTruthy();
    expect((await store.listCases()).total).toBe(0);
    // Correcting a field takes its message away at once; the others stay until the next save.
    fireEvent.change(screen.getAllByLabelText('联系电话')[0]!, { target: { value: '13800138000' } });
    expect(screen.queryByText('电话应为11位手机号（13–19开头）、带区号的固定电话（如010-84721234）或带国家代码的国际号码（如+44…）')).toBeNull();
    expect(type.getAttribute('aria-invalid')).toBe('true');
  });

  it('says how long facts may be when they are too long, before saving anything', async () => {
    const { store } = await renderOffline(<CaseFormScreen />);
    await fillValid();
    // (pasted text: the field itself does not cut it off silently)
    fireEvent.change(screen.getByLabelText(/简要案情/), { target: { value: '案'.repeat(textLimits.facts + 1) } });
    fireEvent.click(screen.getByRole('button', { name: '保存案件' }));
    expect(await screen.findByText(`内容过长，最多 ${textLimits.facts} 字`)).toBeTruthy();
    expect(screen.getByLabelText(/简要案情/).getAttribute('aria-invalid')).toBe('true');
    expect((await store.listCases()).total).toBe(0);
  });

  it('saves a valid case durably, in the local store, and opens it', async () => {
    const { store } = await renderOffline(<CaseFormScreen />);
    await fillValid();
    await waitFor(() => expect(hasDirtyForms()).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: '保存案件' }));
    await waitFor(() => expect(window.location.pathname).toMatch(/^\/cases\/[0-9a-f-]{36}$/));
    const id = window.location.pathname.split('/').pop()!;
    const saved = await store.getCase(id);
    expect(saved?.case).toMatchObject({ type: 'neighbour', facts: '楼上漏水', gridId: 'g01', status: 'accepted', acceptedOn: today() });
    expect(saved?.pending).toBe(true);
    expect(await store.hasUnsynced()).toBe(true);
    // No late draft write brings the saved case back as the next form's draft.
    await new Promise((r) => setTimeout(r, 600));
    expect(await store.loadDraft('new-case')).toBeUndefined();
  });

  it('keeps a draft across a reload (unmount and mount again)', async () => {
    const user = testUser();
    const first = await renderOffline(<CaseFormScreen />, user);
    await fillValid('李四');
    await waitFor(async () => expect(await first.store.loadDraft('new-case')).toBeTruthy(), { timeout: 2000 });
    first.unmount();
    await renderOffline(<CaseFormScreen />, user);
    await waitFor(() => expect((screen.getByLabelText(/简要案情/) as HTMLTextAreaElement).value).toBe('楼上漏水'));
    expect((screen.getAllByLabelText('姓名')[0] as HTMLInputElement).value).toBe('李四');
  });

  it('writes the draft when the screen is left at once, before the delayed draft save would run', async () => {
    const user = testUser();
    const first = await renderOffline(<CaseFormScreen />, user);
    await fillValid('赵六');
    expect(await first.store.loadDraft('new-case')).toBeUndefined();
    // Another screen replaces the form; the signed-in app (its store) stays.
    first.rerender(<StoreProvider user={user}>{null}</StoreProvider>);
    await waitFor(async () => expect(await first.store.loadDraft('new-case')).toMatchObject({ facts: '楼上漏水' }));
    expect(hasUnsavedInput()).toBe(false);
  });

  it('warns about a likely duplicate (same party name within 90 days) before saving', async () => {
    const { store } = await renderOffline(<CaseFormScreen />);
    await store.createCase({
      id: 'earlier-case',
      gridId: 'g01',
      type: 'neighbour',
      source: 'proactive',
      facts: '此前的纠纷',
      reportedOn: today(),
      acceptedOn: today(),
      parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '王五' } } },
    });
    await fillValid('王五');
    fireEvent.click(screen.getByRole('button', { name: '保存案件' }));
    const dialog = await screen.findByRole('dialog', { name: '可能是重复案件' });
    expect(dialog.textContent).toContain('姓名相同');
    expect((await store.listCases()).total).toBe(1);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '仍然保存' })));
    await waitFor(async () => expect((await store.listCases()).total).toBe(2));
  });

  it('matches an organisation by credit code, and a landline however it is written', async () => {
    const { store } = await renderOffline(<CaseFormScreen />);
    await store.createCase({
      id: 'earlier-org-case',
      gridId: 'g01',
      type: 'property_management',
      source: 'proactive',
      facts: '此前的物业纠纷',
      reportedOn: today(),
      acceptedOn: today(),
      parties: {
        p1: { id: 'p1', role: 'respondent', kind: 'organisation', personal: { name: '旧名物业公司', creditCode: '91110105MA01ABCD13', phone: '010-84721234' } },
      },
    });
    await fillValid('赵六');
    const kind = screen.getAllByLabelText('当事人类型')[1]!;
    fireEvent.change(kind, { target: { value: 'organisation' } });
    fireEvent.change(screen.getByLabelText('单位名称'), { target: { value: '清河物业服务有限公司' } });
    fireEvent.change(screen.getByLabelText('统一社会信用代码'), { target: { value: '91110105ma01abcd13' } });
    fireEvent.change(screen.getByLabelText('联系人电话'), { target: { value: '(010) 8472 1234' } });
    fireEvent.click(screen.getByRole('button', { name: '保存案件' }));
    const dialog = await screen.findByRole('dialog', { name: '可能是重复案件' });
    expect(dialog.textContent).toContain('统一社会信用代码相同');
    expect(dialog.textContent).toContain('电话相同');
    expect(dialog.textContent).not.toContain('姓名相同');
  });

  it('fills sex and age from a 2023 permanent-residence card and warns when they were typed otherwise', async () => {
    await renderOffline(<CaseFormScreen />);
    await fillValid('John Smith');
    fireEvent.change(screen.getAllByLabelText('证件类型')[0]!, { target: { value: 'foreign_permanent' } });
    // 911156198501010012: born 1985-01-01, 17th digit odd (male), check digit 2 by MOD 11-2.
    fireEvent.change(screen.getAllByLabelText('证件号码')[0]!, { target: { value: '911156198501010012' } });
    const age = ageOn('1985-01-01', today());
    expect((screen.getAllByLabelText('性别')[0] as HTMLSelectElement).value).toBe('male');
    expect((screen.getAllByLabelText('年龄')[0] as HTMLInputElement).value).toBe(String(age));
    expect(screen.getByText('已按证件号码填入性别、年龄')).toBeTruthy();
    fireEvent.change(screen.getAllByLabelText('性别')[0]!, { target: { value: 'female' } });
    expect(screen.getByText(`证件号码显示为男、${age}岁，与填写的不一致，请核对`)).toBeTruthy();
  });

  it('pre-chooses no 案件来源 or 风险等级 (both change reported figures), then offers the last pick as one tap', async () => {
    const user = testUser();
    const first = await renderOffline(<CaseFormScreen />, user);
    const source = (await screen.findByLabelText(/案件来源/)) as HTMLSelectElement;
    expect(source.value).toBe('');
    expect(screen.getAllByRole('radio').filter((r) => (r as HTMLInputElement).checked && (r as HTMLInputElement).name === 'risk')).toEqual([]);
    expect(screen.queryByRole('button', { name: /用上次的/ })).toBeNull();
    // A quick registration (type, facts, a name) is refused until both are picked.
    fireEvent.change(screen.getByLabelText(/纠纷类型/), { target: { value: 'neighbour' } });
    fireEvent.change(screen.getByLabelText(/简要案情/), { target: { value: '楼上漏水' } });
    fireEvent.change(screen.getAllByLabelText('姓名')[0]!, { target: { value: '张三' } });
    fireEvent.click(screen.getByRole('button', { name: '保存案件' }));
    await waitFor(() => expect(source.getAttribute('aria-invalid')).toBe('true'));
    expect((await first.store.listCases()).total).toBe(0);
    fireEvent.change(source, { target: { value: 'referral_police' } });
    // A police hand-over names its station (or number): the channel's fields appear under the source.
    fireEvent.change(await screen.findByLabelText(/派出所/), { target: { value: '清河派出所' } });
    fireEvent.click(screen.getByRole('radio', { name: '黄色' }));
    fireEvent.click(screen.getByRole('button', { name: '保存案件' }));
    await waitFor(async () => expect((await first.store.listCases()).items.map((c) => c.type)).toEqual(['neighbour']));
    first.unmount();

    // The next case: still nothing chosen, the last picks offered visibly.
    await renderOffline(<CaseFormScreen />, user);
    const next = (await screen.findByLabelText(/案件来源/)) as HTMLSelectElement;
    expect(next.value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: '用上次的：公安机关移交' }));
    expect(next.value).toBe('referral_police');
    expect(screen.queryByRole('button', { name: '用上次的：公安机关移交' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '用上次的：黄色' }));
    expect((screen.getByRole('radio', { name: '黄色' }) as HTMLInputElement).checked).toBe(true);
  });
});
