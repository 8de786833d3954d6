import { applyDocPatch, type MutationResult, type PullResponse } from '@tiaojie/sync';
import type { ServerCopy } from './local-db.ts';
import type { CaseViews } from './case-views.ts';
import { dropShadowedHeld } from './held-changes.ts';
import { readOutboxEntry, type OutboxEntry } from './outbox-entry.ts';
import type { Outbox } from './outbox.ts';
import { readByIds, type StoreContext } from './store-context.ts';
import type { StoreInternals } from './store-internals.ts';
import type { AttentionItem, EscalatedTrace } from './types.ts';

type ServerAnswers = Pick<
  StoreInternals,
  'applyPushResults' | 'applyPullPage' | 'heldServerSeqs' | 'getHistoryId' | 'isRewound' | 'startRewindRecovery' | 'adoptHistoryId' | 'getCursor'
>;

/**
 * Applying what the server says: push answers, pulled pages (each in one transaction, pending edits re-applied on
 * top), which server states the phone holds, and the recovery after the server was restored to an older point.
 */
export function createServerAnswers(ctx: StoreContext, outbox: Outbox, views: CaseViews): ServerAnswers {
  const { db, now, write } = ctx;
  const { keepSent, readOutboxRun, deleteOutboxEntries } = outbox;
  const { recomputeCases, recomputeActivity } = views;


  /**
   * The seq of the server copy held for each of `ids` whose copy is at least `from` (absent: older, or none), from
   * the keys of the 'server.seq' index — no document is read.
   */
  async function heldCaseSeqsFrom(from: number, ids: Iterable<string>): Promise<Map<string, number>> {
    const wanted = new Set(ids);
    const held = new Map<string, number>();
    if (wanted.size === 0) return held;
    await db.caseDocs
      .where('server.seq')
      .aboveOrEqual(from)
      .eachKey((seq, cursor) => {
        const id = cursor.primaryKey as string;
        if (wanted.has(id)) held.set(id, seq as number);
      });
    return held;
  }

  /** Only server copies newer than the one held (a push answer never rolls back what a pull brought). */
  async function newerCaseCopies(copies: Map<string, ServerCopy>): Promise<Map<string, ServerCopy>> {
    if (copies.size === 0) return copies;
    const held = await heldCaseSeqsFrom(Math.min(...[...copies.values()].map((c) => c.seq)), copies.keys());
    return new Map([...copies].filter(([id, copy]) => !((held.get(id) ?? -1) >= copy.seq)));
  }

  /** The same for activities, from the records held. */
  function newerServerCopies(copies: Map<string, ServerCopy>, held: ReadonlyMap<string, { server: ServerCopy | null } | undefined>): Map<string, ServerCopy> {
    return new Map(
      [...copies].filter(([id, copy]) => {
        const mine = held.get(id)?.server;
        return !(mine && mine.seq >= copy.seq);
      }),
    );
  }

  return {
    async applyPushResults(results: MutationResult[]) {
      if (results.length === 0) return;
      await write(async () => {
        const { entries, keys } = await readOutboxRun(results.map((r) => r.id));
        const caseServers = new Map<string, ServerCopy>();
        const activityServers = new Map<string, ServerCopy>();
        const touchedCases = new Set<string>();
        const touchedActivities = new Set<string>();
        const attention: AttentionItem[] = [];
        const dropped: number[] = [];
        const confirmed: OutboxEntry[] = [];
        const at = now().toISOString();
        for (const r of results) {
          const entry = entries.get(r.id);
          if (!entry) continue;
          if (r.status !== 'applied') {
            attention.push({
              mutationId: r.id,
              name: entry.name,
              caseId: entry.caseId,
              activityId: entry.activityId,
              status: r.status,
              code: r.code ?? (r.status === 'conflict' ? 'EDIT_CONFLICT' : 'VALIDATION_FAILED'),
              message: r.message ?? '',
              at,
              // (a refused change to a case stays on the phone, applied on top of it, until re-sent or given up; a
              // refused new work-log entry or correction of one is kept here to be filled in again)
              ...(r.status === 'rejected' && (entry.caseId || entry.name === 'activity.create' || entry.name === 'activity.edit')
                ? { held: { args: entry.args, clientTime: entry.clientTime } }
                : {}),
            });
          }
          if (entry.caseId) touchedCases.add(entry.caseId);
          if (entry.activityId) touchedActivities.add(entry.activityId);
          if (r.status === 'rejected' || r.seq === undefined) {
            // Nothing of it reached the server: the local copy must drop it.
            dropped.push(r.id);
            continue;
          }
          // Kept until the server copy has reached its seq (at once, when the answer carries the record).
          confirmed.push({ ...entry, confirmedSeq: r.seq });
          if (r.data?.seq !== undefined) {
            // (a new case's state may come as a patch of the case this entry sent)
            const doc = r.docPatch && entry.name === 'case.create' ? applyDocPatch((entry.args as { case: Record<string, unknown> }).case, r.docPatch) : r.data.doc;
            const copy: ServerCopy = { doc, versions: r.data.versions, originPath: r.data.originPath, seq: r.data.seq };
            if (entry.caseId) caseServers.set(entry.caseId, copy);
            if (entry.activityId) activityServers.set(entry.activityId, copy);
          }
        }
        await dropShadowedHeld(db, attention);
        const [caseCopies, activityCopies] = await Promise.all([
          newerCaseCopies(caseServers),
          readByIds(db.activities, activityServers.keys()).then((held) => newerServerCopies(activityServers, held)),
        ]);
        const kept = confirmed.filter((e) => {
          const copy = e.caseId ? caseCopies.get(e.caseId) : e.activityId ? activityCopies.get(e.activityId) : undefined;
          if (copy && copy.seq >= e.confirmedSeq!) dropped.push(e.id);
          return !(copy && copy.seq >= e.confirmedSeq!);
        });
        const settledNow = new Map(confirmed.map((e) => [e.id, e]));
        const leaving = dropped.flatMap((id) => {
          const entry = settledNow.get(id) ?? entries.get(id);
          return entry ? [{ entry, applied: settledNow.has(id) }] : [];
        });
        await Promise.all([db.attention.bulkPut(attention), deleteOutboxEntries(dropped, keys), db.outbox.bulkPut(kept), keepSent(leaving)]);
        await recomputeCases(touchedCases, caseCopies);
        for (const id of touchedActivities) await recomputeActivity(id, activityCopies.has(id) ? { server: activityCopies.get(id)! } : undefined);
      });
    },

    async applyPullPage(page: PullResponse) {
      await write(async () => {
        const caseServers = new Map<string, ServerCopy | null>();
        const activityServers = new Map<string, ServerCopy | null>();
        /** Cases whose pulled state names the seq that wrote it (servers before that field send only the log's). */
        const exact = new Set<string>();
        const leftAt = now().toISOString();
        const traces: EscalatedTrace[] = [];
        for (const change of page.changes) {
          if (change.entity === 'case' && change.op === 'remove' && change.trace) traces.push({ ...change.trace, leftAt });
          const copy: ServerCopy | null =
            change.op === 'upsert' && change.data
              ? { doc: change.data.doc, versions: change.data.versions, originPath: change.data.originPath, seq: change.data.seq ?? change.seq }
              : null;
          (change.entity === 'case' ? caseServers : activityServers).set(change.id, copy);
          if (change.entity === 'case' && change.data?.seq !== undefined) exact.add(change.id);
        }
        // A state this phone already holds (its own change, from the push answer) is not written again.
        const exactSeqs = [...exact].flatMap((id) => caseServers.get(id)?.seq ?? []);
        const held = exactSeqs.length ? await heldCaseSeqsFrom(Math.min(...exactSeqs), exact) : new Map<string, number>();
        for (const [id, seq] of held) {
          const copy = caseServers.get(id);
          if (copy && seq >= copy.seq) caseServers.delete(id);
        }
        const touchedCases = new Set(caseServers.keys());
        const touchedActivities = new Set(activityServers.keys());
        // Entries the server applied at or below the new cursor are now part of the server copy (or of a removal).
        const settled = (await db.outbox.where('confirmedSeq').belowOrEqual(page.cursor).toArray()).map(readOutboxEntry);
        await db.outbox.bulkDelete(settled.map((e) => e.id));
        await keepSent(settled.map((entry) => ({ entry, applied: true })));
        for (const e of settled) {
          if (e.caseId) touchedCases.add(e.caseId);
          if (e.activityId) touchedActivities.add(e.activityId);
        }
        // The server's traces first: a case this phone held leaves its own (as it saw it) in recomputeCases.
        if (traces.length > 0) await db.traces.bulkPut(traces);
        await recomputeCases(touchedCases, caseServers);
        for (const id of touchedActivities) await recomputeActivity(id, activityServers.has(id) ? { server: activityServers.get(id)! } : undefined);
        await db.meta.put({ key: 'cursor', value: page.cursor });
      });
    },

    async heldServerSeqs(records) {
      const caseRecords = records.filter((r) => r.entity === 'case');
      const activityIds = records.filter((r) => r.entity === 'activity').map((r) => r.id);
      const [cases, activities] = await Promise.all([
        // Copies older than the oldest state asked about do not count: index keys from there on, no documents.
        caseRecords.length ? heldCaseSeqsFrom(Math.min(...caseRecords.map((r) => r.stateSeq)), caseRecords.map((r) => r.id)) : new Map<string, number>(),
        readByIds(db.activities, activityIds),
      ]);
      const held = new Map<string, number>();
      for (const [id, seq] of cases) held.set(`case:${id}`, seq);
      for (const [id, rec] of activities) if (rec?.server) held.set(`activity:${id}`, rec.server.seq);
      return held;
    },

    async getHistoryId() {
      const row = await db.meta.get('historyId');
      return typeof row?.value === 'string' ? row.value : null;
    },

    async isRewound() {
      return (await db.meta.get('rewound'))?.value === true;
    },

    async startRewindRecovery() {
      // Seqs the phone holds belong to the server's lost history: its new seqs restart lower, so every held one is
      // forgotten (each pulled or answered state then replaces the copy) and every entry the server had answered
      // is pending again (sent again, the server answers it from its record or applies it anew). Nothing local goes.
      await write(async () => {
        await db.caseDocs.toCollection().modify((rec) => {
          if (rec.server) rec.server.seq = 0;
        });
        await db.activities.toCollection().modify((rec) => {
          if (rec.server) rec.server.seq = 0;
        });
        await db.outbox.toCollection().modify((e) => {
          delete (e as { confirmedSeq?: number }).confirmedSeq;
        });
        // The server may have lost photo bytes too: each is offered again (one request when the server has it).
        await db.photos.toCollection().modify((p) => {
          p.uploaded = 0;
        });
        await db.meta.bulkPut([
          { key: 'cursor', value: 0 },
          { key: 'rewound', value: true },
        ]);
        await db.meta.delete('historyId');
      });
    },

    async adoptHistoryId(id) {
      await db.transaction('rw', db.meta, async () => {
        await db.meta.put({ key: 'historyId', value: id });
        await db.meta.delete('rewound');
      });
    },

    async getCursor() {
      const row = await db.meta.get('cursor');
      return typeof row?.value === 'number' ? row.value : 0;
    },
  };
}
