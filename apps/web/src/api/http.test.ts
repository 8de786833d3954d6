import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure, apiFetch, getCurrentUser } from './http.ts';
import { readSession, resetSessionCacheForTests, writeSession } from './session.ts';

const user = { id: 'u1', username: 'grid01', displayName: '网格员01', role: 'grid_worker' as const, nodeId: 'g01', nodePath: '/d1/s1/c1/g01/' };

function respondWith(status: number, body: unknown) {
  const calls: Request[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo, init?: RequestInit) => {
    calls.push(new Request(new URL(String(input), 'http://localhost'), init));
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
  resetSessionCacheForTests();
});

describe('apiFetch', () => {
  it('adds the bearer token and sends JSON', async () => {
    writeSession({ token: 'tok', user, signedInAt: new Date().toISOString() });
    const calls = respondWith(200, { ok: true });
    await expect(apiFetch('/api/x', { method: 'POST', json: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(calls[0]!.headers.get('Authorization')).toBe('Bearer tok');
    expect(calls[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(await calls[0]!.json()).toEqual({ a: 1 });
  });

  it('throws a typed failure with the server code and field issues', async () => {
    respondWith(400, { error: { code: 'VALIDATION_FAILED', message: 'bad', issues: [{ path: 'facts', code: 'REQUIRED', message: 'REQUIRED' }] } });
    const err = await apiFetch('/api/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiFailure);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', issues: [{ path: 'facts', code: 'REQUIRED' }] });
  });

  it('keeps the session on a network error and ends it on UNAUTHENTICATED', async () => {
    writeSession({ token: 'tok', user, signedInAt: new Date().toISOString() });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiFetch('/api/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    expect(getCurrentUser()?.username).toBe('grid01');
    respondWith(401, { error: { code: 'UNAUTHENTICATED', message: 'expired' } });
    await expect(apiFetch('/api/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(readSession()).toBeNull();
  });

  it('survives a reload: the session is read back from localStorage and validated', () => {
    writeSession({ token: 'tok', user, signedInAt: new Date().toISOString() });
    resetSessionCacheForTests();
    expect(readSession()?.user.nodeId).toBe('g01');
    localStorage.setItem('tiaojie.session', JSON.stringify({ token: 'tok', user: { id: 1 } }));
    resetSessionCacheForTests();
    expect(readSession()).toBeNull();
  });
});
