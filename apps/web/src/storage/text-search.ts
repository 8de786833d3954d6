import Dexie from 'dexie';
import type { LocalDb } from './local-db.ts';

/**
 * Substring search over the cases' search text, from a copy held in memory. IndexedDB has no substring index, so
 * a search reads every case row (~1.2 s for 10,000 on a phone at 4x CPU slowdown); typing a search runs one per
 * keystroke. The copy (id and text only) is read once and dropped whenever the cases table changes, in this tab
 * or another (Dexie's storagemutated event fires when the writing transaction completes, before its caller resumes).
 */
export function createTextSearch(db: LocalDb) {
  /** Newest accepted first, as the case list shows them. */
  let entries: Promise<{ id: string; text: string }[]> | null = null;
  const casesPart = `idb://${db.name}/cases/`;
  const onMutated = (parts: Record<string, unknown>) => {
    if ('all' in parts || Object.keys(parts).some((k) => k.startsWith(casesPart))) entries = null;
  };
  Dexie.on('storagemutated', onMutated);
  return {
    /** Ids of the cases whose text contains `needle` (lower-case), newest accepted first. */
    async idsContaining(needle: string): Promise<string[]> {
      const current = (entries ??= db.cases
        .orderBy('acceptedOn')
        .reverse()
        .toArray((rows) => rows.map((r) => ({ id: r.id, text: r.text }))));
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
    },
  };
}
