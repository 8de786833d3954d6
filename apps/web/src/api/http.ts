/**
 * The app's only HTTP helper (shared with the staff screens in src/staff). Surface:
 *   apiFetch(path, init?)  – fetch `path` (e.g. '/api/me') with the bearer token; resolves to the parsed JSON
 *                            body (undefined for 204), or throws ApiFailure. Pass a plain object as `json` to send JSON.
 *   ApiFailure             – { status, code, message, issues? }; status 0 with code 'NETWORK' when offline.
 *   getCurrentUser()       – the signed-in user or null; useCurrentUser() is the React hook (src/auth).
 * A 401 from the server ends the session (the token was revoked or expired); network errors never do.
 */
import { errorCodes, type ErrorCode, type User } from '@tiaojie/domain';
import { z } from 'zod';
import { readSession, writeSession } from './session.ts';
import { endSessionBecause, handleDeviceRevoked } from './signed-out.ts';

export interface ApiIssue {
  path: string;
  code: string;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  /** The whole error body, for answers that carry more than the error (PASSWORD_CHANGE_REQUIRED's token). */
  body: unknown = null;
}

const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  }),
});

export interface ApiInit extends Omit<RequestInit, 'body'> {
  body?: BodyInit | null;
  /** Sent as JSON with the right Content-Type. */
  json?: unknown;
}

export async function apiFetch<T = unknown>(path: string, init: ApiInit = {}): Promise<T> {
  const { json, headers: given, ...rest } = init;
  const headers = new Headers(given);
  const token = readSession()?.token;
  if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`);
  if (json !== undefined) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiFailure(0, 'NETWORK', e instanceof Error ? e.message : 'network error');
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('Content-Type') ?? '';
    return (type.includes('json') ? await res.json() : await res.text()) as T;
  }
  throw await failureFrom(res, Boolean(token));
}

export async function failureFrom(res: Response, hadToken: boolean): Promise<ApiFailure> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy or an HTML error page: fall through to a code chosen from the status.
  }
  const parsed = errorBodySchema.safeParse(body);
  const code = parsed.success && isErrorCode(parsed.data.error.code) ? parsed.data.error.code : codeForStatus(res.status);
  if (res.status === 401 && hadToken && code === 'UNAUTHENTICATED') writeSession(null);
  if (res.status === 401 && hadToken && code === 'SESSION_IDLE') endSessionBecause('SESSION_IDLE');
  if (res.status === 401 && hadToken && code === 'DEVICE_REVOKED') void handleDeviceRevoked();
  const failure = new ApiFailure(res.status, code, parsed.success ? parsed.data.error.message : res.statusText, parsed.success ? parsed.data.error.issues : undefined);
  failure.body = body;
  return failure;
}

function isErrorCode(code: string): code is ErrorCode {
  return (errorCodes as readonly string[]).includes(code);
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 400 || status === 422) return 'VALIDATION_FAILED';
  if (status === 502 || status === 503 || status === 504) return 'NETWORK';
  return 'INTERNAL';
}

export function getCurrentUser(): User | null {
  return readSession()?.user ?? null;
}
