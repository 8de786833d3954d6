import { dateOrderIssues, issueMessage, messageFor, zodIssuesToFieldIssues, type DateOrderInput, type Locale } from '@tiaojie/domain';
import type { z } from 'zod';

/**
 * First message per field, in the UI language, from the shared schema's issue codes: keyed by each prefix of the
 * issue's path up to `depth` segments ('prevention', 'prevention.suicide', …), so a form can show it at the input
 * it belongs to and still know the top-level field is wrong.
 */
export function errorsFromZod(error: z.ZodError, locale: Locale, depth = 2): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of zodIssuesToFieldIssues(error)) {
    const text = issueMessage(issue, locale);
    const message = text !== issue.code ? text : messageFor('REQUIRED', locale);
    const parts = issue.path.split('.');
    for (let n = 1; n <= Math.min(depth, parts.length); n++) out[parts.slice(0, n).join('.')] ??= message;
  }
  return out;
}

/**
 * The shared date-order rule run on the case as it would be after saving, before anything is saved: each
 * complaint is shown (in the UI language) at the form field `fieldOf` names for its path; others are ignored.
 */
export function dateOrderErrors(draft: DateOrderInput, fieldOf: (path: string) => string | undefined, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of dateOrderIssues(draft)) {
    const field = fieldOf(issue.path);
    if (field) out[field] ??= messageFor(issue.code, locale);
  }
  return out;
}
