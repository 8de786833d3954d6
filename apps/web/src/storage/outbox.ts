import type { MutationName } from '@tiaojie/sync';
import type { SentEntry, SentRecord } from './local-db.ts';
import { OUTBOX_FORMAT, readOutboxEntry, type OutboxEntry } from './outbox-entry.ts';
import type { StoreContext } from './store-context.ts';
import type { StoreInternals } from './store-internals.ts';

export type Outbox = ReturnType<typeof createOutbox>;

/** Meta key of the number of acknowledged entries kept (they are stored a record per answer). */
const SENT_COUNT = 'sentCount';

/** The record keeping `entries` (in any order; at least one). */
function sentRecord(entries: SentEntry[], ackedAt: string): SentRecord {
  const [first, ...more] = [...entries].sort((a, b) => a.id - b.id);
  return { ...first!, ackedAt, lastId: more.at(-1)?.id ?? first!.id, ...(more.length > 0 ? { more } : {}) };
}

/** The entries a kept record holds, in id order. */
function entriesOf(rec: SentRecord): SentEntry[] {
  return [{ id: rec.id, name: rec.name, args: rec.args, clientTime: rec.clientTime, applied: rec.applied }, ...(rec.more ?? [])];
}

/** The outbox: mutation ids, appending entries, reading and deleting them, and keeping acknowledged ones. */
export function createOutbox(ctx: StoreContext) {
  const { db, now, keep } = ctx;

  /**
   * Keeps entries leaving the outbox after the server answered them (inside the caller's transaction), so that a
   * server restored to an older point can be given them again. Kept while younger than `keep.days` or among the
   * last `keep.count`: a restore goes back to a backup, and backups are kept for days, not months.
   */
  async function keepSent(entries: { entry: OutboxEntry; applied: boolean }[]): Promise<void> {
    if (entries.length === 0) return;
    const at = now();
    // One record for all of them (a push answer's batch): one write, not one per entry.
    const kept = entries.map(({ entry, applied }): SentEntry => ({ id: entry.id, name: entry.name, args: entry.args, clientTime: entry.clientTime, applied: applied ? 1 : 0 }));
    // (counted before the write: a database from before runs counts its records, one entry each)
    const total = (await keptCount()) + kept.length;
    await Promise.all([db.sent.put(sentRecord(kept, at.toISOString())), db.meta.put({ key: SENT_COUNT, value: total })]);
    if (total > keep.count) await pruneSent(total - keep.count, new Date(at.getTime() - keep.days * 86_400_000).toISOString());
  }

  /** How many entries are kept: counted in meta since runs exist (records before that hold one entry each). */
  async function keptCount(): Promise<number> {
    const row = await db.meta.get(SENT_COUNT);
    return typeof row?.value === 'number' ? row.value : db.sent.count();
  }

  /**
   * Forgets up to `excess` of the oldest kept entries acknowledged before `cutoff`, oldest record first; a record
   * only partly forgotten is written again with the entries it keeps.
   */
  async function pruneSent(excess: number, cutoff: string): Promise<void> {
    // (each record holds at least one entry, so the first `excess` records hold every one that may go)
    const oldest = await db.sent.orderBy(':id').limit(excess).toArray();
    let left = excess;
    const deletes: number[] = [];
    let rewrite: SentRecord | null = null;
    for (const rec of oldest) {
      if (left === 0 || rec.ackedAt >= cutoff) continue;
      const all = entriesOf(rec);
      deletes.push(rec.id);
      if (all.length > left) rewrite = sentRecord(all.slice(left), rec.ackedAt);
      left -= Math.min(left, all.length);
    }
    if (deletes.length === 0) return;
    await Promise.all([db.sent.bulkDelete(deletes), rewrite ? db.sent.put(rewrite) : null, keptCount().then((n) => db.meta.put({ key: SENT_COUNT, value: n - (excess - left) }))]);
  }


  async function nextMutationId(): Promise<number> {
    const row = await db.meta.get('nextMutationId');
    const id = typeof row?.value === 'number' ? row.value : 1;
    await db.meta.put({ key: 'nextMutationId', value: id + 1 });
    return id;
  }

  async function appendEntry(name: MutationName, args: unknown, ids: { caseId?: string; activityId?: string }): Promise<OutboxEntry> {
    const entry: OutboxEntry = { v: OUTBOX_FORMAT, id: await nextMutationId(), name, args, clientTime: now().toISOString(), ...ids };
    await db.outbox.add(entry);
    return entry;
  }

  /**
   * Reads the outbox entries with these ids. A push answer's ids are one run of the outbox (the batch that was
   * sent), so unless many other entries lie between them, ONE range request reads them all instead of one
   * request per id; `keys` then lists every entry of that range, ascending (null after reading by id).
   */
  async function readOutboxRun(ids: number[]): Promise<{ entries: Map<number, OutboxEntry>; keys: number[] | null }> {
    if (ids.length === 0) return { entries: new Map(), keys: null };
    const range = db.outbox.where(':id').between(Math.min(...ids), Math.max(...ids), true, true);
    // (one request: a range holding more than twice the ids shows itself by the one row past that)
    const run = await range.limit(2 * ids.length + 1).toArray();
    if (run.length <= 2 * ids.length) {
      const all = run.map(readOutboxEntry);
      const wanted = new Set(ids);
      return { entries: new Map(all.filter((e) => wanted.has(e.id)).map((e) => [e.id, e])), keys: all.map((e) => e.id) };
    }
    const raws = await db.outbox.bulkGet(ids);
    return { entries: new Map(raws.flatMap((raw) => (raw ? [readOutboxEntry(raw)] : [])).map((e) => [e.id, e])), keys: null };
  }

  /**
   * Deletes outbox entries. With `keys` (every key of the outbox between the smallest and the largest id,
   * ascending, read in this transaction) neighbours that all go are deleted as one range each.
   */
  async function deleteOutboxEntries(ids: number[], keys: number[] | null): Promise<void> {
    if (ids.length === 0) return;
    if (!keys) return void (await db.outbox.bulkDelete(ids));
    const drop = new Set(ids);
    const runs: [number, number][] = [];
    keys.forEach((k, i) => {
      if (!drop.has(k)) return;
      drop.delete(k);
      const run = runs.at(-1);
      if (run && run[1] === keys[i - 1]) run[1] = k;
      else runs.push([k, k]);
    });
    await Promise.all([
      db.outbox.bulkDelete([...drop, ...runs.filter(([a, b]) => a === b).map(([a]) => a)]),
      ...runs.filter(([a, b]) => a !== b).map(([a, b]) => db.outbox.where(':id').between(a, b, true, true).delete()),
    ]);
  }

  const reads: Pick<StoreInternals, 'pendingEntries' | 'keptEntries' | 'lastSentId'> = {
    async pendingEntries(limit, afterId = 0) {
      // Range reads in id order (one request each, not a cursor step per entry); entries the server already
      // applied that wait for their server copy are skipped — rarely more than a few, so one read is the rule.
      const found: OutboxEntry[] = [];
      let after = afterId;
      for (let chunk = limit; found.length < limit; chunk = Math.min(chunk * 2, 1000)) {
        const rows = (await db.outbox.where(':id').above(after).limit(chunk).toArray()).map(readOutboxEntry);
        for (const e of rows) if (e.confirmedSeq === undefined && found.length < limit) found.push(e);
        if (rows.length < chunk) break;
        after = rows[rows.length - 1]!.id;
      }
      return found;
    },

    async keptEntries(fromId, limit) {
      // Records starting at fromId or later (each holds at least its first entry, so `limit` records hold the
      // `limit` lowest ids there), and those starting before it that reach it (found by key alone).
      const [starting, reachingKeys, outbox] = await Promise.all([
        db.sent.where(':id').aboveOrEqual(fromId).limit(limit).toArray(),
        db.sent.where('lastId').aboveOrEqual(fromId).primaryKeys(),
        db.outbox.where(':id').aboveOrEqual(fromId).limit(limit).toArray(),
      ]);
      const reaching = await db.sent.bulkGet(reachingKeys.filter((k) => k < fromId));
      const sent = [...reaching, ...starting].flatMap((rec) => (rec ? entriesOf(rec) : [])).filter((e) => e.id >= fromId);
      const merged = [
        ...sent.map((e) => ({ id: e.id, name: e.name, args: e.args, clientTime: e.clientTime, applied: e.applied === 1 })),
        ...outbox.map(readOutboxEntry).map((e) => ({ id: e.id, name: e.name as string, args: e.args, clientTime: e.clientTime, applied: true })),
      ];
      return merged.sort((a, b) => a.id - b.id).slice(0, limit);
    },

    async lastSentId() {
      // (records before runs existed have no lastId: their key is their id)
      const [lastKey, lastRun] = await Promise.all([db.sent.orderBy(':id').lastKey(), db.sent.orderBy('lastId').last()]);
      const ids = [lastKey, lastRun?.lastId].filter((k): k is number => typeof k === 'number');
      return ids.length > 0 ? Math.max(...ids) : null;
    },
  };

  return { keepSent, nextMutationId, appendEntry, readOutboxRun, deleteOutboxEntries, ...reads };
}
