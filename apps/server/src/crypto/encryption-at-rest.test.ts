import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findCaseInScope } from '../cases/case-queries.js';
import { createDatabase, type Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { insertStoredCases } from '../reports/case-rows.js';
import { DEMO_PASSWORD, seedDemo } from '../seed/index.js';
import { newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import { createTestContext } from '../test-support/test-context.js';
import { encryptClearRows, rotateMasterKey } from './keyring.js';
import { loadMasterKey } from './master-key.js';
import { isSealed, open, seal, type DataKey } from './personal-cipher.js';

const ID = '110101199003074477';
const PHONE = '13912345678';
const partyArgs = (id: string) =>
  newCaseArgs(id, 'g01', {
    parties: {
      p1: { id: 'p1', role: 'applicant', sex: 'male', age: 34, personal: { name: '赵立新', idNumber: ID, phone: PHONE } },
      p2: { id: 'p2', role: 'respondent', personal: { name: '钱卫东', phone: '13787654321' } },
    },
  });

/** A password sign-in of grid01 on `deviceId`: its recovery key. */
async function passwordSignIn(ctx: Awaited<ReturnType<typeof createTestContext>>, deviceId: string): Promise<string> {
  const res = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid01', password: DEMO_PASSWORD, deviceId } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { recoveryKey: string }).recoveryKey;
}

describe('party data cipher', () => {
  for (const cipher of ['aes-256-gcm', 'sm4-cbc-hmac-sm3'] as const) {
    it(`${cipher}: round-trips, names its key, and refuses a changed value`, () => {
      const dk: DataKey = { id: 'k1', cipher, key: randomBytes(32) };
      const sealed = seal(JSON.stringify({ p1: { idNumber: ID } }), dk);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed).toContain(`.${cipher}.k1.`);
      expect(sealed).not.toContain(ID);
      expect(JSON.parse(open(sealed, () => dk))).toEqual({ p1: { idNumber: ID } });
      const body = Buffer.from(sealed.split('.')[3]!, 'base64');
      body[body.length - 1]! ^= 1;
      const tampered = sealed.split('.').slice(0, 3).join('.') + '.' + body.toString('base64');
      expect(() => open(tampered, () => dk)).toThrow();
      expect(() => open(sealed, () => ({ ...dk, key: randomBytes(32) }))).toThrow();
    });
  }
});

describe('master key', () => {
  it('is generated 0600 outside production, refused when missing in production, and read from MASTER_KEY first', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-key-'));
    expect(() => loadMasterKey({ dataDir, production: true })).toThrow(/no master key: set MASTER_KEY/);
    const made = loadMasterKey({ dataDir, production: false });
    expect(made.generated).toBe(true);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(loadMasterKey({ dataDir, production: true }).key.equals(made.key)).toBe(true);
    const env = randomBytes(32);
    expect(loadMasterKey({ dataDir, production: true, masterKey: env.toString('base64') }).key.equals(env)).toBe(true);
    expect(() => loadMasterKey({ dataDir, production: true, masterKey: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });
});

describe.each(testDatabases())('party data at rest ($name)', (database) => {
  async function rawPersonal(store: Store): Promise<string[]> {
    return (await store.db.selectFrom('cases').select(['doc', 'personal']).execute()).flatMap((r) => [r.doc, r.personal]);
  }

  it('stores parties, conflicts on parties included, with no ID number or phone in clear, and reads them back whole', async () => {
    const store = await database.create();
    try {
      const ctx = await createTestContext(store);
      const a = await syncClient(ctx, 'grid01', 'phone-aaaa');
      const b = await syncClient(ctx, 'grid01', 'phone-bbbb');
      await a.push([{ id: 1, name: 'case.create', args: partyArgs('c-1') }]);
      const base = 1;
      const party = (phone: string) => ({ id: 'p2', role: 'respondent', kind: 'person', personal: { name: '钱卫东', phone } });
      await a.push([{ id: 2, name: 'case.edit', args: { caseId: 'c-1', base: { 'parties.p2': base }, changes: { 'parties.p2': party('13711112222') } } }]);
      const r = await b.push([{ id: 1, name: 'case.edit', args: { caseId: 'c-1', base: { 'parties.p2': base }, changes: { 'parties.p2': party('13733334444') } } }]);
      expect(r.results[0]!.status).toBe('conflict');
      const raw = (await rawPersonal(store)).join('\n');
      for (const clear of [ID, PHONE, '13711112222', '13733334444', '13787654321']) expect(raw).not.toContain(clear);
      const c = (await findCaseInScope(store, 'c-1', '/d1/'))!;
      expect(c.parties.p1!.personal).toMatchObject({ idNumber: ID, phone: PHONE });
      const conflict = Object.values(c.conflicts)[0]!;
      expect(JSON.stringify([conflict.serverValue, conflict.clientValue])).toContain('13733334444');
      expect(JSON.stringify([conflict.serverValue, conflict.clientValue])).toContain('13711112222');
    } finally {
      await store.close();
    }
  });

  it('encrypts rows written in clear, once, and reads them the same before and after', async () => {
    const store = await database.create();
    try {
      const ctx = await createTestContext(store);
      void ctx;
      await insertStoredCases(store.db, [
        {
          id: 'old-1', gridId: 'g01', communityId: 'c1', subdistrictId: 's1', districtId: 'd1', createdBy: 'u', type: 'neighbour', source: 'proactive',
          risk: 'low', acceptedOn: '2024-01-02', isGroup: false, peopleInvolved: 2, followUpCount: 0, agreementAmount: 0,
          preventedCriminal: false, preventedPetition: false, roles: { p1: 'applicant' }, personal: { p1: { name: '孙', phone: PHONE, idNumber: ID } },
        } as never,
      ]);
      expect((await rawPersonal(store)).join()).toContain(ID);
      expect(await encryptClearRows(store.db, store.personal)).toBe(1);
      expect(await encryptClearRows(store.db, store.personal)).toBe(0);
      expect((await rawPersonal(store)).join()).not.toContain(ID);
      const row = await store.db.selectFrom('cases').select('personal').executeTakeFirstOrThrow();
      expect(JSON.parse(store.personal.open(row.personal))).toEqual({ p1: { name: '孙', phone: PHONE, idNumber: ID } });
    } finally {
      await store.close();
    }
  });
});

/** Opens the same database twice (a restart): SQLite by file, PostgreSQL by schema. */
function reopenable(): { name: string; open(masterKey: Buffer, cipher?: 'aes-256-gcm' | 'sm4-cbc-hmac-sm3'): Promise<Store>; drop(): Promise<void> }[] {
  const dir = mkdtempSync(join(tmpdir(), 'tiaojie-rest-'));
  const list = [{ name: 'sqlite', open: (masterKey: Buffer, cipher?: 'aes-256-gcm' | 'sm4-cbc-hmac-sm3') => createDatabase({ dataDir: dir, masterKey, ...(cipher ? { cipher } : {}) }), drop: async () => {}, dir }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(q);
      await c.end();
    };
    let created = false;
    list.push({
      name: 'postgres',
      dir,
      async open(masterKey, cipher) {
        if (!created) await admin(`create schema ${schema}`);
        created = true;
        return createDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 2, masterKey, ...(cipher ? { cipher } : {}) });
      },
      drop: () => admin(`drop schema ${schema} cascade`),
    });
  }
  return list;
}

