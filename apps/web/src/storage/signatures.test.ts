import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();

/** A tiny PNG: 1×1 black pixel. */
const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (ch) => ch.charCodeAt(0));

describe.each(databases)('signatures against the server on $name', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('stores a signature with its case offline, uploads its bytes like a photo, and the sub-district can read them', async () => {
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('k1'));
    const session = await phone.store.addSession('k1', { id: 's1', date: '2024-03-03', mediator: '网格员01', body: 'grid_worker', notes: '到场' });
    const sessionId = Object.keys(session.sessions)[0]!;
    const sig = await phone.store.addSignature('k1', {
      blob: new Blob([png], { type: 'image/png' }),
      document: `session:${sessionId}`,
      signer: 'party',
      partyId: 'p1',
      signerName: '王秀英',
      location: { lat: 39.9, lng: 116.4, accuracy: 20 },
    });
    expect(sig).toMatchObject({ mime: 'image/png', size: png.byteLength, partyId: 'p1' });
    // A party's name is personal data: it is not copied into the case with the signature.
    expect(sig.signerName).toBeUndefined();
    expect((await phone.store.getCase('k1'))!.case.signatures[sig.id]).toEqual(sig);
    expect(await phone.store.getPhotoBlob(sig.sha256)).toBeDefined();
    // A signature for a document the file has no place for is refused before anything is written.
    await expect(
      phone.store.addSignature('k1', { blob: new Blob([png], { type: 'image/png' }), document: 'cover' as 'agreement', signer: 'mediator', signerName: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    await phone.engine.syncNow();
    const [row] = await server.query<{ doc: string }>('select doc from cases where id = ?', 'k1');
    expect(JSON.parse(row!.doc).signatures[sig.id]).toMatchObject({ sha256: sig.sha256, signedAt: sig.signedAt, location: { lat: 39.9 } });
    expect(row!.doc).not.toContain('王秀英');
    const street = await server.login('street');
    const res = await server.fetch(`/api/photos/${sig.sha256}`, { headers: { authorization: `Bearer ${street}` } });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    phone.store.close();
  });
});
