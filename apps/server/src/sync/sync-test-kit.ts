import { PROTOCOL_VERSION, type PullResponse, type PushResponse } from '@tiaojie/sync';
import type { TestContext } from '../test-support/test-context.js';

/** Helpers for the sync suites: a new case body, and push/pull through the real app. */
export function newCaseArgs(id: string, gridId = 'g01', extra: Record<string, unknown> = {}) {
  return {
    case: {
      id,
      gridId,
      type: 'neighbour',
      source: 'proactive',
      facts: `楼上漏水 ${id}`,
      reportedOn: '2024-03-01',
      acceptedOn: '2024-03-02',
      parties: {
        p1: { id: 'p1', role: 'applicant', sex: 'female', age: 60, personal: { name: '王秀英', phone: '13800138000' } },
      },
      ...extra,
    },
  };
}

export interface SyncClient {
  token: string;
  deviceId: string;
  push(mutations: { id: number; name: string; args: unknown; clientTime?: string }[]): Promise<PushResponse>;
  pullAll(cursor?: number, limit?: number): Promise<{ changes: PullResponse['changes']; cursor: number }>;
}

export async function syncClient(ctx: TestContext, username: string, deviceId = `${username}-phone-1`): Promise<SyncClient> {
  const token = await ctx.login(username, deviceId);
  return {
    token,
    deviceId,
    async push(mutations) {
      const res = await ctx.request('POST', '/api/sync/push', {
        token,
        body: { protocolVersion: PROTOCOL_VERSION, deviceId, mutations: mutations.map((m) => ({ clientTime: new Date().toISOString(), ...m })) },
      });
      if (res.status !== 200) throw new Error(`push ${res.status}: ${await res.text()}`);
      return (await res.json()) as PushResponse;
    },
    async pullAll(cursor = 0, limit = 100) {
      const changes: PullResponse['changes'] = [];
      for (;;) {
        const res = await ctx.request('POST', '/api/sync/pull', { token, body: { protocolVersion: PROTOCOL_VERSION, cursor, limit } });
        if (res.status !== 200) throw new Error(`pull ${res.status}: ${await res.text()}`);
        const page = (await res.json()) as PullResponse;
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return { changes, cursor };
      }
    },
  };
}

/** The latest state per id after applying changes in order. */
export function foldChanges(changes: PullResponse['changes']): Map<string, Record<string, unknown>> {
  const state = new Map<string, Record<string, unknown>>();
  for (const c of changes) {
    if (c.op === 'remove') state.delete(`${c.entity}:${c.id}`);
    else state.set(`${c.entity}:${c.id}`, c.data!.doc as Record<string, unknown>);
  }
  return state;
}