describe.each(reopenable())('master key rotation and cipher choice ($name)', (db) => {
  it('re-wraps data keys under a new master key: the data reads with the new key, not the old; SM4 data written alongside stays readable', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    try {
      let store = await db.open(oldKey);
      const ctx = await createTestContext(store);
      const a = await syncClient(ctx, 'grid01');
      await a.push([{ id: 1, name: 'case.create', args: partyArgs('c-aes') }]);
      const recoveryKey = await passwordSignIn(ctx, 'phone-rotation');
      // A recovery key an older build stored in clear: sealed by the next start.
      const clearKey = Buffer.alloc(32, 3).toString('base64url');
      const { id: grid01 } = await store.db.selectFrom('users').select('id').where('username', '=', 'grid01').executeTakeFirstOrThrow();
      await store.db.insertInto('device_recovery_keys').values({ user_id: grid01, device_id: 'phone-clear-old', recovery_key: clearKey, created_at: '2026-12-01T00:00:00Z' }).execute();
      await store.close();
      store = await db.open(oldKey, 'sm4-cbc-hmac-sm3');
      const stored = await store.db.selectFrom('device_recovery_keys').select('recovery_key').where('device_id', '=', 'phone-clear-old').executeTakeFirstOrThrow();
      expect(stored.recovery_key).toMatch(/^e1\.sm4-cbc-hmac-sm3\./);
      const ctx2 = await createTestContext(store);
      expect(await passwordSignIn(ctx2, 'phone-clear-old')).toBe(clearKey);
      await (await syncClient(ctx2, 'grid01', 'phone-sm4-device')).push([{ id: 1, name: 'case.create', args: partyArgs('c-sm4') }]);
      expect((await store.db.selectFrom('cases').select('personal').where('id', '=', 'c-sm4').executeTakeFirstOrThrow()).personal).toMatch(/^e1\.sm4-cbc-hmac-sm3\./);
      // A server keeps running across the rotation (its data keys are held unwrapped).
      expect(await rotateMasterKey(store.db, oldKey, newKey)).toBe(2);
      expect((await findCaseInScope(store, 'c-aes', '/d1/'))!.parties.p1!.personal).toMatchObject({ idNumber: ID });
      await store.close();
      await expect(db.open(oldKey)).rejects.toThrow(/cannot be unwrapped/);
      store = await db.open(newKey);
      for (const id of ['c-aes', 'c-sm4']) expect((await findCaseInScope(store, id, '/d1/'))!.parties.p1!.personal).toMatchObject({ idNumber: ID, phone: PHONE });
      const versions = await store.db.selectFrom('data_keys').select('version').execute();
      expect(versions.map((v) => v.version)).toEqual([2, 2]);
      // Phones' recovery keys are sealed under the same data keys: after the rotation the device gets the same one.
      expect(await passwordSignIn(await createTestContext(store), 'phone-rotation')).toBe(recoveryKey);
      await store.close();
    } finally {
      await db.drop();
    }
  });
});

