import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { writeSession } from '../../api/session.ts';
import { renderOffline } from '../../test/render-app.tsx';
import CaseDetailScreen from '../case-detail-screen.tsx';
import { today } from '../deadlines.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

describe('a return visit', () => {
  it('does not pre-choose 履行情况 or 满意度 (both change the ledger), and offers the last 履行情况 as one visible tap', async () => {
    const { store } = await renderOffline(<CaseDetailScreen caseId="c1" />);
    await store.createCase({ id: 'c1', gridId: 'g01', type: 'neighbour', source: 'proactive', facts: '楼上漏水', reportedOn: today(), acceptedOn: today() });
    await store.conclude('c1', {
      outcome: { code: 'success', concludedOn: today(), body: 'grid_worker', notes: '' },
      agreement: { form: 'oral', content: '楼上负责修复', amount: 0, courtConfirmation: 'none', performance: 'pending' },
    });
    const openSheet = async () => {
      fireEvent.click(await screen.findByRole('button', { name: /添加回访/ }));
      return within(await screen.findByRole('dialog', { name: '添加回访' }));
    };
    let sheet = await openSheet();
    const performance = sheet.getByLabelText(/履行情况/) as HTMLSelectElement;
    expect(performance.value).toBe('');
    const satisfaction = sheet.getByLabelText(/满意度/) as HTMLSelectElement;
    expect(satisfaction.value).toBe('');
    expect(sheet.queryByRole('button', { name: /用上次的/ })).toBeNull();
    fireEvent.click(sheet.getByRole('button', { name: '保存回访' }));
    await waitFor(() => expect(performance.getAttribute('aria-invalid')).toBe('true'));
    expect(Object.keys((await store.getCase('c1'))!.case.followUps)).toEqual([]);

    expect(satisfaction.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(performance, { target: { value: 'partial' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存回访' }));
    await waitFor(() => expect(performance.getAttribute('aria-invalid')).not.toBe('true'));
    expect(Object.keys((await store.getCase('c1'))!.case.followUps)).toEqual([]);
    fireEvent.change(satisfaction, { target: { value: 'satisfied' } });
    fireEvent.click(sheet.getByRole('button', { name: '保存回访' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(Object.values((await store.getCase('c1'))!.case.followUps).map((f) => f.performance)).toEqual(['partial']);

    sheet = await openSheet();
    expect((sheet.getByLabelText(/履行情况/) as HTMLSelectElement).value).toBe('');
    fireEvent.click(sheet.getByRole('button', { name: '用上次的：部分履行' }));
    expect((sheet.getByLabelText(/履行情况/) as HTMLSelectElement).value).toBe('partial');
  });
});
