import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { caseSchema, type DisputeCase } from '@tiaojie/domain';
import { writeSession } from '../../api/session.ts';
import { renderOffline } from '../../test/render-app.tsx';
import { PartyList } from './party-list.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  writeSession(null);
});

/** A case as the server discloses it to staff: ID number and phone masked, with their keyed hashes. */
function maskedCase(): DisputeCase {
  return caseSchema.parse({
    id: 'c1', gridId: 'g01', type: 'neighbour', source: 'proactive', facts: '楼上漏水', reportedOn: '2026-03-01', acceptedOn: '2026-03-02',
    isGroup: false, peopleInvolved: 2, createdBy: 'u-1', createdAt: '2026-03-02T01:00:00.000Z', status: 'accepted', handlingNodeId: 'g01',
    handlingLevel: 'grid', escalations: {}, outcome: null, conflicts: {},
    parties: {
      p1: {
        id: 'p1', role: 'applicant', kind: 'person',
        personal: { name: '赵立新', idType: 'resident_id', idNumberMasked: '110101********4477', idHash: 'h1', phoneMasked: '139****5678', phoneHash: 'h2' },
      },
    },
  });
}

describe('PartyList with masked parties', () => {
  it('shows masked values, and 查看完整 asks for a reason and shows the whole values for this view', async () => {
    await renderOffline(<PartyList item={maskedCase()} editable={false} />);
    expect(await screen.findByText('居民身份证 110101********4477')).toBeTruthy();
    expect(screen.getByText('139****5678')).toBeTruthy();
    const calls: { url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ caseId: 'c1', partyId: 'p1', personal: { name: '赵立新', idNumber: '110101199003074477', phone: '13912345678' } }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    fireEvent.click(screen.getByRole('button', { name: '查看完整' }));
    fireEvent.click(await screen.findByRole('button', { name: '查看' }));
    // No reason, no request.
    expect(calls.filter((c) => !c.url.startsWith('/api/sync/'))).toHaveLength(0);
    fireEvent.change(screen.getByLabelText(/查看原因/), { target: { value: '电话回访' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '查看' }));
    });
    // Only the reveal: the screen's own syncing (pulls) is not what this test is about.
    expect(calls.filter((c) => !c.url.startsWith('/api/sync/'))).toEqual([{ url: '/api/cases/c1/parties/p1/reveal', body: { reason: '电话回访' } }]);
    expect(await screen.findByText('居民身份证 110101199003074477')).toBeTruthy();
    expect(screen.getByText('13912345678')).toBeTruthy();
    expect(screen.getByText(/仅本次显示/)).toBeTruthy();
  });

  it('says offline that showing the whole values needs a connection', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    await renderOffline(<PartyList item={maskedCase()} editable={false} />);
    expect(await screen.findByText('查看完整信息需要联网')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '查看完整' })).toBeNull();
  });
});
