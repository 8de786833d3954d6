import { PROTOCOL_VERSION, type PushResponse } from '@tiaojie/sync';
import { DEMO_PASSWORD } from '../seed/index.js';

/** Plain fetch against a spawned server: log in a demo account, push, pull. */
export async function loginOver(url: string, username: string, deviceId: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface Pushed {
  status: number;
  body: PushResponse & { error?: { code: string } };
}

export async function pushOver(url: string, token: string, deviceId: string, mutations: { id: number; name: string; args: unknown }[], extra: Record<string, unknown> = {}): Promise<Pushed> {
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId, mutations: mutations.map((m) => ({ clientTime: '2024-03-01T08:00:00Z', ...m })), ...extra }),
  });
  return { status: res.status, body: (await res.json()) as Pushed['body'] };
}

export async function pullOver(url: string, token: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/sync/pull`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, limit: 1000, ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
