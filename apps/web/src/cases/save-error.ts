import { messageFor, type Locale } from '@tiaojie/domain';
import { ApiFailure } from '../api/http.ts';

/**
 * Turns a failed local save into words. A full disk (QuotaExceededError, also when wrapped by the storage
 * layer) must be said plainly: the record is NOT saved and the worker has to free space.
 */
export function saveErrorText(err: unknown, locale: Locale): string {
  if (isQuotaError(err)) return messageFor('STORAGE_FULL', locale);
  if (err instanceof ApiFailure) return messageFor(err.code, locale);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && messageFor(code, locale) !== code) return messageFor(code, locale);
  return `${messageFor('INTERNAL', locale)}${err instanceof Error ? ` (${err.message})` : ''}`;
}

export function isQuotaError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const name = (e as { name?: unknown }).name;
    const code = (e as { code?: unknown }).code;
    if (name === 'QuotaExceededError' || code === 'STORAGE_FULL' || code === 22) return true;
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
