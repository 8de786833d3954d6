/** The password policy's rules that need no list (the common-password check is the server's: its list is large). */
export const PASSWORD_MIN_LENGTH = 10;

export type PasswordIssue = 'PASSWORD_TOO_SHORT' | 'PASSWORD_IS_USERNAME' | 'PASSWORD_COMMON' | 'PASSWORD_UNCHANGED';

export const passwordIssueMessages: Record<PasswordIssue, string> = {
  PASSWORD_TOO_SHORT: `密码至少 ${PASSWORD_MIN_LENGTH} 位`,
  PASSWORD_IS_USERNAME: '密码不能包含用户名',
  PASSWORD_COMMON: '这是常见密码，容易被猜中，请换一个',
  PASSWORD_UNCHANGED: '新密码不能与原密码相同',
};

/** Length in code points, so that a Chinese passphrase counts each character once. */
export function passwordShapeIssues(password: string, username: string): PasswordIssue[] {
  const issues: PasswordIssue[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) issues.push('PASSWORD_TOO_SHORT');
  const name = username.trim().toLowerCase();
  if (name.length > 0 && password.toLowerCase().includes(name)) issues.push('PASSWORD_IS_USERNAME');
  return issues;
}
