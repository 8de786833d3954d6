import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { writeSession } from '../../api/session.ts';
import { renderOffline } from '../../test/render-app.tsx';
import CaseDetailScreen from '../case-detail-screen.tsx';
import { today } from '../deadlines.ts';
import { rememberLastUsed } from '../../components/last-used.tsx';

afterEach(() => {
  localStorage.clear();
  vi.unstubAllGlobals();
  writeSession(null);
});

describe('concluding a case', () => {
  it('pre-chooses neither 调解结果, 调解组织 nor 协议形式 (all are counted in the report) and saves once the worker picks', async () => {
    const { store } = await renderOffline(<CaseDetailScreen caseId="c1" />);
    await store.createCase({ id: 'c1', gridId: 'g01', type: 'neighbour', source: 'proactive', facts: '楼上漏水', reportedOn: today(), acceptedOn: today() });
    fireEvent.click(await screen.findByRole('button', { name: '登记结果' }));
    const sheet = within(await screen.findByRole('dialog', { name: '登记结果' }));
    expect(sheet.getAllByRole('radio').filter((r) => (r as HTMLInputElement).checked)).toEqual([]);
    fireEvent.click(sheet.getByRole('button', { name: '保存结果' }));
    expect((await sheet.findAllByText('必填')).length).toBeGreaterThan(0);
    expect((await store.getCase('c1'))!.case.status).toBe('accepted');

    fireEvent.click(sheet.getByRole('radio', { name: '调解成功' }));
    expect(sheet.getAllByRole('radio', { checked: true }).map((r) => r.getAttribute('name'))).toEqual(['outcome']);
    fireEvent.click(sheet.getByRole('button', { name: '保存结果' }));
    expect((await sheet.findAllByText('必填')).length).toBeGreaterThan(0);
    expect((await store.getCase('c1'))!.case.status).toBe('accepted');

    fireEvent.click(sheet.getByRole('radio', { name: '书面协议' }));
    const body = sheet.getByLabelText(/调解组织/) as HTMLSelectElement;
    expect(body.value).toBe('');
    fireEvent.click(sheet.getByRole('button', { name: '保存结果' }));
    await waitFor(() => expect(body.getAttribute('aria-invalid')).toBe('true'));
    expect((await store.getCase('c1'))!.case.status).toBe('accepted');
    // The first time, the body of the case's handling level is one visible tap away.
    fireEvent.click(sheet.getByRole('button', { name: '按办理层级：网格员' }));
    expect(body.value).toBe('grid_worker');
    // 司法确认 and 履行情况 are counted in the statistics tables: both are 请选择 and required, the error under each.
    const court = sheet.getByLabelText(/司法确认/) as HTMLSelectElement;
    const performance = sheet.getByLabelText(/履行情况/) as HTMLSelectElement;
    expect([court.value, performance.value]).toEqual(['', '']);
    fireEvent.click(sheet.getByRole('button', { name: '保存结果' }));
    await waitFor(() => expect(court.getAttribute('aria-invalid')).toBe('true'));
    expect(performance.getAttribute('aria-invalid')).toBe('true');
    expect((await store.getCase('c1'))!.case.status).toBe('accepted');
    fireEvent.change(court, { target: { value: 'applied' } });
    fireEvent.change(performance, { target: { value: 'fulfilled' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存结果' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = (await store.getCase('c1'))!.case;
    expect([saved.status, saved.outcome?.code, saved.agreement?.form, saved.agreement?.courtConfirmation, saved.agreement?.performance]).toEqual(['concluded', 'success', 'written', 'applied', 'fulfilled']);
  });

  it('offers what this worker last chose for 司法确认 and 履行情况 as one visible tap, not as a pre-chosen value', async () => {
    const { store, user } = await renderOffline(<CaseDetailScreen caseId="c2" />);
    await store.createCase({ id: 'c2', gridId: 'g01', type: 'neighbour', source: 'proactive', facts: '占道', reportedOn: today(), acceptedOn: today() });
    rememberLastUsed(user.id, 'courtConfirmation', 'none');
    rememberLastUsed(user.id, 'agreementPerformance', 'pending');
    fireEvent.click(await screen.findByRole('button', { name: '登记结果' }));
    const sheet = within(await screen.findByRole('dialog', { name: '登记结果' }));
    fireEvent.click(sheet.getByRole('radio', { name: '调解成功' }));
    fireEvent.click(sheet.getByRole('radio', { name: '书面协议' }));
    const court = sheet.getByLabelText(/司法确认/) as HTMLSelectElement;
    const performance = sheet.getByLabelText(/履行情况/) as HTMLSelectElement;
    expect([court.value, performance.value]).toEqual(['', '']);
    fireEvent.click(sheet.getByRole('button', { name: '用上次的：未申请' }));
    fireEvent.click(sheet.getByRole('button', { name: '用上次的：待履行' }));
    expect([court.value, performance.value]).toEqual(['none', 'pending']);
    expect(sheet.queryByRole('button', { name: /用上次的/ })).toBeNull();
  });
});
