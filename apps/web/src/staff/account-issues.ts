import { messageFor, passwordShapeIssues, newUsernameSchema, validationMessages, type Locale } from '@tiaojie/domain';
import { ApiFailure } from '../api/http.ts';

/** Messages per form field ('username', 'password', …), plus '' for a failure that names no field. */
export type FieldErrors = Record<string, string>;

/**
 * The server's field issues (VALIDATION_FAILED: TAKEN, ROLE_NODE_KIND, USERNAME_FORMAT; WEAK_PASSWORD: the password
 * policy's codes) as texts of the one error table, each under its field; anything else goes to ''.
 */
export function fieldErrorsFrom(error: unknown, locale: Locale): FieldErrors {
  if (!(error instanceof ApiFailure)) return { '': messageFor('INTERNAL', locale) };
  if ((error.code !== 'VALIDATION_FAILED' && error.code !== 'WEAK_PASSWORD') || !error.issues?.length) return { '': messageFor(error.code, locale) };
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.split('.')[0] ?? '';
    // zod's own codes (a password under the minimum length before the policy ran) read as the rule they break.
    const code = issue.code === 'too_small' && field === 'password' ? 'PASSWORD_TOO_SHORT' : issue.code;
    const text = code in validationMessages ? messageFor(code, locale) : messageFor(error.code, locale);
    out[field] = out[field] ? `${out[field]}${locale === 'en' ? '; ' : '；'}${text}` : text;
  }
  return out;
}

/** The rules checked before sending (the common-password list is the server's). */
export function localPasswordErrors(password: string, username: string, locale: Locale): string | undefined {
  if (!password) return messageFor('REQUIRED', locale);
  const issues = passwordShapeIssues(password, username);
  return issues.length ? issues.map((c) => messageFor(c, locale)).join(locale === 'en' ? '; ' : '；') : undefined;
}

export function localUsernameError(username: string, locale: Locale): string | undefined {
  if (!username.trim()) return messageFor('REQUIRED', locale);
  return newUsernameSchema.safeParse(username).success ? undefined : messageFor('USERNAME_FORMAT', locale);
}