describe('raw SQLite file and WAL after a realistic run', () => {
  it('hold no ID number or phone of any party', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiaojie-scan-'));
    const store = await createDatabase({ dataDir: dir, masterKey: randomBytes(32) });
    const config = { dataDir: dir, tokenTtlDays: 1, production: false };
    expect(await seedDemo(store, config)).toBe(true);
    const ctx = await createTestContext(store);
    const a = await syncClient(ctx, 'grid01');
    await a.push(Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: 'case.create', args: partyArgs(`scan-${i}`) })));
    // Phones' recovery keys (one per password sign-in's device) must not be found either, nor written in clear first.
    const recoveryKeys = [];
    for (let i = 0; i < 5; i++) recoveryKeys.push(await passwordSignIn(ctx, `phone-scan-${i}`));
    // What must not be found: every ID number and phone the seeded and pushed parties hold (read through the codec).
    const secrets = new Set<string>();
    for (const r of await store.db.selectFrom('cases').select('personal').execute()) {
      const walk = (v: unknown): void => {
        if (!v || typeof v !== 'object') return;
        for (const [k, x] of Object.entries(v)) {
          if ((k === 'idNumber' || k === 'phone') && typeof x === 'string') secrets.add(x);
          else walk(x);
        }
      };
      walk(JSON.parse(store.personal.open(r.personal)));
    }
    expect(secrets.size).toBeGreaterThan(50);
    const files = readdirSync(dir).filter((f) => f.startsWith('tiaojie.sqlite'));
    expect(files).toContain('tiaojie.sqlite-wal');
    const bytes = files.map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
    // (UTF-8 digits are ASCII, so a latin1 view finds them as stored)
    const found = [...secrets].filter((s) => bytes.includes(s));
    expect(found).toEqual([]);
    expect(recoveryKeys.filter((k) => bytes.includes(k))).toEqual([]);
    // (and not as the raw bytes either, in case some layer stored them decoded)
    expect(recoveryKeys.filter((k) => bytes.includes(Buffer.from(k, 'base64url').toString('latin1')))).toEqual([]);
    await store.close();
    expect(existsSync(join(dir, 'tiaojie.sqlite'))).toBe(true);
  }, 120_000);
});
