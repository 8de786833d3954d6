import { newActivitySchema, newNilReportSchema } from '@tiaojie/domain';
import type { CaseViews } from './case-views.ts';
import { applyEntryToActivity, readActivity } from './local-view.ts';
import type { Outbox } from './outbox.ts';
import { invalid, type StoreContext } from './store-context.ts';
import { StorageError } from './storage-error.ts';
import type { LocalStore, NilReportLocal } from './types.ts';

type ActivityStore = Pick<LocalStore, 'createActivity' | 'editActivity' | 'getActivity' | 'deleteActivity' | 'listActivities' | 'fileNilReport' | 'nilReportState'>;

/** Work-log entries (排查, 矛排会, 培训, 普法, 法律咨询) and nil reports (零上报): writes with their outbox entry, and the list. */
export function createActivityStore(ctx: StoreContext, outbox: Outbox, views: CaseViews): ActivityStore {
  const { db, actor, write, now } = ctx;
  const { appendEntry } = outbox;
  const { recomputeActivity } = views;

  /**
   * Lets the refusal an entry is filled in again from go (inside the caller's transaction): only a refused work-log
   * entry's item; one of a case stays until the case is sent again or given up.
   */
  async function dropRefusalFilledIn(mutationId: number | undefined): Promise<void> {
    if (mutationId === undefined) return;
    const name = (await db.attention.get(mutationId))?.name;
    if (name === 'activity.create' || name === 'activity.edit') await db.attention.delete(mutationId);
  }

  /**
   * A correction saved the usual way supersedes the same fields of a refused one kept for the entry: those are no
   * longer filled in again (as for a case, dropShadowedHeld). A refusal left with no field is only listed.
   */
  async function dropSupersededRefusals(activityId: string, changes: Record<string, unknown>): Promise<void> {
    const refused = await db.attention.filter((a) => a.activityId === activityId && a.name === 'activity.edit' && a.held !== undefined).toArray();
    for (const a of refused) {
      const args = a.held!.args as { changes?: Record<string, unknown> };
      const kept = Object.entries(args.changes ?? {}).filter(([f]) => !(f in changes));
      if (kept.length === Object.keys(args.changes ?? {}).length) continue;
      const { held, ...listed } = a;
      await db.attention.put(kept.length === 0 ? listed : { ...listed, held: { ...held!, args: { ...args, changes: Object.fromEntries(kept) } } });
    }
  }

  return {
    async fileNilReport(gridId, period) {
      const key = `nilReport:${gridId}:${period}`;
      return write(async () => {
        const held = (await db.meta.get(key))?.value as NilReportLocal | undefined;
        if (held) return held;
        const parsed = newNilReportSchema.safeParse({ id: crypto.randomUUID(), gridId, period });
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

    async createActivity(input, options) {
      const parsed = newActivitySchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error);
      return write(async () => {
        await dropRefusalFilledIn(options?.replacing);
        if (await db.activities.get(parsed.data.id)) throw new StorageError('VALIDATION_FAILED', `activity ${parsed.data.id} already exists`);
        const entry = await appendEntry('activity.create', { activity: parsed.data }, { activityId: parsed.data.id });
        const a = readActivity(applyEntryToActivity(null, entry, actor));
        if (!a) throw new StorageError('VALIDATION_FAILED', 'invalid activity');
        await db.activities.put({ id: a.id, date: a.date, kind: a.kind, server: null, local: a, pending: 1 });
        return a;
      });
    },

    async getActivity(activityId) {
      const rec = await db.activities.get(activityId);
      const a = rec ? readActivity(rec.local) : null;
      return a ? { ...a, pending: rec!.pending === 1 } : null;
    },

    async editActivity(activityId, changes, options) {
      return write(async () => {
        await dropRefusalFilledIn(options?.replacing);
        await dropSupersededRefusals(activityId, changes);
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
  };
}
