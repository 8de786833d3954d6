import {
  addDays,
  automaticEscalationId,
  availableActions,
  caseSchema,
  checkTransition,
  dateOrderIssues,
  formatProvisionalNo,
  isAboveLevel,
  roleLevel,
  newActivitySchema,
  newCaseSchema,
  newNilReportSchema,
  normalizeCreditCode,
  signatureSchema,
  zodIssuesToFieldIssues,
  type Activity,
  type DisputeCase,
  type MediationSession,
  type NewCase,
  type RiskChange,
  type Signature,
} from '@tiaojie/domain';
import { isSettledAutomaticEscalation, type MutationName, type MutationResult, type PullResponse, type TransitionArgs } from '@tiaojie/sync';
import Dexie, { liveQuery } from 'dexie';
import { createTextSearch } from './text-search.ts';
import { LocalDb, type CaseDocRecord, type CaseRowRecord, type ServerCopy } from './local-db.ts';
import { applyEntryToActivity, applyEntryToCase, caseRowFor, isSameRow, phoneLookupKeys, readActivity, readCase, summaryOf, todayIn, type Actor } from './local-view.ts';
import { OUTBOX_FORMAT, readOutboxEntry, type OutboxEntry } from './outbox-entry.ts';

/** Backups are daily and kept for days: a restore goes back days, not months (see docs/PRODUCTION.md). */
const defaultKeepSent = { days: 14, count: 5_000 };
import { sha256Hex } from './sha256.ts';
import { StorageError } from './storage-error.ts';
import { registerInternals, type StoreInternals } from './store-internals.ts';
import type {
  AttentionItem,
  CaseList,
  CaseListQuery,
  CaseScalarChanges,
  CaseSummary,
  DuplicateMatch,
  EscalatedTrace,
  LocalStore,
  NilReportLocal,
  OpenLocalStoreOptions,
} from './types.ts';

function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; inner?: { name?: string } } | null;
  return err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
}

function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function invalid(error: { issues: Parameters<typeof zodIssuesToFieldIssues>[0]['issues'] } & Parameters<typeof zodIssuesToFieldIssues>[0]): StorageError {
  const issues = zodIssuesToFieldIssues(error);
  return new StorageError('VALIDATION_FAILED', `invalid ${issues[0]?.path ?? ''}: ${issues[0]?.message ?? ''}`, issues);
}

