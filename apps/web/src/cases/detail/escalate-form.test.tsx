import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { writeSession } from '../../api/session.ts';
import { Toaster } from '../../components/toast.tsx';
import { renderOffline } from '../../test/render-app.tsx';
import CaseDetailScreen from '../case-detail-screen.tsx';
import { today } from '../deadlines.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

describe('escalating from a grid phone', () => {
  it('says before confirming what will happen, by the unit name when known, and again after saving', async () => {
    const rendered = await renderOffline(
      <>
        <CaseDetailScreen caseId="c1" />
        <Toaster />
      </>,
    );
    localStorage.setItem(`tiaojie.orgAncestors.${rendered.user.id}`, JSON.stringify([{ id: 'c1', parentId: 's1', kind: 'community', name: '东湖社区', path: '/d1/s1/c1/' }]));
    await rendered.store.createCase({
      id: 'c1', gridId: 'g01', type: 'neighbour', source: 'proactive', facts: '楼上漏水', reportedOn: today(), acceptedOn: today(),
      parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '王建国' } } },
    });
    fireEvent.click(await screen.findByRole('button', { name: '上报' }));
    const sheet = within(await screen.findByRole('dialog', { name: '上报' }));
    expect(sheet.getByTestId('escalate-will-leave').textContent).toBe('上报后案件交由东湖社区办理。同步后它不再出现在您的在办列表中，您仍可在“案件 → 状态：已上报”中查看记录。');
    fireEvent.change(sheet.getByLabelText(/上报原因/), { target: { value: '调解不成' } });
    fireEvent.click(sheet.getByRole('button', { name: '确认上报' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('已上报至东湖社区，案件交由其办理。同步后可在“案件 → 已上报”中查看记录。')).toBeTruthy();
  });
});
