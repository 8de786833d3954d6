import { intakeListSchema, type IntakeChannel, type IntakeList } from '@tiaojie/domain';
import { apiFetch, ApiFailure, failureFrom } from '../api/http.ts';
import { readSession } from '../api/session.ts';

export interface IntakeFilter {
  channel: IntakeChannel;
  from?: string | undefined;
  to?: string | undefined;
  unit?: string | undefined;
}

export function intakeSearch(f: IntakeFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ channel: f.channel, ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}), ...(f.unit ? { unit: f.unit } : {}), ...extra });
  return `/api/intake?${q.toString()}`;
}

export async function fetchIntake(f: IntakeFilter, offset = 0, limit = 200): Promise<IntakeList> {
  return intakeListSchema.parse(await apiFetch(intakeSearch(f, { offset: String(offset), limit: String(limit) })));
}

/** The export as a file; a refusal (EXPORT_TOO_LARGE …) keeps its code for the message. */
export async function downloadIntake(f: IntakeFilter, format: 'csv' | 'xlsx'): Promise<{ blob: Blob; filename: string }> {
  const token = readSession()?.token;
  let res: Response;
  try {
    res = await fetch(intakeSearch(f, { format }), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (e) {
    throw new ApiFailure(0, 'NETWORK', e instanceof Error ? e.message : 'network error');
  }
  if (!res.ok) throw await failureFrom(res, Boolean(token));
  const match = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('Content-Disposition') ?? '');
  return { blob: await res.blob(), filename: match ? decodeURIComponent(match[1]!) : `intake.${format}` };
}
