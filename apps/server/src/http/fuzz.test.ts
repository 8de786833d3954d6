import { gunzipSync } from 'node:zlib';
import { caseActions } from '@tiaojie/domain';
import { mutationArgsSchemas, mutationNames, PROTOCOL_VERSION, type PullResponse } from '@tiaojie/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueToken } from '../auth/index.js';
import { createDatabase, type Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { applyDemoStories } from '../seed/apply-demo-stories.js';
import {
  deepJson,
  jsonDepth,
  junkValue,
  longString,
  nastyString,
  schemaArbitrary,
  type JsonSchema,
} from '../test-support/schema-arbitrary.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';


/** FUZZ_RUNS=500 FUZZ_SEED=123 pnpm exec vitest run apps/server/src/http/fuzz.test.ts to search longer. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** FUZZ_COLLECT=1: log every 5xx instead of stopping at the first (to survey holes). */
const COLLECT = process.env.FUZZ_COLLECT === '1';
const collected: string[] = [];
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20_261_207);


interface Operation {
  method: string;
  path: string;
  params: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  bodyTypes: string[];
  bodySchema?: JsonSchema;
}

/** A generated request before it meets the store: tokens and ids are filled in when it is sent. */
interface FuzzInput {
  pathParams: Record<string, string>;
  query: string;
  auth: { kind: 'none' } | { kind: 'user'; username: string; scheme: string } | { kind: 'raw'; value: string };
  contentType: string | undefined;
  body: Body;
  headers: Record<string, string>;
}

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'deep'; depth: number; shape: 'array' | 'object' }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'form'; text: string; filename: string };

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | FormData | undefined;
  bodyText: string;
  /** What the request carries that a known hole is about. */
  nul: boolean;
  depth: number;
  hasBody: boolean;
  routeTakesBody: boolean;
  /** The Content-Type is one the route declares (multipart forms count as declared when the route takes them). */
  declaredContentType: boolean;
}

const doc = await readOpenApi();
const operations = Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]): Operation => {
    const content = ((op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content ?? {}) as Record<string, { schema?: JsonSchema }>;
    return {
      method: method.toUpperCase(),
      path,
      params: (op.parameters as Operation['params'] | undefined) ?? [],
      bodyTypes: Object.keys(content),
      bodySchema: content['application/json']?.schema,
    };
  }),
);

const USERS = ['grid01', 'grid04', 'community01', 'street', 'district', 'admin'];
const pushArgsSchemas = Object.fromEntries(
  mutationNames.map((n) => [n, z.toJSONSchema(mutationArgsSchemas[n], { io: 'input', unrepresentable: 'any' }) as JsonSchema]),
);

describe('the fuzz suite reads every route', () => {
  it('finds the API in /api/openapi.json', () => {
    expect(operations.length).toBeGreaterThan(25);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/sync/push');
  });
});

