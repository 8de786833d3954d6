import { maskPhone } from '@tiaojie/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRowFor, phoneLookupKeys } from './local-view.ts';
import { internalsOf } from './store-internals.ts';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const ID = '110101199003074477';
const PHONE = '13912345678';
const databases = await serverDatabases();

describe.each(databases)('parties the server discloses masked ($name)', (database) => {
  let server: ServerHarness;
  beforeAll(async () => {
    server = await startServer(database);
  }, 60_000);
  afterAll(() => server.close());

  it('hold no full ID number or withheld phone on the phone, still find duplicates by phone, and survive a party edit', async () => {
    const grid = await openPhone(server, 'grid01');
    await grid.store.createCase(newCase('m-1', 'g01', { parties: { p1: { id: 'p1', role: 'applicant', kind: 'person', personal: { name: '赵立新', idType: 'resident_id', idNumber: ID, phone: PHONE } } } }));
    expect((await grid.engine.syncNow()).ok).toBe(true);
    // Even the phone that typed the ID number keeps only its masked form once the server copy is in; the phone stays.
    const gridDoc = JSON.stringify(await internalsOf(grid.store).db.caseDocs.get('m-1'));
    expect(gridDoc).not.toContain(ID);
    expect(gridDoc).toContain(PHONE);

    // Handed to the community (a staff device keeps only what its unit handles).
    await grid.store.escalate('m-1', { toLevel: 'community', reason: '调解不成', date: '2024-03-05' });
    expect((await grid.engine.syncNow()).ok).toBe(true);
    const community = await openPhone(server, 'community01');
    expect((await community.engine.syncNow()).ok).toBe(true);
    const held = JSON.stringify(await internalsOf(community.store).db.caseDocs.toArray()) + JSON.stringify(await internalsOf(community.store).db.cases.toArray());
    expect(held).not.toContain(ID);
    expect(held).not.toContain(PHONE);
    const party = (await community.store.getCase('m-1'))!.case.parties.p1!;
    expect(party.personal).toMatchObject({ phoneMasked: maskPhone(PHONE), idNumberMasked: '110101********4477' });
    // The duplicate check matches a typed number by its masked form (the hash key never leaves the server).
    const found = await community.store.findPossibleDuplicates({ phone: PHONE, withinDays: 100_000 });
    expect(found.map((m) => [m.summary.id, m.matchedOn])).toEqual([['m-1', ['phone']]]);
    expect(await community.store.findPossibleDuplicates({ phone: '13912340000', withinDays: 100_000 })).toEqual([]);

    // An edit of the party as disclosed (hashes sent back) keeps the server's values.
    await community.store.addParty('m-1', { ...party, personal: { ...party.personal, name: '赵立新(更正)' } } as typeof party);
    expect((await community.engine.syncNow()).ok).toBe(true);
    const [row] = await server.query<{ id: string }>('select id from cases where id = ?', 'm-1');
    expect(row).toBeDefined();
    // The server kept the withheld values (still disclosed masked, with the same hashes), and took the new name.
    const back = (await community.store.getCase('m-1'))!.case.parties.p1!.personal as Record<string, unknown>;
    expect(back).toMatchObject({ name: '赵立新(更正)', phoneMasked: maskPhone(PHONE), idNumberMasked: '110101********4477' });
    expect(back.phoneHash).toBe((party.personal as Record<string, unknown>).phoneHash);
    grid.store.close();
    community.store.close();
  }, 60_000);

  it('index a withheld phone by its masked form only', () => {
    const doc = { parties: { p1: { id: 'p1', role: 'applicant', kind: 'person', personal: { name: 'x', idType: 'resident_id', phoneMasked: '139****5678' } } } };
    const row = caseRowFor({ ...newCaseDoc(), ...doc } as never, { attention: false, today: '2026-01-01' });
    expect(row.phones).toEqual(['masked:139****5678']);
    expect(phoneLookupKeys('139 1234 5678')).toEqual(['13912345678', 'masked:139****5678']);
  });
});

function newCaseDoc() {
  return { ...newCase('x'), status: 'accepted', handlingLevel: 'grid', handlingNodeId: 'g01', risk: 'low', isGroup: false, peopleInvolved: 2, sessions: {}, followUps: {}, photos: {}, conflicts: {}, escalations: {}, createdBy: 'u', createdAt: '2026-01-01T00:00:00.000Z' };
}
