import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './create-database.js';
import { testDatabases } from './test-databases.js';

describe.each(testDatabases())('store on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('migrates an empty database and starts the server sequence at 0', async () => {
    store = await create();
    const row = await store.db.selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(row.value).toBe(0);
  });

  it('orders paths bytewise so a subtree is one range', async () => {
    store = await create();
    const nodes = [
      { id: 'd1', path: '/d1/' },
      { id: 's1', path: '/d1/s1/' },
      { id: 'c1', path: '/d1/s1/c1/' },
      { id: 'c10', path: '/d1/s1/c10/' },
      { id: 'c1-a', path: '/d1/s1/c1-a/' },
    ];
    for (const [i, n] of nodes.entries()) {
      await store.db
        .insertInto('org_nodes')
        .values({ id: n.id, parent_id: null, kind: 'community', name: n.id, path: n.path, sort_order: i })
        .execute();
    }
    const inC1 = await store.db
      .selectFrom('org_nodes')
      .select('id')
      .where('path', '>=', '/d1/s1/c1/')
      .where('path', '<', sql<string>`${'/d1/s1/c1/'} || '~'`)
      .execute();
    expect(inC1.map((r) => r.id)).toEqual(['c1']);
  });
});
