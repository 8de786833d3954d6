import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordIssueMessages, passwordShapeIssues, type PasswordIssue } from '@tiaojie/domain';
import { ApiError } from '../http/api-error.js';

let common: Set<string> | undefined;

/**
 * The common-password list of zxcvbn-ts (@zxcvbn-ts/language-common, ~49,000 passwords from breach corpora; about
 * 1 MB of the server's memory once loaded, built on first use). Compared case-insensitively.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** Every rule the password breaks: length, the username, the common-password list. */
export function passwordPolicyIssues(password: string, username: string): PasswordIssue[] {
  const issues = passwordShapeIssues(password, username);
  if (isCommonPassword(password)) issues.push('PASSWORD_COMMON');
  return issues;
}

/** 400 WEAK_PASSWORD naming each broken rule (as issues on `field`). */
export function assertPasswordPolicy(password: string, username: string, field: string, extra: PasswordIssue[] = []): void {
  const issues = [...passwordPolicyIssues(password, username), ...extra];
  if (issues.length === 0) return;
  throw new ApiError(
    400,
    'WEAK_PASSWORD',
    'the password breaks the password policy',
    issues.map((code) => ({ path: field, code, message: passwordIssueMessages[code] })),
  );
}
