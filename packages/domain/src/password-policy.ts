import type { Locale } from './labels.js';

/** The password policy's rules that need no list (the common-password check is the server's: its list is large). */
export const PASSWORD_MIN_LENGTH = 10;

export type PasswordIssue = 'PASSWORD_TOO_SHORT' | 'PASSWORD_IS_USERNAME' | 'PASSWORD_COMMON' | 'PASSWORD_UNCHANGED';

/** The rules' texts in both locales; errors.ts adds them to the one table of field codes (messageFor). */
export const passwordIssueTexts: Record<PasswordIssue, Record<Locale, string>> = {
  PASSWORD_TOO_SHORT: { 'zh-CN': `密码至少 ${PASSWORD_MIN_LENGTH} 位`, en: `A password has at least ${PASSWORD_MIN_LENGTH} characters` },
  PASSWORD_IS_USERNAME: { 'zh-CN': '密码不能包含用户名', en: 'The password must not contain the username' },
  PASSWORD_COMMON: { 'zh-CN': '这是常见密码，容易被猜中，请换一个', en: 'This is a common password, easily guessed; choose another' },
  PASSWORD_UNCHANGED: { 'zh-CN': '新密码不能与原密码相同', en: 'The new password must differ from the current one' },
};

export const passwordIssueMessages: Record<PasswordIssue, string> = {
  PASSWORD_TOO_SHORT: passwordIssueTexts.PASSWORD_TOO_SHORT['zh-CN'],
  PASSWORD_IS_USERNAME: passwordIssueTexts.PASSWORD_IS_USERNAME['zh-CN'],
  PASSWORD_COMMON: passwordIssueTexts.PASSWORD_COMMON['zh-CN'],
  PASSWORD_UNCHANGED: passwordIssueTexts.PASSWORD_UNCHANGED['zh-CN'],
};

/** Length in code points, so that a Chinese passphrase counts each character once. */
export function passwordShapeIssues(password: string, username: string): PasswordIssue[] {
  const issues: PasswordIssue[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) issues.push('PASSWORD_TOO_SHORT');
  const name = username.trim().toLowerCase();
  if (name.length > 0 && password.toLowerCase().includes(name)) issues.push('PASSWORD_IS_USERNAME');
  return issues;
}
