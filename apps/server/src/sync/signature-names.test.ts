import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { foldChanges, newCaseArgs, syncClient } from './sync-test-kit.js';

// A 1×1 PNG: a signature drawn on the phone is stored as a content-addressed PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const sha256 = createHash('sha256').update(png).digest('hex');
const PARTY = '王秀英';

const signature = (id: string, signer: 'party' | 'mediator', signerName?: string) => ({
  id,
  sha256,
  mime: 'image/png',
  size: png.length,
  document: 'agreement',
  signer,
  ...(signer === 'party' ? { partyId: 'p1' } : {}),
  ...(signerName ? { signerName } : {}),
  signedAt: '2024-03-05T02:00:00.000Z',
});

describe.each(testDatabases())('signatures keep no party name in the clear case on $name', ({ create }) => {
  let store: Store;
  let ctx: TestContext;

  beforeAll(async () => {
    store = await create();
    ctx = await createTestContext(store);
  }, 60_000);
  afterAll(() => store.close());

  it('drops the name a party signature carries (an older phone still sends it); the mediator keeps theirs', async () => {
    const phone = await syncClient(ctx, 'grid01', 'grid01-signing-phone');
    const begun = await ctx.request('POST', '/api/photos', { token: phone.token, body: { sha256, size: png.length, mime: 'image/png' } });
    expect(begun.status).toBeLessThan(300);
    const put = await ctx.app.request(`/api/photos/${sha256}`, { method: 'PATCH', headers: { authorization: `Bearer ${phone.token}`, 'upload-offset': '0' }, body: png });
    expect(put.status).toBe(200);
    const pushed = await phone.push([
      // Signed at creation and afterwards: both ways in.
      { id: 1, name: 'case.create', args: newCaseArgs('sig-1', 'g01', { signatures: { s0: signature('s0', 'party', PARTY) } }) },
      {
        id: 2,
        name: 'case.edit',
        args: {
          caseId: 'sig-1',
          changes: {
            agreement: { form: 'written', content: '赔偿500元', amount: 500 },
            'signatures.s1': signature('s1', 'party', PARTY),
            'signatures.s2': signature('s2', 'mediator', '张调解'),
          },
          base: {},
        },
      },
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const raw = (await store.db.selectFrom('cases').select('doc').where('id', '=', 'sig-1').executeTakeFirstOrThrow()).doc;
    const rawText = typeof raw === 'string' ? raw : JSON.stringify(raw);
    expect(rawText).not.toContain(PARTY);
    const doc = JSON.parse(rawText) as { signatures: Record<string, { signerName?: string }> };
    expect(doc.signatures.s0!.signerName).toBeUndefined();
    expect(doc.signatures.s1!.signerName).toBeUndefined();
    expect(doc.signatures.s2!.signerName).toBe('张调解');
    // The party is still named where personal data belongs (the encrypted part, opened for the handling worker).
    const pulled = foldChanges((await phone.pullAll()).changes).get('case:sig-1') as { parties: Record<string, { personal: { name: string } }>; signatures: Record<string, unknown> };
    expect(pulled.parties.p1!.personal.name).toBe(PARTY);
    expect(JSON.stringify(pulled.signatures)).not.toContain(PARTY);
  });
});
