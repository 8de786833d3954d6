import Dexie, { type IntervalTree } from 'dexie';
import type { LocalDb } from './local-db.ts';

type Entry = { id: string; acceptedOn: string; text: string };

/** Beyond this many rows changed since the copy was read (a large pull), reading it again is as cheap as patching. */
const PATCH_LIMIT = 1000;

/** Newest accepted first, as the case list shows them (the acceptedOn index backwards: date, then id, descending). */
function isBefore(a: Entry, b: Entry): boolean {
  return a.acceptedOn !== b.acceptedOn ? a.acceptedOn > b.acceptedOn : a.id > b.id;
}

/** The single keys a change set names, or null when it names a range (a clear, a delete by range). */
function keysOf(tree: IntervalTree): string[] | null {
  const keys: string[] = [];
  const visit = (node: IntervalTree | null | undefined): boolean => {
    if (!node || !('from' in node)) return true;
    if (node.from !== node.to || typeof node.from !== 'string') return false;
    keys.push(node.from);
    return visit(node.l) && visit(node.r);
  };
  return visit(tree) ? keys : null;
}

/**
 * Substring search over the cases' search text, from a copy held in memory. IndexedDB has no substring index, so
 * a search reads every case row (~1.2 s for 10,000 on a phone at 4x CPU slowdown); typing a search runs one per
 * keystroke. The copy (id, date and text) is read once; afterwards the rows a write changed — in this tab or
 * another: Dexie's storagemutated event names their keys when the writing transaction completes, before its
 * caller resumes — are read again by id at the next search and patched in, so a search right after saving a case
 * does not read all rows again. A change it cannot name row by row drops the copy.
 */
export type TextSearch = ReturnType<typeof createTextSearch>;

export function createTextSearch(db: LocalDb) {
  let entries: Promise<Entry[]> | null = null;
  /** Rows written since `entries` was last brought up to date. */
  const changed = new Set<string>();
  const casesPart = `idb://${db.name}/cases/`;
  const onMutated = (parts: Record<string, IntervalTree>) => {
    if (!entries) return;
    const tree = parts[casesPart];
    const keys = 'all' in parts ? null : tree ? keysOf(tree) : [];
    if (keys === null || changed.size + keys.length > PATCH_LIMIT) {
      entries = null;
      changed.clear();
      return;
    }
    for (const k of keys) changed.add(k);
  };
  Dexie.on('storagemutated', onMutated);

  const readAll = (): Promise<Entry[]> =>
    db.cases
      .orderBy('acceptedOn')
      .reverse()
      .toArray((rows) => rows.map((r) => ({ id: r.id, acceptedOn: r.acceptedOn, text: r.text })));

  async function patch(previous: Promise<Entry[]>, ids: string[]): Promise<Entry[]> {
    const [list, rows] = await Promise.all([previous, db.cases.bulkGet(ids)]);
    const gone = new Set(ids);
    const next = list.filter((e) => !gone.has(e.id));
    for (const row of rows) {
      if (!row) continue;
      const entry = { id: row.id, acceptedOn: row.acceptedOn, text: row.text };
      let lo = 0;
      let hi = next.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (isBefore(next[mid]!, entry)) lo = mid + 1;
        else hi = mid;
      }
      next.splice(lo, 0, entry);
    }
    return next;
  }

  return {
    /** Ids of the cases whose text contains `needle` (lower-case), newest accepted first. */
    async idsContaining(needle: string): Promise<string[]> {
      let current = (entries ??= readAll());
      if (changed.size > 0) {
        const ids = [...changed];
        changed.clear();
        current = entries = patch(current, ids);
      }
      try {
        return (await current).filter((e) => e.text.includes(needle)).map((e) => e.id);
      } catch (e) {
        if (entries === current) entries = null;
        throw e;
      }
    },
    dispose() {
      Dexie.on.storagemutated.unsubscribe(onMutated);
      entries = null;
      changed.clear();
    },
  };
}
