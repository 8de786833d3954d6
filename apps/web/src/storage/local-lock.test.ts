import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.ts';
import { pinProblem } from './pin-rules.ts';
import { readLockRecord } from './local-lock.ts';
import { pinKey, unwrap, wrap } from './lock-keys.ts';
import { internalsOf, localLockOf } from './store-internals.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';

const NAME = '欧阳秀英';
const ID = '110101199003074477';
const PHONE = '13912345678';
const PIN = '482615';
const recoveryKey = (seed: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(seed))).replace(/\+/g, '-').replace(/\//g, '_');

const party = { p1: { id: 'p1', role: 'applicant' as const, kind: 'person' as const, personal: { name: NAME, idType: 'resident_id' as const, idNumber: ID, phone: PHONE, address: '东湖路8号' } } };

async function open(idb: IDBFactory) {
  return openLocalStore({ user: demoUsers.grid01!, deviceId: 'grid01-phone-1', indexedDB: idb, IDBKeyRange });
}

/** Everything the browser keeps for this user's database, read without the store (what a stolen disk shows). */
async function rawContent(idb: IDBFactory): Promise<string> {
  const raw = new Dexie('tiaojie-u-grid01', { indexedDB: idb, IDBKeyRange });
  await raw.open();
  const parts: string[] = [];
  const decoder = new TextDecoder();
  for (const table of raw.tables) {
    for (const row of await table.toArray()) {
      parts.push(JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? decoder.decode(v) : v)));
    }
  }
  raw.close();
  return parts.join('\n');
}

