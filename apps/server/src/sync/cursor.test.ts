import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from './sync-test-kit.js';

describe.each(testDatabases())('pull cursor with concurrent writers on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  it('skips nothing when pulls run between and during concurrent commits', async () => {
    // Four devices writing into one grid, and a fifth device of that grid reading (a grid phone keeps its grid).
    const writers = await Promise.all([1, 2, 3, 4].map((n) => syncClient(ctx, 'grid01', `writer-${n}`)));
    const grids = ['g01', 'g01', 'g01', 'g01'];
    const reader = await syncClient(ctx, 'grid01', 'reader-device');
    const perWriter = 25;
    let writing = true;
    const delivered: { id: string; seq: number }[] = [];
    let cursor = 0;

    const pullLoop = (async () => {
      while (writing || delivered.length < writers.length * perWriter) {
        // Read before the pull: a pull that started while the last push was committing may come back empty after
        // the writers finished, and must not end the loop.
        const startedAfterWriting = !writing;
        const page = await reader.pullAll(cursor, 7);
        for (const c of page.changes) delivered.push({ id: c.id, seq: c.seq });
        cursor = page.cursor;
        if (startedAfterWriting && page.changes.length === 0) break;
      }
    })();
    await Promise.all(
      writers.map(async (w, i) => {
        for (let n = 1; n <= perWriter; n++) {
          const r = await w.push([{ id: n, name: 'case.create', args: newCaseArgs(`w${i}-${n}`, grids[i]) }]);
          expect(r.results[0]?.status).toBe('applied');
        }
      }),
    );
    writing = false;
    await pullLoop;

    const ids = delivered.map((d) => d.id);
    expect(new Set(ids).size).toBe(writers.length * perWriter);
    expect(ids).toHaveLength(writers.length * perWriter);
    const seqs = delivered.map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const committed = await store.db.selectFrom('change_log').select('seq').orderBy('seq').execute();
    expect(seqs).toEqual(committed.map((r) => Number(r.seq)));
  });
});
