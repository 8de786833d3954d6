import {
  automaticEscalationId,
  availableActions,
  caseEditableFields,
  caseSchema,
  checkTransition,
  dateOrderIssues,
  formatProvisionalNo,
  newCaseSchema,
  signatureSchema,
  type DisputeCase,
  type MediationSession,
  type NewCase,
  type RiskChange,
  type Signature,
} from '@tiaojie/domain';
import { getPath, isSettledAutomaticEscalation, type Doc, type MutationName, type TransitionArgs } from '@tiaojie/sync';
import type { CaseDocRecord } from './local-db.ts';
import { applyEntryToCase, readCase, todayIn } from './local-view.ts';
import { heldEntryOf, type CaseViews } from './case-views.ts';
import { OUTBOX_FORMAT } from './outbox-entry.ts';
import type { Outbox } from './outbox.ts';
import { sha256Hex } from './sha256.ts';
import { invalid, type StoreContext } from './store-context.ts';
import { StorageError } from './storage-error.ts';
import type { AttentionItem, CaseScalarChanges, LocalStore } from './types.ts';

type CaseWrites = Pick<
  LocalStore,
  | 'createCase'
  | 'editCase'
  | 'addParty'
  | 'addSession'
  | 'addFollowUp'
  | 'addInvestigation'
  | 'removeItem'
  | 'addPhoto'
  | 'addSignature'
  | 'getPhotoBlob'
  | 'startMediation'
  | 'escalate'
  | 'escalateAutomatically'
  | 'conclude'
  | 'availableActions'
  | 'resolveConflict'
  | 'deleteCase'
  | 'resubmitCase'
>;

/** The user's actions on cases: each one IndexedDB transaction holding the new local state and its outbox entry. */
export function createCaseWrites(ctx: StoreContext, outbox: Outbox, views: CaseViews): CaseWrites {
  const { db, now, user, actor, replicaId, write, today } = ctx;
  const { appendEntry } = outbox;
  const { writeCaseViews, recomputeCase } = views;

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

  function originPathFor(gridId: string): string | null {
    if (user.nodePath.endsWith(`/${gridId}/`)) return user.nodePath;
    // Community staff: a grid is a child of their community.
    if (user.role === 'community_staff') return `${user.nodePath}${gridId}/`;
    return null;
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
    // Saving a case that holds refused changes sends them again first, with the values this change gives them
    // (an edit alone would be refused in turn when the server never took the case, or be shadowed by the
    // refused value kept on top).
    const refusals = await refusalsOf(caseId);
    if (refusals.some((a) => a.held) && rec) {
      const after = applyEntryToCase(before, { v: OUTBOX_FORMAT, id: 0, name, args, clientTime: now().toISOString(), caseId }, actor, rec.originPath);
      const again = after ? resubmission(rec, refusals, after) : null;
      if (again) {
        await db.attention.bulkDelete(refusals.map((a) => a.mutationId));
        for (const m of again) await appendEntry(m.name, m.args, { caseId });
      }
    }
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

  /**
   * The refused changes held for a case, oldest first. A re-send takes the case as it stands, so every refusal of
   * the case goes with them (a refused change a later one overwrote is not held, but is sent in that state).
   */
  async function refusalsOf(caseId: string): Promise<AttentionItem[]> {
    const items = await db.attention.where('caseId').equals(caseId).toArray();
    return items.filter((a) => a.status === 'rejected').sort((a, b) => a.mutationId - b.mutationId);
  }

  /**
   * The held changes as they go again, with `doc`'s values: a refused create becomes a create of the case as
   * `doc` has it, refused edits one edit of the paths they set, and actions go again as they were, in their order.
   */
  function resubmission(rec: CaseDocRecord, held: AttentionItem[], doc: Doc): { name: MutationName; args: unknown }[] {
    const entries = held.flatMap(heldEntryOf);
    const out: { name: MutationName; args: unknown }[] = [];
    const paths = new Set(entries.flatMap((e) => (e.name === 'case.edit' ? Object.keys((e.args as { changes: Record<string, unknown> }).changes) : [])));
    if (!rec.server && entries.some((e) => e.name === 'case.create')) {
      const fields = Object.fromEntries([...caseEditableFields, 'id', 'gridId'].flatMap((k) => (doc[k] === undefined ? [] : [[k, doc[k]]])));
      const parsed = newCaseSchema.safeParse(fields);
      if (!parsed.success) throw invalid(parsed.error);
      out.push({ name: 'case.create', args: { case: parsed.data } });
    } else if (paths.size > 0) {
      const changes = Object.fromEntries([...paths].map((p) => [p, getPath(doc, p) ?? null]));
      const base = Object.fromEntries([...paths].map((p) => [p, rec.server?.versions[p] ?? 0]));
      out.push({ name: 'case.edit', args: { caseId: rec.id, changes, base } });
    }
    for (const e of entries) if (e.name !== 'case.create' && e.name !== 'case.edit') out.push({ name: e.name, args: e.args });
    return out;
  }

  /**
   * Appends the held changes again and lets their attention items go (inside the caller's transaction; the
   * caller rebuilds the case's views). Written flat, without a helper between the awaits: Dexie loses the
   * transaction after too many nested async calls (PrematureCommitError under fake-indexeddb).
   */
  async function resendHeld(rec: CaseDocRecord, held: AttentionItem[], doc: Doc): Promise<void> {
    const again = resubmission(rec, held, doc);
    await db.attention.bulkDelete(held.map((a) => a.mutationId));
    for (const m of again) await appendEntry(m.name, m.args, { caseId: rec.id });
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

  const uid = () => crypto.randomUUID();

  return {
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

    async resubmitCase(caseId) {
      await write(async () => {
        const refusals = await refusalsOf(caseId);
        const rec = await db.caseDocs.get(caseId);
        if (!refusals.some((a) => a.held) || !rec?.local) return;
        await resendHeld(rec, refusals, rec.local as Doc);
        await recomputeCase(caseId);
      });
    },

    editCase: (caseId: string, changes: CaseScalarChanges, riskChange?: RiskChange) =>
      editPaths(caseId, riskChange ? { ...changes, [`riskChanges.${riskChange.id}`]: riskChange } : changes),
    addParty: (caseId, party) => editPaths(caseId, { [`parties.${party.id}`]: party }),
    addSession,
    addFollowUp: (caseId, followUp) => editPaths(caseId, { [`followUps.${followUp.id}`]: followUp }),
    addInvestigation: (caseId, investigation) => editPaths(caseId, { [`investigations.${investigation.id}`]: investigation }),
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
        ...(input.signer === 'mediator' && input.signerName ? { signerName: input.signerName } : {}),
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
  };
}