describe('PIN lock and local encryption', () => {
  it('refuses trivial PINs', () => {
    for (const pin of ['000000', '123456', '654321', '890123', '121212', '520520', '112233', '147258']) expect(pinProblem(pin), pin).toBe('TOO_SIMPLE');
    // Six digits: ten thousand 4-digit PINs fall to an offline guesser within minutes (see pin-rules.ts).
    for (const pin of ['4826', '80731', '12a456', '1234567', '']) expect(pinProblem(pin), pin).toBe('FORMAT');
    for (const pin of ['482615', '193754', '807315']) expect(pinProblem(pin), pin).toBeNull();
  });

  it('seals what was stored before the PIN and everything after: no name, ID number or phone in clear, lists and duplicate check still work', async () => {
    const idb = new IDBFactory();
    const store = await open(idb);
    await store.createCase(newCase('c-1', 'g01', { parties: party }));
    expect(await rawContent(idb)).toContain(ID);
    await expect(localLockOf(store).setPin('123456', recoveryKey(1))).rejects.toMatchObject({ code: 'PIN_TOO_SIMPLE' });
    await localLockOf(store).setPin(PIN, recoveryKey(1));
    await store.createCase(newCase('c-2', 'g01', { parties: { p1: { ...party.p1, personal: { ...party.p1.personal, name: '司马建国' } } } }));
    await store.addPhoto('c-2', { blob: new Blob([`photo of ${NAME}`], { type: 'image/jpeg' }), kind: 'scene' });
    await store.saveDraft('case-form', { name: NAME });
    const raw = await rawContent(idb);
    for (const secret of [NAME, '司马建国', ID, PHONE, '东湖路8号', `photo of`]) expect(raw, secret).not.toContain(secret);

    expect((await store.listCases()).items.map((s) => s.partyNames).sort()).toEqual([[NAME], ['司马建国']].sort());
    expect((await store.listCases({ text: '司马' })).items.map((s) => s.id)).toEqual(['c-2']);
    const dupes = await store.findPossibleDuplicates({ name: NAME, phone: PHONE, withinDays: 100_000 });
    expect(dupes.map((d) => [d.summary.id, d.matchedOn])).toEqual(expect.arrayContaining([['c-1', ['name', 'phone']], ['c-2', ['phone']]]));
    expect((await store.getCase('c-1'))!.case.parties.p1!.personal).toMatchObject({ name: NAME, idNumber: ID });
    expect(await store.loadDraft('case-form')).toEqual({ name: NAME });
    store.close();
  });

  it('locks on every opening; a wrong PIN says how many tries are left and the right one opens the data', async () => {
    const idb = new IDBFactory();
    const first = await open(idb);
    await localLockOf(first).setPin(PIN, recoveryKey(1));
    await first.createCase(newCase('c-1', 'g01', { parties: party }));
    first.close();

    const store = await open(idb);
    expect(await localLockOf(store).status()).toBe('locked');
    expect(internalsOf(store).isLocked()).toBe(true);
    await expect(store.getCase('c-1')).rejects.toMatchObject({ code: 'LOCAL_LOCKED' });
    await expect(store.createCase(newCase('c-9'))).rejects.toMatchObject({ code: 'LOCAL_LOCKED' });
    expect(await localLockOf(store).unlock('999901')).toEqual({ ok: false, code: 'WRONG_PIN', attemptsLeft: 4 });
    expect(await localLockOf(store).unlock(PIN)).toEqual({ ok: true });
    expect((await store.getCase('c-1'))!.case.parties.p1!.personal.name).toBe(NAME);
    localLockOf(store).lock();
    await expect(store.listCases()).rejects.toMatchObject({ code: 'LOCAL_LOCKED' });
    // The count starts again after a right PIN.
    expect(await localLockOf(store).unlock('999901')).toEqual({ ok: false, code: 'WRONG_PIN', attemptsLeft: 4 });
    store.close();
  });

  it('after five wrong PINs: the PIN no longer opens anything; unsynced work stays sealed and comes back only with this device’s recovery key', async () => {
    const idb = new IDBFactory();
    const first = await open(idb);
    await localLockOf(first).setPin(PIN, recoveryKey(7));
    await first.createCase(newCase('c-1', 'g01', { parties: party }));
    await first.saveDraft('case-form', { name: NAME });
    first.close();

    const store = await open(idb);
    const lock = localLockOf(store);
    for (let i = 0; i < 4; i++) expect((await lock.unlock('999901')).ok).toBe(false);
    // Reopening (a reload) does not reset the count.
    store.close();
    const again = await open(idb);
    const lock2 = localLockOf(again);
    expect(await lock2.unlock('999902')).toEqual({ ok: false, code: 'PIN_DISCARDED' });
    expect(await lock2.status()).toBe('discarded');
    // Not recoverable: the right PIN (its wrapped key is gone), or another device's recovery key.
    expect(await lock2.unlock(PIN)).toEqual({ ok: false, code: 'PIN_DISCARDED' });
    await expect(lock2.recover(recoveryKey(8), '739018')).rejects.toMatchObject({ code: 'RECOVERY_KEY_MISSING' });
    const raw = await rawContent(idb);
    for (const secret of [NAME, ID, PHONE]) expect(raw).not.toContain(secret);
    expect(await internalsOf(again).db.outbox.count()).toBe(1);

    // Recoverable: after a password sign-in on this device the server gives its key back, and a new PIN is set.
    await lock2.recover(recoveryKey(7), '739018');
    expect(await lock2.status()).toBe('open');
    expect((await again.getCase('c-1'))!.case.parties.p1!.personal.name).toBe(NAME);
    expect(await again.loadDraft('case-form')).toEqual({ name: NAME });
    const [entry] = await internalsOf(again).pendingEntries(10);
    expect(JSON.stringify(entry!.args)).toContain(ID);
    again.close();
    const reopened = await open(idb);
    expect(await localLockOf(reopened).unlock('739018')).toEqual({ ok: true });
    reopened.close();
  });
  it('changes the PIN with the old one: the data key is wrapped anew, the data is not re-encrypted, and the old PIN opens nothing', async () => {
    const idb = new IDBFactory();
    const store = await open(idb);
    const lock = localLockOf(store);
    await lock.setPin(PIN, recoveryKey(3));
    await store.createCase(newCase('c-1', 'g01', { parties: party }));
    const sealedBefore = await rawContent(idb);
    const caseBefore = await internalsOf(store).db.table('cases').get('c-1');

    await expect(lock.changePin(PIN, '111111')).rejects.toMatchObject({ code: 'PIN_TOO_SIMPLE' });
    expect(await lock.changePin('999901', '739214')).toEqual({ ok: false, code: 'WRONG_PIN', attemptsLeft: 4 });
    expect(await lock.changePin(PIN, '739214')).toEqual({ ok: true });
    // Still open, and the stored case is byte for byte what it was (only the lock record changed).
    expect(await lock.status()).toBe('open');
    expect(await internalsOf(store).db.table('cases').get('c-1')).toEqual(caseBefore);
    const sealedAfter = await rawContent(idb);
    expect(sealedAfter.split('\n').filter((l) => !sealedBefore.includes(l)).every((l) => l.includes('"lock"'))).toBe(true);
    store.close();

    const again = await open(idb);
    expect(await localLockOf(again).unlock(PIN)).toEqual({ ok: false, code: 'WRONG_PIN', attemptsLeft: 4 });
    expect(await localLockOf(again).unlock('739214')).toEqual({ ok: true });
    expect((await again.getCase('c-1'))!.case.parties.p1!.personal.name).toBe(NAME);
    again.close();
    // The recovery-key copy was kept: after five wrong PINs this device's key still opens the data.
    const third = await open(idb);
    for (let i = 0; i < 4; i++) await localLockOf(third).unlock('999901');
    expect(await localLockOf(third).unlock('999901')).toEqual({ ok: false, code: 'PIN_DISCARDED' });
    await localLockOf(third).recover(recoveryKey(3), '739018');
    expect((await third.getCase('c-1'))!.case.parties.p1!.personal.name).toBe(NAME);
    third.close();
  });

  it('counts wrong old PINs towards the five like wrong unlocks (a right PIN starts the count again): the fifth discards the PIN and locks', async () => {
    const idb = new IDBFactory();
    const first = await open(idb);
    await localLockOf(first).setPin(PIN, recoveryKey(4));
    await first.createCase(newCase('c-1', 'g01', { parties: party }));
    first.close();
    const store = await open(idb);
    const lock = localLockOf(store);
    await expect(lock.changePin(PIN, '739214')).rejects.toMatchObject({ code: 'LOCAL_LOCKED' });
    expect(await lock.unlock('999901')).toEqual({ ok: false, code: 'WRONG_PIN', attemptsLeft: 4 });
    expect(await lock.unlock('999902')).toEqual({ ok: false, code: 'WRONG_PIN', attemptsLeft: 3 });
    expect(await lock.unlock(PIN)).toEqual({ ok: true });
    for (let left = 4; left > 0; left--) expect(await lock.changePin('999901', '739214')).toEqual({ ok: false, code: 'WRONG_PIN', attemptsLeft: left });
    expect(await lock.status()).toBe('open');
    const seen: string[] = [];
    lock.subscribe((s) => seen.push(s));
    expect(await lock.changePin('999901', '739214')).toEqual({ ok: false, code: 'PIN_DISCARDED' });
    expect(await lock.status()).toBe('discarded');
    await expect(store.getCase('c-1')).rejects.toMatchObject({ code: 'LOCAL_LOCKED' });
    expect(await lock.unlock(PIN)).toEqual({ ok: false, code: 'PIN_DISCARDED' });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toContain('discarded');
    store.close();
  });
  it('still unlocks with a 4-digit PIN set before the six-digit rule, and a change to it must have six', async () => {
    const idb = new IDBFactory();
    const first = await open(idb);
    await localLockOf(first).setPin(PIN, recoveryKey(5));
    await first.createCase(newCase('c-1', 'g01', { parties: party }));
    // What an older build stored: the data key wrapped under '4826'.
    const db = internalsOf(first).db;
    const rec = (await readLockRecord(db))!;
    const dataKey = (await unwrap(await pinKey(PIN, rec.salt, rec.iterations), rec.pinWrapped!))!;
    await db.meta.put({ key: 'lock', value: { ...rec, pinWrapped: await wrap(await pinKey('4826', rec.salt, rec.iterations), dataKey) } });
    first.close();
    const store = await open(idb);
    expect(await localLockOf(store).unlock('4826')).toEqual({ ok: true });
    // Home asks for a longer PIN, until the change.
    expect(localLockOf(store).shortPinLength()).toBe(4);
    await expect(localLockOf(store).changePin('4826', '4827')).rejects.toMatchObject({ code: 'PIN_TOO_SIMPLE' });
    expect(await localLockOf(store).changePin('4826', '739018')).toEqual({ ok: true });
    expect(localLockOf(store).shortPinLength()).toBeNull();
    localLockOf(store).lock();
    expect(await localLockOf(store).unlock('739018')).toEqual({ ok: true });
    expect(localLockOf(store).shortPinLength()).toBeNull();
    expect((await store.getCase('c-1'))!.case.parties.p1!.personal.name).toBe(NAME);
    store.close();
  });
});
