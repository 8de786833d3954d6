import type { MutationResult } from '@tiaojie/sync';
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.ts';
import { readOutboxEntry, type OutboxEntry } from './outbox-entry.ts';
import { internalsOf, localLockOf } from './store-internals.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';
import type { LocalStore } from './types.ts';

const refused = (id: number): MutationResult => ({ id, status: 'rejected', code: 'VALIDATION_FAILED', message: 'invalid case: facts TOO_LONG' });

async function phone(): Promise<LocalStore> {
  return openLocalStore({ user: demoUsers.grid01!, deviceId: 'refused', indexedDB: new IDBFactory(), IDBKeyRange });
}

const outbox = async (store: LocalStore): Promise<OutboxEntry[]> => (await internalsOf(store).db.outbox.toArray()).map(readOutboxEntry);

/** What the server would answer to applying `entry`: the phone's own document at `seq`. */
async function applied(store: LocalStore, entry: OutboxEntry, seq: number): Promise<MutationResult> {
  const rec = await internalsOf(store).db.caseDocs.get(entry.caseId!);
  return { id: entry.id, status: 'applied', seq, data: { doc: rec!.local, versions: {}, originPath: '/d1/s1/c1/g01/', seq } };
}

describe('a change the server refuses', () => {
  it('a refused new work-log entry keeps what was typed; filling it in again lets only that refusal go, with the new entry', async () => {
    const store = await phone();
    await store.createCase(newCase('k1'));
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'training', date: '2024-03-05', title: '人民调解员培训', participants: 30 });
    await internalsOf(store).applyPushResults([refused(1), { ...refused(2), message: 'invalid activity' }]);
    const [caseRefusal, logRefusal] = (await store.getSyncStatus()).attention;
    expect(logRefusal).toMatchObject({ mutationId: 2, name: 'activity.create', held: { args: { activity: { id: 'a1', title: '人民调解员培训', participants: 30 } } } });
    expect((await store.listActivities()).total).toBe(0);
    // Naming a case's refusal removes nothing: that one goes only when its case is sent again or given up.
    await store.createActivity({ id: 'a2', nodeId: 'g01', kind: 'training', date: '2024-03-05', title: '培训' }, { replacing: caseRefusal!.mutationId });
    expect((await store.getSyncStatus()).attention.map((a) => a.mutationId)).toEqual([1, 2]);
    await store.createActivity({ id: 'a3', nodeId: 'g01', kind: 'training', date: '2024-03-06', title: '人民调解员培训', participants: 30 }, { replacing: 2 });
    expect((await store.getSyncStatus()).attention.map((a) => a.mutationId)).toEqual([1]);
    expect((await outbox(store)).map((e) => [e.name, e.activityId])).toEqual([['activity.create', 'a2'], ['activity.create', 'a3']]);
    store.close();
  });

  it('a refused correction of a work-log entry is kept, the entry shows without it, and only its own refusal goes when it is filled in again', async () => {
    const store = await phone();
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'training', date: '2024-03-05', title: '培训' });
    await internalsOf(store).applyPushResults([{ id: 1, status: 'applied', seq: 1 }]);
    await store.editActivity('a1', { title: '人民调解员培训' });
    await store.deleteActivity('a1');
    await internalsOf(store).applyPushResults([{ ...refused(2), message: 'invalid activity' }, { ...refused(3), message: 'not allowed' }]);
    const [edit, removal] = (await store.getSyncStatus()).attention;
    expect(edit).toMatchObject({ name: 'activity.edit', held: { args: { activityId: 'a1', changes: { title: '人民调解员培训' } } } });
    // A refused deletion has nothing to fill in: listed, not kept.
    expect(removal).toMatchObject({ name: 'activity.delete' });
    expect(removal!.held).toBeUndefined();
    expect((await store.getActivity('a1'))?.title).toBe('培训');
    // A save that fails lets nothing go (one transaction).
    await expect(store.editActivity('gone', { title: 'x' }, { replacing: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await store.getSyncStatus()).attention.map((a) => a.mutationId)).toEqual([2, 3]);
    // Naming the deletion's refusal lets nothing go either: it has nothing filled in again.
    await store.editActivity('a1', { title: '人民调解员培训（补）' }, { replacing: 3 });
    expect((await store.getSyncStatus()).attention.map((a) => a.mutationId)).toEqual([2, 3]);
    await store.editActivity('a1', { title: '人民调解员培训' }, { replacing: 2 });
    expect((await store.getSyncStatus()).attention.map((a) => a.mutationId)).toEqual([3]);
    store.close();
  });

  it('a correction saved the usual way supersedes the same fields of a refused one kept for the entry', async () => {
    const store = await phone();
    await store.createActivity({ id: 'a1', nodeId: 'g01', kind: 'meeting', date: '2024-03-05', title: '矛排会', participants: 3 });
    await internalsOf(store).applyPushResults([{ id: 1, status: 'applied', seq: 1 }]);
    await store.editActivity('a1', { title: '三月矛排会', participants: 12 });
    await internalsOf(store).applyPushResults([{ ...refused(2), message: 'invalid activity' }]);
    await store.editActivity('a1', { title: '三月矛盾纠纷排查会' });
    expect((await store.getSyncStatus()).attention).toEqual([expect.objectContaining({ mutationId: 2, held: expect.objectContaining({ args: expect.objectContaining({ changes: { participants: 12 } }) }) })]);
    await store.editActivity('a1', { participants: 15 });
    const [listed] = (await store.getSyncStatus()).attention;
    expect(listed).toMatchObject({ mutationId: 2, name: 'activity.edit' });
    expect(listed!.held).toBeUndefined();
    store.close();
  });

  it('a refused new case stays on the phone with its data, marked, and listed as needing attention', async () => {
    const store = await phone();
    await store.createCase(newCase('k1', 'g01', { facts: '邻里漏水纠纷，楼上卫生间渗水' }));
    await internalsOf(store).applyPushResults([refused(1)]);

    const local = await store.getCase('k1');
    expect(local?.case.facts).toBe('邻里漏水纠纷，楼上卫生间渗水');
    expect(local?.attention).toEqual([expect.objectContaining({ mutationId: 1, name: 'case.create', status: 'rejected', code: 'VALIDATION_FAILED' })]);
    expect(await outbox(store)).toEqual([]);
    const list = await store.listCases({ needsAttention: true, limit: 10 });
    expect(list.items.map((c) => [c.id, c.needsAttention])).toEqual([['k1', true]]);
    // The id left the outbox as a refusal: after a server restore it goes again only as a stand-in.
    expect(await internalsOf(store).db.sent.toArray()).toEqual([expect.objectContaining({ id: 1, applied: 0 })]);
    store.close();
  });

  it('editing and saving sends the case again as a new create holding the edit; a later accept clears the mark', async () => {
    const store = await phone();
    await store.createCase(newCase('k1'));
    await internalsOf(store).applyPushResults([refused(1)]);

    await store.editCase('k1', { facts: '改正后的案情' });
    const [create, edit] = await outbox(store);
    expect(create).toMatchObject({ id: 2, name: 'case.create', args: { case: { id: 'k1', facts: '改正后的案情' } } });
    expect(edit).toMatchObject({ id: 3, name: 'case.edit' });
    expect((await store.getCase('k1'))?.attention).toEqual([]);
    expect((await store.getCase('k1'))?.pending).toBe(true);

    await internalsOf(store).applyPushResults([await applied(store, create!, 21), await applied(store, edit!, 22)]);
    const after = await store.getCase('k1');
    expect(after?.case.facts).toBe('改正后的案情');
    expect(after?.pending).toBe(false);
    expect(after?.attention).toEqual([]);
    expect((await store.listCases({ needsAttention: true, limit: 10 })).total).toBe(0);
    expect((await store.getSyncStatus()).attention).toEqual([]);
    store.close();
  });

  it('重新提交 re-sends a refused create as it stands, refused again keeps it', async () => {
    const store = await phone();
    await store.createCase(newCase('k1', 'g01', { facts: '第一次' }));
    await internalsOf(store).applyPushResults([refused(1)]);
    await store.resubmitCase('k1');
    const [again] = await outbox(store);
    expect(again).toMatchObject({ id: 2, name: 'case.create', args: { case: { id: 'k1', facts: '第一次' } } });
    expect((await store.getSyncStatus()).attention).toEqual([]);

    await internalsOf(store).applyPushResults([refused(2)]);
    expect((await store.getCase('k1'))?.case.facts).toBe('第一次');
    expect((await store.getSyncStatus()).attention.map((a) => a.mutationId)).toEqual([2]);
    store.close();
  });

  it('a refused edit of a case the server has stays on top of the server copy, and editing re-sends its field', async () => {
    const store = await phone();
    await store.createCase(newCase('k1', 'g01', { facts: '原案情' }));
    const [create] = await outbox(store);
    await internalsOf(store).applyPushResults([await applied(store, create!, 11)]);
    await store.editCase('k1', { facts: '被拒的改动' });
    await internalsOf(store).applyPushResults([refused(2)]);
    expect((await store.getCase('k1'))?.case.facts).toBe('被拒的改动');
    expect((await store.getCase('k1'))?.attention).toHaveLength(1);

    await store.editCase('k1', { facts: '再改一次' });
    const entries = await outbox(store);
    expect(entries.map((e) => [e.id, e.name, (e.args as { changes: Record<string, unknown> }).changes])).toEqual([
      [3, 'case.edit', { facts: '再改一次' }],
      [4, 'case.edit', { facts: '再改一次' }],
    ]);
    store.close();
  });

  it('a refused edit never lays its value back over a later change of the same field', async () => {
    const store = await phone();
    await store.createCase(newCase('k1', 'g01', { facts: '原案情' }));
    const [create] = await outbox(store);
    await internalsOf(store).applyPushResults([await applied(store, create!, 11)]);
    await store.editCase('k1', { facts: '被拒的案情', subType: '漏水' });
    await store.editCase('k1', { facts: '后来的案情' });
    const later = (await outbox(store)).find((e) => e.id === 3)!;
    await internalsOf(store).applyPushResults([refused(2), await applied(store, later, 12)]);
    const local = await store.getCase('k1');
    expect(local?.case).toMatchObject({ facts: '后来的案情', subType: '漏水' });
    expect(local?.attention.map((a) => a.held?.args)).toEqual([{ caseId: 'k1', changes: { subType: '漏水' }, base: { subType: 0 } }]);
    store.close();
  });

  it('behind a PIN the kept change is sealed; while locked the sync status still lists the refusal', async () => {
    const store = await phone();
    const lock = localLockOf(store);
    await lock.setPin('482615', btoa(String.fromCharCode(...new Uint8Array(32).fill(3))));
    await store.createCase(newCase('k1', 'g01', { facts: '欧阳秀英家漏水' }));
    await internalsOf(store).applyPushResults([refused(1)]);
    const stored = await new Promise<unknown[]>((resolve, reject) => {
      const req = internalsOf(store).db.backendDB().transaction('attention').objectStore('attention').getAll();
      req.onsuccess = () => resolve(req.result as unknown[]);
      req.onerror = () => reject(req.error as Error);
    });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('欧阳秀英');
    lock.lock();
    expect((await store.getSyncStatus()).attention).toEqual([expect.objectContaining({ mutationId: 1, caseId: 'k1' })]);
    expect(await lock.unlock('482615')).toEqual({ ok: true });
    expect((await store.getCase('k1'))?.case.facts).toBe('欧阳秀英家漏水');
    store.close();
  });

  it('giving the change up (dismiss) takes it off the phone', async () => {
    const store = await phone();
    await store.createCase(newCase('k1'));
    await internalsOf(store).applyPushResults([refused(1)]);
    await store.dismissAttention(1);
    expect(await store.getCase('k1')).toBeUndefined();
    store.close();
  });

  it('property: whatever is refused or applied, in any order of answers and re-sent answers, the last local facts stay', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), fc.boolean(), async (refusals, repeat) => {
        const store = await phone();
        await store.createCase(newCase('k1', 'g01', { facts: 'v0' }));
        let seq = 10;
        for (const [i, refuse] of refusals.entries()) {
          if (i > 0) await store.editCase('k1', { facts: `v${i}` });
          const pending = (await outbox(store)).filter((e) => e.confirmedSeq === undefined);
          const answers = await Promise.all(pending.map((e) => (refuse ? refused(e.id) : applied(store, e, ++seq))));
          await internalsOf(store).applyPushResults(answers);
          if (repeat) await internalsOf(store).applyPushResults(answers);
          expect((await store.getCase('k1'))?.case.facts).toBe(`v${i}`);
        }
        // Marked while the last answer refused it; an accept leaves nothing to re-send and no mark.
        const local = (await store.getCase('k1'))!;
        expect(local.attention.length > 0).toBe(refusals.at(-1));
        expect(local.pending).toBe(false);
        expect((await store.listCases({ needsAttention: true, limit: 10 })).total).toBe(refusals.at(-1) ? 1 : 0);
        store.close();
      }),
      { numRuns: 30 },
    );
  });
});
