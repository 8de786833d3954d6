import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newCase, openPhone, type Phone } from './testing/fixtures.ts';
import { serverDatabases, startServer } from './testing/server-harness.ts';

const [sqlite] = await serverDatabases();

/** Rounds of work the phone syncs; the server then goes back to after one of them; the phone edits, then syncs. */
const scenarioArb = fc.record({
  rounds: fc.array(fc.record({ creates: fc.integer({ min: 0, max: 3 }), edit: fc.option(fc.nat(20), { nil: null }) }), { minLength: 1, maxLength: 4 }),
  /** Which round's end the restore goes back to (0: before any). */
  point: fc.nat(4),
  editsWhileRewound: fc.array(fc.nat(20), { maxLength: 3 }),
  batchSize: fc.integer({ min: 1, max: 4 }),
});

async function editSome(phone: Phone, pick: number, value: string) {
  const ids = (await phone.store.listCases({ limit: 100 })).items.map((c) => c.id).sort();
  if (ids.length > 0) await phone.store.editCase(ids[pick % ids.length]!, { facts: value });
}

describe('a phone after a rewind to any point, in any batch size (property)', () => {
  it('ends with every mutation applied once on the server and the same cases on both sides', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ rounds, point, editsWhileRewound, batchSize }) => {
        const server = await startServer(sqlite!);
        try {
          const phone = await openPhone(server, 'grid01', { batchSize });
          const backups = [await server.backup()];
          let n = 0;
          for (const [r, round] of rounds.entries()) {
            for (let i = 0; i < round.creates; i++) await phone.store.createCase(newCase(`c${++n}`));
            if (round.edit !== null) await editSome(phone, round.edit, `第${r}轮`);
            expect((await phone.engine.syncNow()).ok).toBe(true);
            backups.push(await server.backup());
          }
          await server.restore(backups[Math.min(point, backups.length - 1)]);
          for (const [i, pick] of editsWhileRewound.entries()) await editSome(phone, pick, `回档后${i}`);
          const run = await phone.engine.syncNow();
          expect(run.ok ? null : run.error).toBeNull();

          const log = await server.query<{ mutation_id: number; status: string }>('select mutation_id, status from mutations order by mutation_id');
          const ids = log.map((m) => Number(m.mutation_id));
          expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
          expect(log.every((m) => m.status === 'applied')).toBe(true);
          const local = await Promise.all(
            (await phone.store.listCases({ limit: 100 })).items.map(async (c) => [c.id, (await phone.store.getCase(c.id))!.case.facts] as const),
          );
          const onServer = (await server.query<{ id: string; doc: string }>('select id, doc from cases where deleted = 0')).map(
            (r) => [r.id, (JSON.parse(r.doc) as { facts: string }).facts] as const,
          );
          expect([...onServer].sort()).toEqual([...local].sort());
          expect(await phone.store.hasUnsynced()).toBe(false);
        } finally {
          await server.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
