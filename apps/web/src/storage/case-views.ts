import { roleLevel, type DisputeCase } from '@tiaojie/domain';
import { escalatedTraceOf as traceOfCase } from '@tiaojie/sync';
import type { CaseDocRecord, CaseRowRecord, ServerCopy } from './local-db.ts';
import { applyEntryToActivity, applyEntryToCase, caseRowFor, isSameRow, readActivity, readCase, todayIn } from './local-view.ts';
import { OUTBOX_FORMAT, readOutboxEntry, type OutboxEntry } from './outbox-entry.ts';
import type { Outbox } from './outbox.ts';
import { readByIds, type StoreContext } from './store-context.ts';
import type { AttentionItem, EscalatedTrace } from './types.ts';

export type CaseViews = ReturnType<typeof createCaseViews>;

/** A refused change the phone holds (see AttentionItem.held), as the entry it was. */
export function heldEntryOf(a: AttentionItem): OutboxEntry[] {
  return a.held && a.caseId ? [{ v: OUTBOX_FORMAT, id: a.mutationId, name: a.name as OutboxEntry['name'], args: a.held.args, clientTime: a.held.clientTime, caseId: a.caseId }] : [];
}

/**
 * The derived views: a case's (or activity's) local document is its server copy with the outbox entries still on
 * the phone applied on top, and its list row is computed from that document. Everything that changes a copy or the
 * outbox rebuilds them here.
 */
export function createCaseViews(ctx: StoreContext, outbox: Outbox) {
  const { db, now, user, actor } = ctx;
  const { keepSent } = outbox;

  /** Rewrites the case's list row from its local document (inside the caller's transaction). */
  async function writeCaseViews(id: string, rec: CaseDocRecord | null): Promise<DisputeCase | null> {
    const c = rec ? readCase(rec.local) : null;
    if (!rec || !c) {
      await db.cases.delete(id);
      if (rec) await db.caseDocs.put(rec);
      return null;
    }
    await db.caseDocs.put(rec);
    const attention = (await db.attention.where('caseId').equals(id).count()) > 0;
    await db.cases.put(caseRowFor(c, { attention, today: todayIn(now()) }));
    return c;
  }

  /**
   * Rebuilds cases from their server copy plus the outbox entries still on the phone, in id order, with a few
   * bulk requests for all of them (inside the caller's transaction). `servers` replaces server copies first
   * (null: the case left this phone's scope). An entry the server applied at a seq the server copy has reached
   * is part of that copy and is dropped.
   */
  async function recomputeCases(ids: Iterable<string>, servers: ReadonlyMap<string, ServerCopy | null> = new Map()): Promise<void> {
    const caseIds = [...new Set(ids)];
    if (caseIds.length === 0) return;
    const [recs, rawEntries, attentionRows, storedRows] = await Promise.all([
      // A case getting a new server copy is rebuilt from it: its stored document is not read.
      readByIds(
        db.caseDocs,
        caseIds.filter((id) => !servers.get(id)),
      ).then((held) => caseIds.map((id) => held.get(id))),
      db.outbox.where('caseId').anyOf(caseIds).toArray(),
      db.attention.where('caseId').anyOf(caseIds).toArray(),
      // A row that would not change is not written again: a push answer confirming a new case leaves its row as
      // it was (about half of what applying an answer costs the phone).
      db.cases.bulkGet(caseIds),
    ]);
    const entriesOf = new Map<string, OutboxEntry[]>();
    for (const e of rawEntries.map(readOutboxEntry)) {
      const list = entriesOf.get(e.caseId!) ?? [];
      list.push(e);
      entriesOf.set(e.caseId!, list);
    }
    for (const e of attentionRows.flatMap(heldEntryOf)) entriesOf.set(e.caseId!, [...(entriesOf.get(e.caseId!) ?? []), e]);
    const withAttention = new Set(attentionRows.map((a) => a.caseId));
    const t = todayIn(now());
    const docPuts: CaseDocRecord[] = [];
    const docDeletes: string[] = [];
    const rowPuts: CaseRowRecord[] = [];
    const rowDeletes: string[] = [];
    const settled: OutboxEntry[] = [];
    const traces: EscalatedTrace[] = [];
    caseIds.forEach((id, i) => {
      const rec = recs[i];
      const server = servers.has(id) ? servers.get(id)! : (rec?.server ?? null);
      const entries = (entriesOf.get(id) ?? []).sort((a, b) => a.id - b.id);
      const pending = entries.filter((e) => {
        const inServerCopy = e.confirmedSeq !== undefined && server !== null && e.confirmedSeq <= server.seq;
        if (inServerCopy) settled.push(e);
        return !inServerCopy;
      });
      const originPath = server?.originPath ?? rec?.originPath ?? null;
      let doc = (server?.doc as Record<string, unknown> | undefined) ?? null;
      for (const e of pending) doc = applyEntryToCase(doc, e, actor, originPath);
      if (!doc) {
        const trace = rec ? escalatedTraceOf(rec.local) : null;
        if (trace) traces.push(trace);
        docDeletes.push(id);
        rowDeletes.push(id);
        return;
      }
      docPuts.push({ id, server, local: doc, originPath });
      const c = readCase(doc);
      if (!c) rowDeletes.push(id);
      else {
        const row = caseRowFor(c, { attention: withAttention.has(id), today: t });
        if (!isSameRow(storedRows[i], row)) rowPuts.push(row);
      }
    });
    await Promise.all([
      db.caseDocs.bulkPut(docPuts),
      db.caseDocs.bulkDelete(docDeletes),
      db.cases.bulkPut(rowPuts),
      db.cases.bulkDelete(rowDeletes),
      db.outbox.bulkDelete(settled.map((e) => e.id)),
      keepSent(settled.map((entry) => ({ entry, applied: true }))),
      traces.length > 0 ? db.traces.bulkPut(traces) : null,
    ]);
  }

  /** A case leaving the phone after it was escalated above this user's level leaves a trace of where it went. */
  function escalatedTraceOf(local: unknown): EscalatedTrace | null {
    const c = readCase(local);
    const trace = c ? traceOfCase(c, roleLevel(user.role)) : null;
    return trace ? { ...trace, leftAt: now().toISOString() } : null;
  }

  const recomputeCase = (id: string) => recomputeCases([id]);

  async function recomputeActivity(id: string, replaceServer?: { server: ServerCopy | null }): Promise<void> {
    const rec = await db.activities.get(id);
    const server = replaceServer ? replaceServer.server : (rec?.server ?? null);
    const all = (await db.outbox.where('activityId').equals(id).toArray()).map(readOutboxEntry).sort((a, b) => a.id - b.id);
    const settled = all.filter((e) => e.confirmedSeq !== undefined && server !== null && e.confirmedSeq <= server.seq);
    await db.outbox.bulkDelete(settled.map((e) => e.id));
    await keepSent(settled.map((entry) => ({ entry, applied: true })));
    const entries = all.filter((e) => !settled.includes(e));
    let doc = (server?.doc as Record<string, unknown> | undefined) ?? null;
    for (const e of entries) doc = applyEntryToActivity(doc, e, actor);
    const a = doc ? readActivity(doc) : null;
    if (!a) {
      if (server) await db.activities.put({ id, date: rec?.date ?? '', kind: rec?.kind ?? '', server, local: null, pending: entries.length ? 1 : 0 });
      else await db.activities.delete(id);
      return;
    }
    await db.activities.put({ id, date: a.date, kind: a.kind, server, local: a, pending: entries.length ? 1 : 0 });
  }


  return { writeCaseViews, recomputeCases, recomputeCase, recomputeActivity };
}
