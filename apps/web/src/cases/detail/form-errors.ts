import { dateOrderIssues, issueMessage, messageFor, zodIssuesToFieldIssues, type DateOrderInput, type Locale } from '@tiaojie/domain';
import type { z } from 'zod';

/** First message per top-level field, in the UI language, from the shared schema's issue codes. */
export function errorsFromZod(error: z.ZodError, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of zodIssuesToFieldIssues(error)) {
    const key = issue.path.split('.').slice(0, 2).join('.');
    const field = key.split('.')[0]!;
    const text = issueMessage(issue, locale);
    const message = text !== issue.code ? text : messageFor('REQUIRED', locale);
    out[key] ??= message;
    out[field] ??= message;
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