describe.each(testDatabases())('fuzzing every endpoint ($name): no 5xx, every 4xx has a code', (database) => {
  let store: Store;
  let ctx: TestContext;
  let pools: Pools;
  let sent = 0;

  beforeAll(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    await applyDemoStories(store, ctx.config);
    pools = await readPools(store, ctx);
  }, 60_000);
  afterAll(async () => {
    if (collected.length) console.info(`[fuzz ${database.name}] ${collected.length} 5xx in ${sent} requests:\n${collected.join("\n\n")}`);
    collected.length = 0;
    await store?.close();
  });

  it.each(operations)('$method $path', async (op) => {
    await fc.assert(
      fc.asyncProperty(requestArbitrary(op), async (input) => {
        const req = await materialize(op, input, store, pools);
        sent++;
        const res = await ctx.app.request(req.path, { method: req.method, headers: req.headers, body: req.body });
        // A client that accepts any encoding (Accept-Encoding: *) may get a gzipped answer, as a browser would inflate it.
        const raw = Buffer.from(await res.arrayBuffer());
        const text = (res.headers.get('content-encoding') === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        if (res.status >= 500) {
          const failure = `${res.status} for ${describeRequest(req)}\n→ ${text.slice(0, 300)}`;
          if (COLLECT) {
            collected.push(failure);
            return;
          }
          throw new Error(failure);
        }
        if (res.status >= 400) {
          let parsed: { error?: { code?: unknown; message?: unknown } } | undefined;
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch {
            // reported below
          }
          if (typeof parsed?.error?.code !== 'string' || typeof parsed.error.message !== 'string') {
            throw new Error(`${res.status} without {error:{code,message}} for ${describeRequest(req)}\n→ ${text.slice(0, 300)}`);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
    );
  }, 120_000);

  it('afterwards every pull page still succeeds for a grid and a street account', async () => {
    expect((await ctx.app.request('/api/health')).status).toBe(200);
    for (const username of ['grid01', 'street']) {
      for (const lean of [false, true]) {
        const { token } = await tokenFor(store, pools, username);
        let cursor = 0;
        let pages = 0;
        for (;;) {
          const res = await ctx.request('POST', '/api/sync/pull', { token, body: { protocolVersion: PROTOCOL_VERSION, cursor, limit: 50, lean } });
          expect(res.status, `${username} pull page ${pages} from ${cursor}: ${res.status}`).toBe(200);
          const page = (await res.json()) as PullResponse;
          pages++;
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
        expect(pages).toBeGreaterThan(0);
      }
    }
  }, 60_000);
});

async function readOpenApi(): Promise<Record<string, unknown>> {
  const store = await createDatabase({ sqliteFile: ':memory:' });
  const ctx = await createTestContext(store);
  const res = await ctx.app.request('/api/openapi.json');
  const doc = (await res.json()) as Record<string, unknown>;
  await store.close();
  return doc;
}

interface Pools {
  userIds: Map<string, string>;
  caseIds: string[];
  activityIds: string[];
  /** An account the fuzzer may edit, disable or lock without touching the ones the checks sign in with. */
  victimUserId: string;
  photoSha: string;
  ledgerHeader: string;
  years: number[];
  tokenSerial: number;
}

async function readPools(store: Store, ctx: TestContext): Promise<Pools> {
  const users = await store.db.selectFrom('users').select(['id', 'username']).execute();
  const userIds = new Map(users.map((u) => [u.username, u.id]));
  const cases = await store.db.selectFrom('cases').select('id').orderBy('id').execute();
  const activities = await store.db.selectFrom('activities').select('id').orderBy('id').limit(20).execute();
  const adminToken = await ctx.login('admin');
  const victim = await ctx.request('POST', '/api/admin/users', {
    token: adminToken,
    body: { username: 'fuzzvictim', displayName: '被测账号', role: 'grid_worker', nodeId: 'g02', password: 'fuzz-victim-pass-1' },
  });
  if (victim.status >= 300) throw new Error(`creating the victim account: ${victim.status} ${await victim.text()}`);
  const victimUserId = ((await victim.json()) as { id?: string; user?: { id: string } }).id ?? '';
  // A finished photo upload, so hash-addressed routes have something real to find.
  const gridToken = await ctx.login('grid01');
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
  const { createHash } = await import('node:crypto');
  const photoSha = createHash('sha256').update(bytes).digest('hex');
  await ctx.request('POST', '/api/photos', { token: gridToken, body: { sha256: photoSha, size: bytes.length, mime: 'image/jpeg' } });
  await ctx.app.request(`/api/photos/${photoSha}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${gridToken}`, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: bytes,
  });
  const template = await ctx.app.request('/api/reports/ledger/template?format=csv', { headers: { authorization: `Bearer ${await ctx.login('street')}` } });
  const ledgerHeader = (await template.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const year = new Date().getFullYear();
  return {
    userIds,
    caseIds: cases.map((c) => c.id),
    activityIds: activities.map((a) => a.id),
    victimUserId: victimUserId || (userIds.get('fuzzvictim') ?? 'missing'),
    photoSha,
    ledgerHeader,
    years: [year, year - 1],
    tokenSerial: 0,
  };
}

/** A fresh token per request: logout and session revocation are fuzzed too, and must not end the run. */
async function tokenFor(store: Store, pools: Pools, username: string) {
  const userId = pools.userIds.get(username);
  if (!userId) throw new Error(`no user ${username}`);
  const deviceId = `fuzz-${username}-${++pools.tokenSerial}`;
  const issued = await issueToken(store.db, { userId, deviceId, deviceName: 'fuzz', ttlDays: 1 });
  return Object.assign(issued, { deviceId });
}

// ---------------------------------------------------------------------------------------------------------
// Generation

const headerSafe = (s: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s);
const headerJunk = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary-ascii', maxLength: 40 }), longString(9_000)).filter(headerSafe);

/** Percent-encoding that survives lone surrogates: they go out as the (invalid) UTF-8 bytes of the surrogate. */
function urlEncode(s: string): string {
  return s
    .split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/)
    .map((part, i) => {
      if (i % 2 === 0) return encodeURIComponent(part);
      const c = part.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    })
    .join('');
}

/** Path segments and query values as they go on the wire: encoded, or raw and malformed. */
const urlJunk = fc.oneof(
  nastyString.map(urlEncode),
  fc.constantFrom('%', '%E0%A4%A', '%00', '%C0%AF', '..', '%2e%2e', '%ZZ', '%uD800', '%FF%FE', '+', '%20', ''),
  longString(5_000).map(urlEncode),
);

function requestArbitrary(op: Operation): fc.Arbitrary<FuzzInput> {
  const pathParams = fc.record(
    Object.fromEntries(op.params.filter((p) => p.in === 'path').map((p) => [p.name, pathParamArbitrary(op, p.name, p.schema)])),
  );
  const queryParams = op.params.filter((p) => p.in === 'query');
  const query = fc
    .tuple(
      fc.tuple(...queryParams.map((p) => queryValueArbitrary(p.name, p.schema)), fc.constant(undefined)),
      fc.array(fc.tuple(urlJunk, urlJunk), { maxLength: 2 }),
    )
    .map(([values, extra]) => {
      const parts = queryParams.flatMap((p, i) => (values[i] === undefined ? [] : [`${p.name}=${values[i]}`]));
      parts.push(...extra.map(([k, v]) => `${k}=${v}`));
      return parts.length ? `?${parts.join('&')}` : '';
    });
  const auth: fc.Arbitrary<FuzzInput['auth']> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('user' as const), username: fc.constantFrom(...USERS), scheme: fc.constant('Bearer') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('user' as const), username: fc.constantFrom(...USERS), scheme: fc.constantFrom('bearer', 'BEARER', 'Bearer  ', 'Basic', 'Token') }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(headerJunk, headerJunk.map((s) => `Bearer ${s}`), fc.constantFrom('Bearer', 'Bearer ', 'Bearer a.b.c', 'Basic Zm9vOmJhcg==', 'Bearer \u00e9\u00ff'))
        .map((value) => ({ kind: 'raw' as const, value })),
    },
  );
  const headers = fc.dictionary(
    fc.constantFrom('x-forwarded-for', 'accept', 'accept-encoding', 'content-length', 'x-request-id', 'if-none-match', 'range', 'upload-offset'),
    headerJunk,
    { maxKeys: 2 },
  ).map((h) => {
    delete h['content-length'];
    if (op.method !== 'PATCH') delete h['upload-offset'];
    return h;
  });
  const photoOffset = op.method === 'PATCH' && op.path.startsWith('/api/photos')
    ? fc.oneof(fc.nat({ max: 16 }).map(String), fc.constantFrom('-1', '1e3', '9'.repeat(30), 'abc', ''), fc.constant(undefined))
    : fc.constant(undefined);
  return fc
    .record({ pathParams, query, auth, contentType: contentTypeArbitrary(op), body: bodyArbitrary(op), headers, photoOffset })
    .map(({ photoOffset: offset, ...rest }) => ({ ...rest, headers: offset === undefined ? rest.headers : { ...rest.headers, 'upload-offset': offset } }));
}

function pathParamArbitrary(op: Operation, name: string, schema: JsonSchema): fc.Arbitrary<string> {
  let known: fc.Arbitrary<string>;
  if (op.path.startsWith('/api/auth/sessions')) known = fc.constant('$SELF_SESSION');
  else if (op.path.startsWith('/api/admin/users')) known = fc.constant('$VICTIM');
  else if (name === 'sha256') known = fc.oneof(fc.constant('$PHOTO'), fc.stringMatching(/^[0-9a-f]{64}$/));
  else if (name === 'action') known = fc.constantFrom(...caseActions);
  else if (op.path.startsWith('/api/cases')) known = fc.nat().map((i) => `$CASE${i}`);
  else known = schemaArbitrary(schema, doc, 0).map(String);
  return fc.oneof({ weight: 3, arbitrary: known.map((s) => (s.startsWith('$') ? s : urlEncode(s))) }, { weight: 1, arbitrary: urlJunk });
}

function queryValueArbitrary(name: string, schema: JsonSchema): fc.Arbitrary<string | undefined> {
  const valid: fc.Arbitrary<string> =
    name === 'year' ? fc.oneof(fc.constant('$YEAR'), schemaArbitrary(schema, doc, 0).map(String))
    : name === 'node' ? fc.constantFrom('d1', 's1', 'c1', 'c2', 'g01', 'g05', 'nope')
    : name === 'gridId' ? fc.constantFrom('g01', 'g04', 'c1', 's1', 'zz')
    : schemaArbitrary(schema, doc, 0).map((v) => urlEncode(String(v)));
  return fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 5, arbitrary: valid }, { weight: 2, arbitrary: urlJunk });
}