export async function openLocalStore(options: OpenLocalStoreOptions): Promise<LocalStore> {
  const { user } = options;
  const now = options.now ?? (() => new Date());
  const keep = options.keepSent ?? defaultKeepSent;
  const db = new LocalDb(`tiaojie-${user.id}`, options);
  await db.open();
  const actor: Actor = { userId: user.id, role: user.role };
  const writeListeners = new Set<() => void>();

  const replicaId = await db.transaction('rw', db.meta, async () => {
    const existing = await db.meta.get('replicaId');
    if (typeof existing?.value === 'string') return existing.value;
    const id = `${options.deviceId}.${randomSuffix()}`;
    await db.meta.put({ key: 'replicaId', value: id });
    return id;
  });

  const textSearch = createTextSearch(db);
  const allTables = [db.cases, db.caseDocs, db.activities, db.outbox, db.attention, db.meta, db.photos, db.traces, db.sent];

  /**
   * Keeps entries leaving the outbox after the server answered them (inside the caller's transaction), so that a
   * server restored to an older point can be given them again. Kept while younger than `keep.days` or among the
   * last `keep.count`: a restore goes back to a backup, and backups are kept for days, not months.
   */
  async function keepSent(entries: { entry: OutboxEntry; applied: boolean }[]): Promise<void> {
    if (entries.length === 0) return;
    const at = now();
    await db.sent.bulkPut(entries.map(({ entry, applied }) => ({ id: entry.id, name: entry.name, args: entry.args, clientTime: entry.clientTime, applied: applied ? 1 : 0, ackedAt: at.toISOString() })));
    const excess = (await db.sent.count()) - keep.count;
    if (excess <= 0) return;
    const cutoff = new Date(at.getTime() - keep.days * 86_400_000).toISOString();
    const old = await db.sent.orderBy(':id').limit(excess).filter((e) => e.ackedAt < cutoff).primaryKeys();
    await db.sent.bulkDelete(old);
  }


  /** One IndexedDB transaction; a full disk becomes STORAGE_FULL and nothing is saved. */
  async function write<T>(fn: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await db.transaction('rw', allTables, fn);
    } catch (e) {
      if (isQuotaError(e)) throw new StorageError('STORAGE_FULL', 'phone storage is full');
      throw e;
    }
    for (const l of writeListeners) l();
    return result;
  }

  async function nextMutationId(): Promise<number> {
    const row = await db.meta.get('nextMutationId');
    const id = typeof row?.value === 'number' ? row.value : 1;
    await db.meta.put({ key: 'nextMutationId', value: id + 1 });
    return id;
  }

  /**
   * The number a case shows until the server gives its final one: grid, this replica (its random part, so a
   * reinstalled phone does not repeat its old numbers) and a running number kept on the phone.
   */
  async function nextProvisionalNo(gridId: string): Promise<string> {
    const row = await db.meta.get('nextProvisionalNo');
    const n = typeof row?.value === 'number' ? row.value : 1;
    await db.meta.put({ key: 'nextProvisionalNo', value: n + 1 });
    return formatProvisionalNo(gridId, replicaId.slice(replicaId.lastIndexOf('.') + 1), n);
  }

  async function appendEntry(name: MutationName, args: unknown, ids: { caseId?: string; activityId?: string }): Promise<OutboxEntry> {
    const entry: OutboxEntry = { v: OUTBOX_FORMAT, id: await nextMutationId(), name, args, clientTime: now().toISOString(), ...ids };
    await db.outbox.add(entry);
    return entry;
  }

  function originPathFor(gridId: string): string | null {
    if (user.nodePath.endsWith(`/${gridId}/`)) return user.nodePath;
    // Community staff: a grid is a child of their community.
    if (user.role === 'community_staff') return `${user.nodePath}${gridId}/`;
    return null;
  }

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
    if (!c || !isAboveLevel(c.handlingLevel, roleLevel(user.role))) return null;
    const last = Object.values(c.escalations).sort((a, b) => a.date.localeCompare(b.date)).at(-1);
    if (!last) return null;
    const partyNames = Object.values(c.parties).flatMap((p) => (p.role === 'applicant' && p.personal.name ? [p.personal.name] : []));
    return {
      id: c.id,
      caseNo: c.caseNo,
      type: c.type,
      facts: c.facts,
      gridId: c.gridId,
      acceptedOn: c.acceptedOn,
      partyNames,
      toLevel: last.toLevel,
      toNodeId: last.toNodeId,
      escalatedOn: last.date,
      reason: last.reason,
      leftAt: now().toISOString(),
    };
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

  /** Loads the local case for a user action, or NOT_FOUND. */
  async function loadCase(id: string): Promise<{ rec: CaseDocRecord; c: DisputeCase }> {
    const rec = await db.caseDocs.get(id);
    const c = rec ? readCase(rec.local) : null;
    if (!rec || !c) throw new StorageError('NOT_FOUND', `case ${id} is not on this phone`);
    return { rec, c };
  }

  /** Applies a mutation to the local copy, validates the result, and stores both in the same transaction. */
  function caseMutation(caseId: string, name: MutationName, args: unknown): Promise<DisputeCase | null> {
    return write(() => caseMutationInWrite(caseId, name, args));
  }

  /** The same, inside a write transaction already open (several mutations of one user action). */
  async function caseMutationInWrite(caseId: string, name: MutationName, args: unknown): Promise<DisputeCase | null> {
    const rec = await db.caseDocs.get(caseId);
    const before = (rec?.local as Record<string, unknown> | undefined) ?? null;
    const entry = await appendEntry(name, args, { caseId });
    const originPath = rec?.server?.originPath ?? rec?.originPath ?? null;
    const doc = applyEntryToCase(before, entry, actor, originPath);
    if (doc === null) {
      await db.cases.delete(caseId);
      if (rec) await db.caseDocs.put({ ...rec, local: null });
      return null;
    }
    const parsed = caseSchema.safeParse(doc);
    if (!parsed.success) throw invalid(parsed.error);
    // The server refuses a case with dates out of order; the phone refuses to save one (nothing is queued).
    const order = dateOrderIssues(parsed.data);
    if (order.length > 0) throw new StorageError('DATES_OUT_OF_ORDER', `dates out of order: ${order.map((i) => i.path).join(', ')}`, order);
    return writeCaseViews(caseId, { id: caseId, server: rec?.server ?? null, local: parsed.data, originPath });
  }

  /** Edit arguments with the base version of each changed path, from the server copy held. */
  async function editArgs(caseId: string, changes: Record<string, unknown>) {
    const rec = await db.caseDocs.get(caseId);
    if (!rec || !readCase(rec.local)) throw new StorageError('NOT_FOUND', `case ${caseId} is not on this phone`);
    const base = Object.fromEntries(Object.keys(changes).map((p) => [p, rec.server?.versions[p] ?? 0]));
    return { caseId, changes, base };
  }

  async function editPaths(caseId: string, changes: Record<string, unknown>): Promise<DisputeCase> {
    const c = await caseMutation(caseId, 'case.edit', await editArgs(caseId, changes));
    return c!;
  }

  function checkAllowed(c: DisputeCase, args: TransitionArgs): void {
    const allowed = checkTransition(args.action, {
      status: c.status,
      handlingLevel: c.handlingLevel,
      role: user.role,
      ...(args.action === 'escalate' ? { toLevel: args.payload.toLevel } : {}),
    });
    if (!allowed.ok) throw new StorageError(allowed.code, allowed.message);
  }

  async function transition(caseId: string, args: TransitionArgs): Promise<DisputeCase | null> {
    checkAllowed((await loadCase(caseId)).c, args);
    return caseMutation(caseId, 'case.transition', args);
  }

  /** A session, and for the first one the start of mediation (已受理 → 调解中): one user action, one transaction. */
  function addSession(caseId: string, session: MediationSession): Promise<DisputeCase> {
    return write(async () => {
      const c = (await caseMutationInWrite(caseId, 'case.edit', await editArgs(caseId, { [`sessions.${session.id}`]: session })))!;
      if (c.status !== 'accepted') return c;
      const start: TransitionArgs = { caseId, action: 'startMediation', payload: {} };
      checkAllowed(c, start);
      return (await caseMutationInWrite(caseId, 'case.transition', start))!;
    });
  }

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

  /** List summaries of rows, with "pending" looked up in the outbox (the rows no longer store it). */
  async function summariesOf(rows: CaseRowRecord[], t: string): Promise<CaseSummary[]> {
    if (rows.length === 0) return [];
    // One count per row (a key lookup each) in one read transaction: ~5 ms for 50 rows in Chromium, whatever the
    // outbox holds. anyOf walks a cursor instead, and a cursor step costs Chromium about as much as a lookup: ~40 ms
    // for 50 rows with 10,000 entries waiting (measured); 50 counts in 50 transactions ~9 ms.
    // An empty outbox (a phone that has synced) needs no lookup at all.
    const counts = await db.transaction('r', db.outbox, async () =>
      (await db.outbox.count()) === 0 ? rows.map(() => 0) : Promise.all(rows.map((r) => db.outbox.where('caseId').equals(r.id).count())),
    );
    return rows.map((r, i) => summaryOf(r, t, counts[i]! > 0));
  }

  async function readByIds<T>(table: { bulkGet(keys: string[]): Promise<(T | undefined)[]> }, ids: Iterable<string>): Promise<Map<string, T | undefined>> {
    const keys = [...ids];
    const rows = keys.length ? await table.bulkGet(keys) : [];
    return new Map(keys.map((k, i) => [k, rows[i]]));
  }

  /**
   * Reads the outbox entries with these ids. A push answer's ids are one run of the outbox (the batch that was
   * sent), so unless many other entries lie between them, ONE range request reads them all instead of one
   * request per id; `keys` then lists every entry of that range, ascending (null after reading by id).
   */
  async function readOutboxRun(ids: number[]): Promise<{ entries: Map<number, OutboxEntry>; keys: number[] | null }> {
    if (ids.length === 0) return { entries: new Map(), keys: null };
    const range = db.outbox.where(':id').between(Math.min(...ids), Math.max(...ids), true, true);
    if ((await range.count()) <= 2 * ids.length) {
      const all = (await range.toArray()).map(readOutboxEntry);
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

  const today = () => todayIn(now());
  const uid = () => crypto.randomUUID();

  const store: LocalStore = {
    user,
    replicaId,

    async createCase(input: NewCase) {
      const parsed = newCaseSchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error);
      if (await db.caseDocs.get(parsed.data.id)) throw new StorageError('VALIDATION_FAILED', `case ${parsed.data.id} already exists`);
      const c = await write(async () => {
        const data = parsed.data.provisionalNo || parsed.data.caseNo ? parsed.data : { ...parsed.data, provisionalNo: await nextProvisionalNo(parsed.data.gridId) };
        const entry = await appendEntry('case.create', { case: data }, { caseId: parsed.data.id });
        const originPath = originPathFor(parsed.data.gridId);
        const doc = applyEntryToCase(null, entry, actor, originPath);
        const checked = caseSchema.safeParse(doc);
        if (!checked.success) throw invalid(checked.error);
        return writeCaseViews(parsed.data.id, { id: parsed.data.id, server: null, local: checked.data, originPath });
      });
      return c!;
    },

    editCase: (caseId: string, changes: CaseScalarChanges, riskChange?: RiskChange) =>
      editPaths(caseId, riskChange ? { ...changes, [`riskChanges.${riskChange.id}`]: riskChange } : changes),
    addParty: (caseId, party) => editPaths(caseId, { [`parties.${party.id}`]: party }),
    addSession,
    addFollowUp: (caseId, followUp) => editPaths(caseId, { [`followUps.${followUp.id}`]: followUp }),
    removeItem: (caseId, collection, itemId) => editPaths(caseId, { [`${collection}.${itemId}`]: null }),

    async addPhoto(caseId, input) {
      // Hashing is async and not IndexedDB work: it happens before the transaction, never inside it.
      const bytes = new Uint8Array(await input.blob.arrayBuffer());
      const sha256 = await sha256Hex(bytes);
      const ref = {
        sha256,
        kind: input.kind,
        mime: input.blob.type || 'image/jpeg',
        size: bytes.byteLength,
        ...(input.takenAt ? { takenAt: input.takenAt } : {}),
      };
      await write(async () => {
        if (!(await db.photos.get(sha256))) {
          await db.photos.put({ sha256, bytes: bytes.slice().buffer, mime: ref.mime, size: ref.size, uploaded: 0 });
        }
        const rec = await db.caseDocs.get(caseId);
        if (!rec || !readCase(rec.local)) throw new StorageError('NOT_FOUND', `case ${caseId} is not on this phone`);
        const path = `photos.${sha256.slice(0, 64)}`;
        const entry = await appendEntry('case.edit', { caseId, changes: { [path]: ref }, base: { [path]: rec.server?.versions[path] ?? 0 } }, { caseId });
        const doc = applyEntryToCase(rec.local as Record<string, unknown>, entry, actor, rec.originPath);
        const checked = caseSchema.safeParse(doc);
        if (!checked.success) throw invalid(checked.error);
        await writeCaseViews(caseId, { ...rec, local: checked.data });
      });
      return ref;
    },

    async addSignature(caseId, input) {
      // Hashed before the transaction (not IndexedDB work); bytes and record are then written together.
      const bytes = new Uint8Array(await input.blob.arrayBuffer());
      const sha256 = await sha256Hex(bytes);
      const signature: Signature = {
        id: uid(),
        sha256,
        mime: 'image/png',
        size: bytes.byteLength,
        document: input.document,
        signer: input.signer,
        ...(input.partyId ? { partyId: input.partyId } : {}),
        signerName: input.signerName,
        signedAt: now().toISOString(),
        ...(input.location ? { location: input.location } : {}),
      };
      const parsed = signatureSchema.safeParse(signature);
      if (!parsed.success) throw invalid(parsed.error);
      await write(async () => {
        if (!(await db.photos.get(sha256))) {
          await db.photos.put({ sha256, bytes: bytes.slice().buffer, mime: 'image/png', size: bytes.byteLength, uploaded: 0 });
        }
        const rec = await db.caseDocs.get(caseId);
        if (!rec || !readCase(rec.local)) throw new StorageError('NOT_FOUND', `case ${caseId} is not on this phone`);
        const path = `signatures.${signature.id}`;
        const entry = await appendEntry('case.edit', { caseId, changes: { [path]: parsed.data }, base: { [path]: 0 } }, { caseId });
        const doc = applyEntryToCase(rec.local as Record<string, unknown>, entry, actor, rec.originPath);
        const checked = caseSchema.safeParse(doc);
        if (!checked.success) throw invalid(checked.error);
        await writeCaseViews(caseId, { ...rec, local: checked.data });
      });
      return parsed.data;
    },

    async getPhotoBlob(sha256) {
      const photo = await db.photos.get(sha256);
      return photo ? new Blob([photo.bytes], { type: photo.mime }) : undefined;
    },

    startMediation: async (caseId) => (await transition(caseId, { caseId, action: 'startMediation', payload: {} }))!,

    async escalate(caseId, input) {
      const args: TransitionArgs = {
        caseId,
        action: 'escalate',
        payload: { escalationId: uid(), toLevel: input.toLevel, reason: input.reason, date: input.date ?? today() },
      };
      return (await transition(caseId, args))!;
    },

    async escalateAutomatically(caseId, input) {
      const { c } = await loadCase(caseId);
      const at = now();
      const args: TransitionArgs = {
        caseId,
        action: 'escalate',
        payload: { escalationId: automaticEscalationId(c.risk, input.toLevel), toLevel: input.toLevel, reason: input.reason, date: todayIn(at), automatic: true, at: at.toISOString() },
      };
      if (isSettledAutomaticEscalation(c, args)) return null;
      return transition(caseId, args);
    },

    async conclude(caseId, input) {
      const o = input.outcome;
      const args: TransitionArgs = {
        caseId,
        action: 'conclude',
        payload: {
          outcome: { ...o, concludedOn: o.concludedOn ?? today(), notes: o.notes ?? '' },
          ...(input.agreement !== undefined ? { agreement: input.agreement } : {}),
        },
      };
      return (await transition(caseId, args))!;
    },

    availableActions: (c) => availableActions({ status: c.status, handlingLevel: c.handlingLevel, role: user.role }),

    async resolveConflict(caseId, conflictId, value) {
      const { c } = await loadCase(caseId);
      if (!c.conflicts[conflictId] || c.conflicts[conflictId].resolved) throw new StorageError('NOT_FOUND', `no open conflict ${conflictId}`);
      return (await caseMutation(caseId, 'case.resolveConflict', { caseId, conflictId, value }))!;
    },

    async deleteCase(caseId) {
      await transition(caseId, { caseId, action: 'delete', payload: {} });
    },

    async getCase(caseId) {
      const rec = await db.caseDocs.get(caseId);
      const c = rec ? readCase(rec.local) : null;
      if (!c) return undefined;
      const pending = (await db.outbox.where('caseId').equals(caseId).filter((e) => (e as OutboxEntry).confirmedSeq === undefined).count()) > 0;
      const attention = await db.attention.where('caseId').equals(caseId).toArray();
      return { case: c, pending, attention };
    },

    async listEscalated() {
      const traces = await db.traces.orderBy('escalatedOn').reverse().toArray();
      // A case sent back down into this area is on the phone again: it is listed with the others, not here.
      const back = await db.caseDocs.bulkGet(traces.map((t) => t.id));
      return traces.filter((_, i) => !back[i] || !readCase(back[i].local));
    },

    async getEscalated(caseId) {
      return db.traces.get(caseId);
    },

    async listCases(query: CaseListQuery = {}): Promise<CaseList> {
      const t = today();
      const lo = Dexie.minKey;
      const hi = Dexie.maxKey;
      // The first condition the query has picks the index; the rows that index yields already meet it.
      type By = 'grid' | 'grids' | 'overdue' | 'due' | 'status' | 'type' | 'attention' | 'file';
      const conditions: { by: By; test: (r: CaseRowRecord) => boolean }[] = [];
      if (query.gridId) conditions.push({ by: 'grid', test: (r) => r.gridId === query.gridId });
      if (query.overdue) conditions.push({ by: 'overdue', test: (r) => r.open === 1 && r.deadline < t });
      if (query.followUpDue) conditions.push({ by: 'due', test: (r) => r.followUpDueOn !== undefined && r.followUpDueOn <= t });
      if (query.status) conditions.push({ by: 'status', test: (r) => (query.status === 'open' ? r.open === 1 : r.status === query.status) });
      if (query.type) conditions.push({ by: 'type', test: (r) => r.type === query.type });
      if (query.needsAttention) conditions.push({ by: 'attention', test: (r) => r.attention === 1 });
      // Several grids, and the file's completeness, have no index of their own: always checked row by row on the
      // rows another condition's index yields, never the index chosen below.
      const grids = query.gridIds ? new Set(query.gridIds) : null;
      if (grids) conditions.push({ by: 'grids', test: (r) => grids.has(r.gridId) });
      if (query.fileIncomplete) conditions.push({ by: 'file', test: (r) => (r.summary as CaseSummary).fileComplete === false });
      const index = conditions.find((c) => c.by !== 'grids' && c.by !== 'file')?.by;
      let coll;
      if (query.gridId) coll = db.cases.where('[gridId+acceptedOn]').between([query.gridId, lo], [query.gridId, hi]);
      else if (query.overdue) coll = db.cases.where('[open+deadline]').between([1, lo], [1, t]);
      else if (query.followUpDue) coll = db.cases.where('followUpDueOn').belowOrEqual(t);
      else if (query.status === 'open') coll = db.cases.where('[open+acceptedOn]').between([1, lo], [1, hi]);
      else if (query.status) coll = db.cases.where('[status+acceptedOn]').between([query.status, lo], [query.status, hi]);
      else if (query.type) coll = db.cases.where('[type+acceptedOn]').between([query.type, lo], [query.type, hi]);
      else if (query.needsAttention) coll = db.cases.where('[attention+acceptedOn]').between([1, lo], [1, hi]);
      else coll = db.cases.orderBy('acceptedOn');
      // Only conditions the chosen index does not already guarantee: a filter makes Dexie walk every row for
      // the count (10,000 on a full phone) instead of counting the index range.
      const filters = conditions.filter((c) => c.by !== index).map((c) => c.test);
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 50;
      const text = query.text?.trim().toLowerCase();
      if (text) {
        // Every condition checked on the rows the in-memory text search names (their text again too: the copy may
        // be a moment older than a row), in the order the list would walk them.
        const tests = [...conditions.map((c) => c.test), (r: CaseRowRecord) => r.text.includes(text)];
        const matching = await textSearch.idsContaining(text);
        if (conditions.length === 0) {
          // Text alone: the copy's order is the list's, so only the page's rows are read (a common word typed into
          // 10,000 cases names a thousand); should one of them have changed meanwhile, all are read below.
          const page = await db.cases.bulkGet(matching.slice(offset, offset + limit));
          if (page.every((r) => r !== undefined && r.text.includes(text))) {
            return { items: await summariesOf(page as CaseRowRecord[], t), total: matching.length };
          }
        }
        const found = await db.cases.bulkGet(matching);
        const rows = found.filter((r): r is CaseRowRecord => r !== undefined && tests.every((f) => f(r)));
        const owed = index === 'overdue' ? (r: CaseRowRecord) => r.deadline : index === 'due' ? (r: CaseRowRecord) => r.followUpDueOn ?? '' : undefined;
        if (owed) rows.sort((a, b) => (owed(a) < owed(b) ? -1 : owed(a) > owed(b) ? 1 : 0));
        return { items: await summariesOf(rows.slice(offset, offset + limit), t), total: rows.length };
      }
      // The overdue and follow-up indexes are ordered by the date owed, the longest overdue first; the others newest first.
      const ordered = index === 'overdue' || index === 'due' ? coll : coll.reverse();
      if (query.sort === 'unit') {
        // By unit: every matching row is read (a clerk's desktop), then grouped by grid keeping the order above.
        const rows = await ordered.filter((r) => filters.every((f) => f(r))).toArray();
        const rank = new Map((query.gridIds ?? [...new Set(rows.map((r) => r.gridId))].sort()).map((g, i) => [g, i]));
        rows.sort((a, b) => (rank.get(a.gridId) ?? 0) - (rank.get(b.gridId) ?? 0));
        return { items: await summariesOf(rows.slice(offset, offset + limit), t), total: rows.length };
      }
      if (filters.length) {
        // One walk over the rows gives both the page and the count (a filtered count walks them all anyway).
        const rows = await ordered.filter((r) => filters.every((f) => f(r))).toArray();
        return { items: await summariesOf(rows.slice(offset, offset + limit), t), total: rows.length };
      }
      const [rows, total] = await Promise.all([ordered.clone().offset(offset).limit(limit).toArray(), coll.count()]);
      return { items: await summariesOf(rows, t), total };
    },

    async findPossibleDuplicates({ name, phone, creditCode, withinDays = 90 }) {
      const since = addDays(today(), -withinDays);
      const byId = new Map<string, { row: CaseRowRecord; matchedOn: DuplicateMatch['matchedOn'] }>();
      const add = (rows: CaseRowRecord[], on: DuplicateMatch['matchedOn'][number]) => {
        for (const r of rows) {
          if (r.acceptedOn < since) continue;
          const m = byId.get(r.id) ?? { row: r, matchedOn: [] };
          m.matchedOn.push(on);
          byId.set(r.id, m);
        }
      };
      if (name?.trim()) add(await db.cases.where('names').equals(name.trim()).toArray(), 'name');
      // (anyOf may return a row once per key it matches: `add` is keyed by case id, and the match is named once)
      if (phone?.trim()) add([...new Map((await db.cases.where('phones').anyOf(phoneLookupKeys(phone)).toArray()).map((r) => [r.id, r])).values()], 'phone');
      if (creditCode?.trim()) add(await db.cases.where('names').equals(normalizeCreditCode(creditCode)).toArray(), 'creditCode');
      const matches = [...byId.values()];
      const summaries = await summariesOf(matches.map((m) => m.row), today());
      return matches.map((m, i) => ({ summary: summaries[i]!, matchedOn: m.matchedOn }));
    },

    async fileNilReport(gridId, period) {
      const key = `nilReport:${gridId}:${period}`;
      return write(async () => {
        const held = (await db.meta.get(key))?.value as NilReportLocal | undefined;
        if (held) return held;
        const parsed = newNilReportSchema.safeParse({ id: uid(), gridId, period });
        if (!parsed.success) throw invalid(parsed.error);
        await appendEntry('nilReport.file', { report: parsed.data }, {});
        const report: NilReportLocal = { ...parsed.data, filedAt: now().toISOString() };
        await db.meta.put({ key, value: report });
        return report;
      });
    },

    async nilReportState(gridId, period) {
      const [held, casesInPeriod] = await db.transaction('r', db.meta, db.cases, () =>
        Promise.all([db.meta.get(`nilReport:${gridId}:${period}`), db.cases.where('[gridId+acceptedOn]').between([gridId, `${period}-01`], [gridId, `${period}-31`], true, true).count()]),
      );
      return { filed: (held?.value as NilReportLocal | undefined) ?? null, casesInPeriod };
    },

    async createActivity(input) {
      const parsed = newActivitySchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error);
      return write(async () => {
        if (await db.activities.get(parsed.data.id)) throw new StorageError('VALIDATION_FAILED', `activity ${parsed.data.id} already exists`);
        const entry = await appendEntry('activity.create', { activity: parsed.data }, { activityId: parsed.data.id });
        const a = readActivity(applyEntryToActivity(null, entry, actor));
        if (!a) throw new StorageError('VALIDATION_FAILED', 'invalid activity');
        await db.activities.put({ id: a.id, date: a.date, kind: a.kind, server: null, local: a, pending: 1 });
        return a;
      });
    },

    async editActivity(activityId, changes) {
      return write(async () => {
        const rec = await db.activities.get(activityId);
        const current = rec ? readActivity(rec.local) : null;
        if (!rec || !current) throw new StorageError('NOT_FOUND', `activity ${activityId} is not on this phone`);
        const base = Object.fromEntries(Object.keys(changes).map((p) => [p, rec.server?.versions[p] ?? 0]));
        const entry = await appendEntry('activity.edit', { activityId, changes, base }, { activityId });
        const a = readActivity(applyEntryToActivity(current as unknown as Record<string, unknown>, entry, actor));
        if (!a) throw new StorageError('VALIDATION_FAILED', 'invalid activity');
        await db.activities.put({ ...rec, date: a.date, kind: a.kind, local: a, pending: 1 });
        return a;
      });
    },

    async deleteActivity(activityId) {
      await write(async () => {
        const rec = await db.activities.get(activityId);
        if (!rec || !readActivity(rec.local)) throw new StorageError('NOT_FOUND', `activity ${activityId} is not on this phone`);
        await appendEntry('activity.delete', { activityId }, { activityId });
        await recomputeActivity(activityId);
      });
    },

    async listActivities(query = {}) {
      const lo = query.from ?? '';
      const hi = query.to ?? '\uffff';
      const coll = query.kind
        ? db.activities.where('[kind+date]').between([query.kind, lo], [query.kind, hi], true, true)
        : db.activities.where('date').between(lo, hi, true, true);
      const live = coll.filter((r) => r.local !== null);
      const [rows, total] = await Promise.all([live.clone().reverse().offset(query.offset ?? 0).limit(query.limit ?? 50).toArray(), live.count()]);
      const items = rows.flatMap((r) => {
        const a = readActivity(r.local);
        return a ? [{ ...a, pending: r.pending === 1 }] : [];
      });
      return { items, total };
    },

    async saveDraft(key, value) {
      // Drafts are outside `allTables`, so they get their own transaction (still STORAGE_FULL on a full disk).
      try {
        await db.drafts.put({ key, value, savedAt: now().toISOString() });
      } catch (e) {
        if (isQuotaError(e)) throw new StorageError('STORAGE_FULL', 'phone storage is full');
        throw e;
      }
    },
    async loadDraft<T>(key: string) {
      return (await db.drafts.get(key))?.value as T | undefined;
    },
    async clearDraft(key) {
      await db.drafts.delete(key);
    },

    async getSyncStatus() {
      const [total, confirmed, attention, pendingPhotos, last, error, rewound] = await Promise.all([
        db.outbox.count(),
        db.outbox.where('confirmedSeq').above(0).count(),
        db.attention.toArray(),
        db.photos.where('uploaded').equals(0).count(),
        db.meta.get('lastSuccessAt'),
        db.meta.get('lastError'),
        db.meta.get('rewound'),
      ]);
      return {
        pending: total - confirmed,
        pendingPhotos,
        attention,
        lastSuccessAt: (last?.value as string | undefined) ?? null,
        lastError: (error?.value as { code: never; message: string; at: string } | undefined) ?? null,
        resyncing: rewound?.value === true,
      };
    },

    async dismissAttention(mutationId) {
      await write(async () => {
        const item = await db.attention.get(mutationId);
        await db.attention.delete(mutationId);
        if (item?.caseId) await recomputeCase(item.caseId);
      });
    },

    async hasUnsynced() {
      const s = await store.getSyncStatus();
      return s.pending > 0 || s.pendingPhotos > 0;
    },

    observe(query) {
      const observable = liveQuery(() => query(store));
      return {
        subscribe(next, error) {
          const sub = observable.subscribe({ next, error: error ?? ((e: unknown) => console.error(e)) });
          return () => sub.unsubscribe();
        },
      };
    },

    async wipe() {
      textSearch.dispose();
      db.close();
      await db.delete();
    },

    close() {
      textSearch.dispose();
      db.close();
    },
  };

  const internals: StoreInternals = {
    db,
    replicaId,

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
            const copy: ServerCopy = { doc: r.data.doc, versions: r.data.versions, originPath: r.data.originPath, seq: r.data.seq };
            if (entry.caseId) caseServers.set(entry.caseId, copy);
            if (entry.activityId) activityServers.set(entry.activityId, copy);
          }
        }
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
        for (const change of page.changes) {
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

    async keptEntries(fromId, limit) {
      const [sent, outbox] = await Promise.all([
        db.sent.where(':id').aboveOrEqual(fromId).limit(limit).toArray(),
        db.outbox.where(':id').aboveOrEqual(fromId).limit(limit).toArray(),
      ]);
      const merged = [
        ...sent.map((e) => ({ id: e.id, name: e.name, args: e.args, clientTime: e.clientTime, applied: e.applied === 1 })),
        ...outbox.map(readOutboxEntry).map((e) => ({ id: e.id, name: e.name as string, args: e.args, clientTime: e.clientTime, applied: true })),
      ];
      return merged.sort((a, b) => a.id - b.id).slice(0, limit);
    },

    async lastSentId() {
      const last = await db.sent.orderBy(':id').lastKey();
      return typeof last === 'number' ? last : null;
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

    photosToUpload: () => db.photos.where('uploaded').equals(0).toArray(),

    async markPhotoUploaded(sha256) {
      await db.photos.update(sha256, { uploaded: 1 });
    },

    async recordSyncOutcome(outcome) {
      const at = now().toISOString();
      await db.transaction('rw', db.meta, async () => {
        if (outcome.ok) {
          await db.meta.put({ key: 'lastSuccessAt', value: at });
          await db.meta.delete('lastError');
        } else {
          await db.meta.put({ key: 'lastError', value: { code: outcome.code, message: outcome.message, at } });
        }
      });
    },

    onLocalWrite(listener) {
      writeListeners.add(listener);
      return () => writeListeners.delete(listener);
    },
  };
  registerInternals(store, internals);
  return store;
}

export type { Activity };
