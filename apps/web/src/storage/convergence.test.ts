import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorageError } from './storage-error.ts';
import { internalsOf } from './store-internals.ts';
import { createFaultyNetwork, seededRandom } from './testing/faulty-network.ts';
import { newCase, openPhone, type Phone } from './testing/fixtures.ts';
import { serverDatabases, startServer } from './testing/server-harness.ts';
import { expectRefusalsMarkedOrResent } from './testing/refusals.ts';

const databases = await serverDatabases();
const users = ['grid01', 'grid02', 'community01'] as const;
const gridsOf: Record<(typeof users)[number], string[]> = { grid01: ['g01'], grid02: ['g02'], community01: ['g01', 'g03'] };

const phoneArb = fc.integer({ min: 0, max: users.length - 1 });
const pickArb = fc.nat(20);
const commandArb = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), phone: phoneArb, pick: pickArb }),
  fc.record({ kind: fc.constant('edit' as const), phone: phoneArb, pick: pickArb, field: fc.constantFrom('facts', 'risk'), value: fc.nat(2) }),
  fc.record({ kind: fc.constant('session' as const), phone: phoneArb, pick: pickArb, item: fc.constantFrom('s1', 's2'), value: fc.nat(2) }),
  fc.record({ kind: fc.constant('escalate' as const), phone: phoneArb, pick: pickArb }),
  fc.record({ kind: fc.constant('conclude' as const), phone: phoneArb, pick: pickArb }),
  fc.record({ kind: fc.constant('delete' as const), phone: phoneArb, pick: pickArb }),
  fc.record({ kind: fc.constant('sync' as const), phone: phoneArb }),
  fc.record({ kind: fc.constant('sync' as const), phone: phoneArb }),
  fc.record({ kind: fc.constant('sync' as const), phone: phoneArb }),
  fc.record({ kind: fc.constant('flush' as const) }),
);
type Command = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;

async function pickCase(phone: Phone, pick: number): Promise<string | undefined> {
  const { items } = await phone.store.listCases({ limit: 100 });
  const sorted = items.map((c) => c.id).sort();
  return sorted.length ? sorted[pick % sorted.length] : undefined;
}

async function run(phones: Phone[], cmd: Command, counter: { n: number }, flush: () => Promise<void>) {
  if (cmd.kind === 'flush') return flush();
  const phone = phones[cmd.phone]!;
  const user = users[cmd.phone]!;
  if (cmd.kind === 'sync') return void (await phone.engine.syncNow());
  if (cmd.kind === 'create') {
    const grids = gridsOf[user];
    return void (await phone.store.createCase(newCase(`k${++counter.n}`, grids[cmd.pick % grids.length])));
  }
  const id = await pickCase(phone, cmd.pick);
  if (!id) return;
  try {
    if (cmd.kind === 'edit') await phone.store.editCase(id, cmd.field === 'facts' ? { facts: `事实${cmd.value}` } : { risk: (['blue', 'yellow', 'orange'] as const)[cmd.value] });
    if (cmd.kind === 'session') await phone.store.addSession(id, { id: cmd.item, date: '2024-03-03', mediator: `调解员${cmd.value}`, body: 'grid_worker', notes: '' });
    if (cmd.kind === 'escalate') await phone.store.escalate(id, { toLevel: user === 'community01' ? 'subdistrict' : 'community', reason: '升级', date: '2024-03-04' });
    if (cmd.kind === 'conclude') await phone.store.conclude(id, { outcome: { code: 'success', concludedOn: '2024-03-10', body: 'grid_worker' } });
    if (cmd.kind === 'delete') await phone.store.deleteCase(id);
  } catch (e) {
    // The phone refuses illegal actions locally (e.g. delete after mediation started): nothing is queued.
    if (!isStorageError(e)) throw e;
  }
}

describe.each(databases)('convergence of three phones over a faulty network on $name', (database) => {
  it('ends with every phone equal to the server within its scope and every mutation answered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 5, maxLength: 40 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (commands, seed) => {
        const server = await startServer(database);
        const net = createFaultyNetwork(server.fetch, seededRandom(seed));
        const phones: Phone[] = [];
        try {
          for (const u of users) phones.push(await openPhone(server, u, { fetch: net.fetch, batchSize: 3 }));
          const counter = { n: 0 };
          for (const cmd of commands) await run(phones, cmd, counter, net.flushDelayed);

          // The network calms down; stale copies still arrive; everyone syncs until quiet.
          await net.flushDelayed();
          net.calm();
          for (let round = 0; round < 2; round++) for (const p of phones) expect((await p.engine.syncNow()).ok).toBe(true);

          for (const phone of phones) {
            expect((await phone.store.getSyncStatus()).pending).toBe(0);
            const res = await server.fetch('/api/cases?limit=500', { headers: { authorization: `Bearer ${phone.token}` } });
            // A grid phone keeps its grid; a staff device only the cases its own unit handles and has not archived.
            const own = phone.username === 'community01' ? (c: { handlingNodeId: string; status: string }) => c.handlingNodeId === 'c1' && c.status !== 'archived' : () => true;
            const serverView = ((await res.json()) as { items: { id: string; handlingNodeId: string; status: string }[] }).items.filter(own).sort((a, b) => a.id.localeCompare(b.id));
            const local = (await phone.store.listCases({ limit: 1000 })).items.map((c) => c.id).sort();
            expect(local).toEqual(serverView.map((c) => c.id));
            for (const c of serverView) expect((await phone.store.getCase(c.id))?.case).toEqual(c);

            // Every mutation the phone made has a final status on the server, and the non-applied ones are on the phone.
            const { replicaId, db } = internalsOf(phone.store);
            const made = (((await db.meta.get('nextMutationId'))?.value as number | undefined) ?? 1) - 1;
            const answered = await server.query<{ mutation_id: number; status: string; name: string }>('select mutation_id, status, name from mutations where device_id = ? order by mutation_id', replicaId);
            expect(answered.map((m) => Number(m.mutation_id))).toEqual(Array.from({ length: made }, (_, i) => i + 1));
            const attention = (await phone.store.getSyncStatus()).attention.map((a) => a.mutationId).sort((a, b) => a - b);
            expectRefusalsMarkedOrResent(answered, attention);
          }
        } finally {
          for (const p of phones) p.store.close();
          await server.close();
        }
      }),
      { numRuns: database.name === 'postgres' ? 8 : 25 },
    );
  }, 240_000);
});
