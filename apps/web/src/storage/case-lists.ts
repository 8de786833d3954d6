import { addDays, normalizeCreditCode } from '@tiaojie/domain';
import Dexie from 'dexie';
import type { CaseRowRecord } from './local-db.ts';
import { phoneLookupKeys, readCase, summaryOf } from './local-view.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import type { StoreContext } from './store-context.ts';
import type { TextSearch } from './text-search.ts';
import type { CaseList, CaseListQuery, CaseSummary, DuplicateMatch, LocalStore } from './types.ts';

type CaseReads = Pick<LocalStore, 'getCase' | 'listEscalated' | 'getEscalated' | 'listCases' | 'findPossibleDuplicates'>;

/** Reading cases: one case, the lists (by index, or the in-memory text search), the duplicate check, escalated traces. */
export function createCaseLists(ctx: StoreContext, textSearch: TextSearch): CaseReads {
  const { db, today } = ctx;

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

  return {
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
      type By = 'grid' | 'grids' | 'overdue' | 'due' | 'court' | 'status' | 'type' | 'attention' | 'file';
      const conditions: { by: By; test: (r: CaseRowRecord) => boolean }[] = [];
      if (query.gridId) conditions.push({ by: 'grid', test: (r) => r.gridId === query.gridId });
      if (query.overdue) conditions.push({ by: 'overdue', test: (r) => r.open === 1 && r.deadline < t });
      if (query.followUpDue) conditions.push({ by: 'due', test: (r) => r.followUpDueOn !== undefined && r.followUpDueOn <= t });
      const courtTo = query.courtDueWithin !== undefined ? addDays(t, query.courtDueWithin) : '';
      if (query.courtDueWithin !== undefined) conditions.push({ by: 'court', test: (r) => r.courtDueOn !== undefined && r.courtDueOn >= t && r.courtDueOn <= courtTo });
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
      else if (query.courtDueWithin !== undefined) coll = db.cases.where('courtDueOn').between(t, courtTo, true, true);
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
        const owed =
          index === 'overdue' ? (r: CaseRowRecord) => r.deadline : index === 'due' ? (r: CaseRowRecord) => r.followUpDueOn ?? '' : index === 'court' ? (r: CaseRowRecord) => r.courtDueOn ?? '' : undefined;
        if (owed) rows.sort((a, b) => (owed(a) < owed(b) ? -1 : owed(a) > owed(b) ? 1 : 0));
        return { items: await summariesOf(rows.slice(offset, offset + limit), t), total: rows.length };
      }
      // The overdue, follow-up and 司法确认 indexes are ordered by the date owed, the longest overdue first; the others newest first.
      const ordered = index === 'overdue' || index === 'due' || index === 'court' ? coll : coll.reverse();
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
      // One equality lookup per key (not anyOf): the encryption layer hashes equality lookups on this index.
      if (phone?.trim()) {
        const found = await Promise.all(phoneLookupKeys(phone).map((k) => db.cases.where('phones').equals(k).toArray()));
        add([...new Map(found.flat().map((r) => [r.id, r])).values()], 'phone');
      }
      if (creditCode?.trim()) add(await db.cases.where('names').equals(normalizeCreditCode(creditCode)).toArray(), 'creditCode');
      const matches = [...byId.values()];
      const summaries = await summariesOf(matches.map((m) => m.row), today());
      return matches.map((m, i) => ({ summary: summaries[i]!, matchedOn: m.matchedOn }));
    },
  };
}
