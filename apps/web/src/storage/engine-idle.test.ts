import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databases)('a started engine goes quiet on $name', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('pulls once on start and again only after a save, not after its own writes', async () => {
    const requests: string[] = [];
    const counting = await openPhone(server, 'grid01');
    const phone = await openPhone(server, 'grid01', {
      token: counting.token,
      fetch: (input, init) => {
        requests.push(new URL(String(input), 'http://x').pathname);
        return server.fetch(input, init);
      },
    });
    // Something to pull, so the first run writes pages and a cursor.
    await counting.store.createCase(newCase('k0'));
    await counting.engine.syncNow();

    phone.engine.start();
    await settle(400);
    // A lean page, then the one state this phone lacks.
    expect(requests).toEqual(['/api/sync/pull', '/api/sync/records']);
    expect((await phone.store.listCases()).total).toBe(1);

    requests.length = 0;
    await phone.store.createCase(newCase('k1'));
    await settle(400);
    // Its own write comes back in the lean page by seq only: the push answer already gave the state.
    expect(requests).toEqual(['/api/sync/push', '/api/sync/pull']);
    expect(await phone.store.hasUnsynced()).toBe(false);
    phone.engine.stop();
  });
});