const JSON_TYPE = 'application/json';

function contentTypeArbitrary(op: Operation): fc.Arbitrary<string | undefined> {
  const wrong = fc.oneof(
    fc.constantFrom(
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=xyz',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/JSON',
      'application/octet-stream',
      'text/csv',
      'application/xml',
      '*/*',
      '',
    ),
    headerJunk,
  );
  const expected = op.bodyTypes.length ? fc.constantFrom(...op.bodyTypes.filter((t) => t !== 'multipart/form-data'), JSON_TYPE) : fc.constant(undefined);
  return fc.oneof({ weight: 5, arbitrary: expected }, { weight: 2, arbitrary: wrong });
}

function bodyArbitrary(op: Operation): fc.Arbitrary<Body> {
  const junkBodies: fc.WeightedArbitrary<Body>[] = [
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), depth: fc.oneof(fc.integer({ min: 50, max: 1_000 }), fc.integer({ min: 1_000, max: 40_000 })), shape: fc.constantFrom('array' as const, 'object' as const) }) },
    { weight: 1, arbitrary: fc.oneof(nastyString, fc.constantFrom('{', '{"a":', 'null', '[]', '""', '\uFEFF{}', '{"protocolVersion":2,')).map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 1, arbitrary: longString(700_000).map((s) => ({ kind: 'json' as const, value: { filler: s, protocolVersion: PROTOCOL_VERSION } })) },
  ];
  if (op.path === '/api/sync/push') return fc.oneof({ weight: 12, arbitrary: pushBody().map((value) => ({ kind: 'json' as const, value })) }, ...junkBodies);
  if (op.bodySchema) return fc.oneof({ weight: 10, arbitrary: withIds(schemaArbitrary(op.bodySchema, doc)).map((value) => ({ kind: 'json' as const, value })) }, ...junkBodies);
  if (op.path === '/api/reports/import/ledger') {
    const csv = fc.array(fc.array(fc.oneof(nastyString, fc.constantFrom('g01', 'g04', '2024-03-01', '邻里纠纷', '调解成功', 'X-1', '')), { maxLength: 30 }), { maxLength: 20 });
    const text = fc.tuple(fc.boolean(), csv).map(([header, rows]) => [header ? '$LEDGER_HEADER' : '', ...rows.map((r) => r.map((c) => (/[,"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\n'));
    return fc.oneof(
      { weight: 4, arbitrary: text.map((t) => ({ kind: 'text' as const, text: t })) },
      { weight: 2, arbitrary: fc.tuple(text, fc.constantFrom('ledger.csv', 'ledger.xlsx', '', '../x')).map(([t, filename]) => ({ kind: 'form' as const, text: t, filename })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((b) => ({ kind: 'bytes' as const, bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...b]) })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
      { weight: 1, arbitrary: longString(200_000).map((s) => ({ kind: 'text' as const, text: `$LEDGER_HEADER\n${s}` })) },
      ...junkBodies,
    );
  }
  if (op.method === 'PATCH' && op.path.startsWith('/api/photos')) {
    return fc.oneof({ weight: 4, arbitrary: fc.uint8Array({ maxLength: 4_000 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) }, ...junkBodies);
  }
  return fc.oneof({ weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) }, ...junkBodies);
}

/** Push bodies that pass the envelope and reach the mutation handlers, with ids of cases that exist. */
function pushBody() {
  const mutation = fc.constantFrom(...mutationNames).chain((name) =>
    fc.record({
      name: fc.oneof({ weight: 9, arbitrary: fc.constant(name as string) }, { weight: 1, arbitrary: nastyString }),
      args: withIds(schemaArbitrary(pushArgsSchemas[name]!, pushArgsSchemas[name]!)),
      clientTime: fc.oneof(fc.constant(new Date().toISOString()), nastyString),
    }),
  );
  return fc.record({
    protocolVersion: fc.oneof({ weight: 9, arbitrary: fc.constant(PROTOCOL_VERSION) }, { weight: 1, arbitrary: junkValue }),
    deviceId: fc.oneof({ weight: 8, arbitrary: fc.constant('$DEVICE') }, { weight: 1, arbitrary: nastyString }),
    mutations: fc.oneof(
      { weight: 9, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => ms.map((m, i) => ({ id: i + 1, ...m }))) },
      { weight: 1, arbitrary: fc.array(fc.record({ id: fc.oneof(fc.integer(), junkValue), name: nastyString, args: junkValue, clientTime: nastyString }), { maxLength: 3 }) },
    ),
  });
}

/** Points id-valued fields at records that exist, so handlers get past "not found". */
function withIds(arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(arb, fc.array(fc.nat(), { minLength: 6, maxLength: 6 })).map(([value, picks]) => {
    let i = 0;
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!v || typeof v !== 'object') return v;
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        const pick = picks[i++ % picks.length]!;
        if (k === 'caseId' && pick % 3 !== 0) out[k] = `$CASE${pick}`;
        else if (k === 'activityId' && pick % 3 !== 0) out[k] = `$ACTIVITY${pick}`;
        else if ((k === 'gridId' || k === 'nodeId' || k === 'parentId') && pick % 3 !== 0) out[k] = ['g01', 'g04', 'g08', 'c1', 's1', 'd1'][pick % 6];
        else out[k] = walk(child);
      }
      return out;
    };
    return walk(value);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Sending

async function materialize(op: Operation, input: FuzzInput, store: Store, pools: Pools): Promise<FuzzRequest> {
  const headers: Record<string, string> = { ...input.headers };
  let deviceId = 'fuzz-anon';
  let sessionId = 'no-session';
  if (input.auth.kind === 'user') {
    const t = await tokenFor(store, pools, input.auth.username);
    headers.authorization = `${input.auth.scheme} ${t.token}`;
    deviceId = t.deviceId;
    sessionId = t.tokenId;
  } else if (input.auth.kind === 'raw') {
    headers.authorization = input.auth.value;
  }
  const fill = (s: string) =>
    s
      .replace(/\$CASE(\d+)/g, (_, n: string) => pools.caseIds[Number(n) % pools.caseIds.length] ?? 'none')
      .replace(/\$ACTIVITY(\d+)/g, (_, n: string) => pools.activityIds[Number(n) % Math.max(1, pools.activityIds.length)] ?? 'none')
      .replace(/\$DEVICE/g, deviceId)
      .replace(/\$SELF_SESSION/g, sessionId)
      .replace(/\$VICTIM/g, pools.victimUserId)
      .replace(/\$PHOTO/g, pools.photoSha)
      .replace(/\$YEAR/g, String(pools.years[0]))
      .replace(/\$LEDGER_HEADER/g, pools.ledgerHeader);
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => fill(input.pathParams[name] ?? ''));
  path += fill(input.query);
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;

  let body: FuzzRequest['body'];
  let bodyText = '';
  let depth = 0;
  const b = input.body;
  if (b.kind === 'json') {
    bodyText = fill(JSON.stringify(b.value) ?? 'null');
    depth = jsonDepth(b.value);
  } else if (b.kind === 'text') {
    bodyText = fill(b.text);
  } else if (b.kind === 'deep') {
    bodyText = deepJson(b.depth, b.shape);
    depth = b.depth;
  } else if (b.kind === 'bytes') {
    body = b.bytes;
    bodyText = Buffer.from(b.bytes).toString('latin1');
  } else if (b.kind === 'form') {
    const form = new FormData();
    bodyText = fill(b.text);
    form.set('file', new Blob([bodyText]), b.filename);
    body = form;
    delete headers['content-type']; // the boundary comes from the form
  }
  if (b.kind === 'json' || b.kind === 'text' || b.kind === 'deep') body = bodyText;
  if (op.method === 'GET' || op.method === 'HEAD') body = undefined;
  return {
    method: op.method,
    path,
    headers,
    body,
    bodyText: body === undefined ? '' : bodyText,
    nul: /%00/i.test(path) || path.includes('\u0000') || (body !== undefined && (bodyText.includes('\u0000') || bodyText.includes('\\u0000'))),
    depth: body === undefined ? 0 : depth,
    hasBody: body !== undefined,
    routeTakesBody: op.bodyTypes.length > 0,
    declaredContentType:
      body instanceof FormData
        ? op.bodyTypes.includes('multipart/form-data')
        : op.bodyTypes.some((t) => t === (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()) &&
          !/charset=(?!utf-8)/i.test(headers['content-type'] ?? ''),
  };
}

function describeRequest(req: FuzzRequest): string {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, k === 'authorization' && v.length > 20 ? `${v.slice(0, 12)}…` : v.slice(0, 80)]));
  const body = req.bodyText.length > 400 ? `${JSON.stringify(req.bodyText.slice(0, 400))}… (${req.bodyText.length} chars)` : JSON.stringify(req.bodyText);
  return `${req.method} ${req.path.slice(0, 300)} headers=${JSON.stringify(headers)} body=${body} (nul=${req.nul} depth=${req.depth})`;
}
