import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { periodOfDay, toShanghaiDate } from '@tiaojie/domain';
import { writeSession } from '../api/session.ts';
import type { LocalStore } from '../storage/index.ts';
import { internalsOf } from '../storage/store-internals.ts';
import { renderOffline } from '../test/render-app.tsx';
import NilReportCard from './nil-report-card.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

const period = () => periodOfDay(toShanghaiDate(new Date()));
const outbox = async (store: LocalStore) => (await internalsOf(store).pendingEntries(100)).map((e) => e.name);
const sleep = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

// A short undo time keeps the tests quick; the card's own default is NIL_REPORT_UNDO_MS (3 s).
const UNDO_MS = 900;

/** The home screen's card, and a way to leave the screen (the card unmounts; the signed-in app stays). */
function Home() {
  const [shown, setShown] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setShown(false)}>leave</button>
      {shown ? <NilReportCard undoMs={UNDO_MS} /> : null}
    </>
  );
}

async function openCard() {
  const rendered = await renderOffline(<Home />);
  const card = within(await screen.findByTestId('nil-report'));
  return { ...rendered, card };
}

describe('NilReportCard: one tap, offline, with a short time to undo (real store, fake-indexeddb)', () => {
  it('files after the undo time with no second tap', async () => {
    const { store, card } = await openCard();
    fireEvent.click(card.getByRole('button', { name: '一键零上报' }));
    expect(card.getByRole('status').textContent).toBe('正在零上报…');
    expect(card.getByRole('button', { name: '撤销' })).toBeTruthy();
    expect(await outbox(store)).toEqual([]);
    await card.findByText(`✓ 已零上报（${period()}）`, {}, { timeout: 3000 });
    expect(card.queryByRole('button', { name: '撤销' })).toBeNull();
    expect(await outbox(store)).toEqual(['nilReport.file']);
    expect((await store.nilReportState('g01', period())).filed).toMatchObject({ gridId: 'g01', period: period() });
  });

  it('撤销 within the time writes nothing and offers the one tap again', async () => {
    const { store, card } = await openCard();
    fireEvent.click(card.getByRole('button', { name: '一键零上报' }));
    await sleep(450);
    fireEvent.click(card.getByRole('button', { name: '撤销' }));
    card.getByRole('button', { name: '一键零上报' });
    await sleep(UNDO_MS + 200);
    expect(await outbox(store)).toEqual([]);
    expect((await store.nilReportState('g01', period())).filed).toBeNull();
    expect(card.queryByText(/已零上报/)).toBeNull();
  });

  it('a double tap files: the second tap, landing on 撤销 at once, is not an undo', async () => {
    const { store, card } = await openCard();
    fireEvent.click(card.getByRole('button', { name: '一键零上报' }));
    fireEvent.click(card.getByRole('button', { name: '撤销' }));
    await card.findByText(`✓ 已零上报（${period()}）`, {}, { timeout: 3000 });
    expect(await outbox(store)).toEqual(['nilReport.file']);
  });

  it('leaving the screen within the undo time still files', async () => {
    const { store, card } = await openCard();
    fireEvent.click(card.getByRole('button', { name: '一键零上报' }));
    fireEvent.click(screen.getByRole('button', { name: 'leave' }));
    expect(screen.queryByTestId('nil-report')).toBeNull();
    await waitFor(async () => expect(await outbox(store)).toEqual(['nilReport.file']));
    await sleep(UNDO_MS + 200);
    expect(await outbox(store)).toEqual(['nilReport.file']);
  });
});
