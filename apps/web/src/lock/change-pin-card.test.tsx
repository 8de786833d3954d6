import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { readSignedOutReason } from '../api/signed-out.ts';
import { openLocalStore } from '../storage/local-store.ts';
import { localLockOf } from '../storage/store-internals.ts';
import { demoUsers } from '../storage/testing/fixtures.ts';
import { ChangePinCard } from './change-pin-card.tsx';

const PIN = '482615';
const NEW_PIN = '739018';
const recoveryKey = btoa(String.fromCharCode(...new Uint8Array(32).fill(9))).replace(/\+/g, '-').replace(/\//g, '_');

async function lockedPhone() {
  const store = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'grid01-phone-1', indexedDB: new IDBFactory(), IDBKeyRange });
  const lock = localLockOf(store);
  await lock.setPin(PIN, recoveryKey);
  return { store, lock };
}

function type(pin: string) {
  for (const d of pin) fireEvent.click(screen.getByRole('button', { name: `数字${d}` }));
  fireEvent.click(screen.getByRole('button', { name: '✓' }));
}

const step = () => document.querySelector('[data-change-pin]')!.getAttribute('data-change-pin');

describe('ChangePinCard (我的 → 修改PIN码)', () => {
  it('asks for the current PIN and the new one twice, refuses a simple or mismatched one, and the new PIN unlocks', async () => {
    const { store, lock } = await lockedPhone();
    render(<ChangePinCard lock={lock} />);
    fireEvent.click(screen.getByRole('button', { name: '修改PIN码' }));
    await screen.findByText('输入当前PIN码');
    type(PIN);
    await screen.findByText('输入新的PIN码');
    // Confirm waits for six digits when a new PIN is typed.
    for (const d of '7390') fireEvent.click(screen.getByRole('button', { name: `数字${d}` }));
    expect(screen.getByRole('button', { name: '✓' })).toHaveProperty('disabled', true);
    for (let i = 0; i < 4; i++) fireEvent.click(screen.getByRole('button', { name: '删除' }));
    type('123456');
    expect((await screen.findByRole('alert')).textContent).toContain('PIN码须为6位数字');
    type(NEW_PIN);
    await screen.findByText('请再输入一次');
    type('739019');
    expect((await screen.findByRole('alert')).textContent).toBe('两次输入的PIN码不一致，请重新设置');
    expect(step()).toBe('new');
    type(NEW_PIN);
    await screen.findByText('请再输入一次');
    type(NEW_PIN);
    await screen.findByText('PIN码已修改，下次解锁请使用新的PIN码。');
    lock.lock();
    expect(await lock.unlock(PIN)).toMatchObject({ ok: false, code: 'WRONG_PIN' });
    expect(await lock.unlock(NEW_PIN)).toEqual({ ok: true });
    store.close();
  });

  it('a wrong current PIN says the tries left (shared with unlocking); the fifth ends the session as the lock screen does', async () => {
    const { store, lock } = await lockedPhone();
    render(<ChangePinCard lock={lock} />);
    fireEvent.click(screen.getByRole('button', { name: '修改PIN码' }));
    for (let left = 4; left >= 0; left--) {
      await screen.findByText('输入当前PIN码');
      type('999901');
      await screen.findByText('输入新的PIN码');
      type(NEW_PIN);
      await screen.findByText('请再输入一次');
      type(NEW_PIN);
      if (left > 0) expect((await screen.findByRole('alert')).textContent).toBe(`当前PIN码不正确，还可尝试${left}次（与解锁共用次数）`);
    }
    await waitFor(() => expect(readSignedOutReason()).toBe('PIN_DISCARDED'));
    expect(await lock.status()).toBe('discarded');
    store.close();
  });
});
