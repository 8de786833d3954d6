import { creditCodeMessages } from './credit-code.js';
import { idDocumentMessages } from './identity-documents.js';
import type { Locale } from './labels.js';
import { passwordIssueTexts } from './password-policy.js';

/**
 * Every expected failure the API or the sync protocol reports carries one of these stable codes.
 * The UI maps them to messages through `errorMessages`, in one place.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'BAD_JSON',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'FORBIDDEN',
  'NOT_FOUND',
  'ILLEGAL_TRANSITION',
  'ROLE_NOT_ALLOWED',
  'EDIT_CONFLICT',
  'CONFLICT_RESOLVED_ELSEWHERE',
  'PROTOCOL_TOO_OLD',
  'MUTATION_GAP',
  'PAYLOAD_TOO_LARGE',
  'REPORT_LOCKED',
  'PHOTO_HASH_MISMATCH',
  'PHOTO_INCOMPLETE',
  'STORAGE_FULL',
  'NETWORK',
  'INTERNAL',
  'UNSUPPORTED_MEDIA_TYPE',
  'JSON_TOO_DEEP',
  'DATABASE_UNAVAILABLE',
  'DEVICE_NOT_BOUND',
  'DEVICE_TAKEN',
  'MUTATION_FAILED',
  'DATES_OUT_OF_ORDER',
  'LEDGER_TOO_LARGE',
  'LEDGER_TOO_MANY_ROWS',
  'IMPORT_BUSY',
  'SHUTTING_DOWN',
  'SERVER_REWOUND',
  'DEVICE_REVOKED',
  'SESSION_IDLE',
  'PASSWORD_CHANGE_REQUIRED',
  'WEAK_PASSWORD',
  'WRONG_PASSWORD',
  'LOCAL_LOCKED',
  'PIN_TOO_SIMPLE',
  'WRONG_PIN',
  'PIN_DISCARDED',
  'RECOVERY_KEY_MISSING',
  'EXPORT_TOO_LARGE',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorMessages: Record<ErrorCode, Record<Locale, string>> = {
  VALIDATION_FAILED: { 'zh-CN': '填写的内容有误，请检查标出的字段', en: 'Some fields are invalid; check the marked fields' },
  BAD_JSON: { 'zh-CN': '请求格式不正确', en: 'The request is not valid JSON' },
  UNAUTHENTICATED: { 'zh-CN': '登录已失效，请重新登录', en: 'Your session has ended; please sign in again' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码不正确', en: 'Wrong username or password' },
  TOO_MANY_ATTEMPTS: { 'zh-CN': '尝试次数过多，请稍后再试', en: 'Too many attempts; try again later' },
  FORBIDDEN: { 'zh-CN': '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { 'zh-CN': '未找到该记录，或不在您的管辖范围内', en: 'Not found, or outside your area' },
  ILLEGAL_TRANSITION: { 'zh-CN': '案件当前状态不允许此操作', en: 'The case’s current status does not allow this' },
  ROLE_NOT_ALLOWED: { 'zh-CN': '您的角色不能执行此操作', en: 'Your role cannot do this' },
  EDIT_CONFLICT: { 'zh-CN': '他人同时修改了同一内容，请确认保留哪个值', en: 'Someone else changed the same field; choose which value to keep' },
  CONFLICT_RESOLVED_ELSEWHERE: {
    'zh-CN': '这处冲突已在另一台设备上处理，保留的是那边的选择；如需改动请直接修改案件',
    en: 'This conflict was already resolved on another device and its choice was kept; edit the case to change it',
  },
  PROTOCOL_TOO_OLD: { 'zh-CN': '应用版本过旧，请更新后再同步', en: 'This app version is too old; update it to sync' },
  MUTATION_GAP: { 'zh-CN': '同步顺序中断，正在重新发送', en: 'Sync order interrupted; resending' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '提交的数据过大', en: 'The data sent is too large' },
  REPORT_LOCKED: { 'zh-CN': '该年度报告已锁定', en: 'This year’s report is locked' },
  PHOTO_HASH_MISMATCH: { 'zh-CN': '照片上传损坏，将重新上传', en: 'The photo arrived damaged; it will be uploaded again' },
  PHOTO_INCOMPLETE: { 'zh-CN': '照片尚未上传完整', en: 'The photo has not fully uploaded yet' },
  STORAGE_FULL: { 'zh-CN': '手机存储空间已满，请清理后再保存', en: 'Phone storage is full; free some space and save again' },
  NETWORK: { 'zh-CN': '网络不可用，已保存在本机，稍后自动同步', en: 'No network; saved on this phone and will sync later' },
  INTERNAL: { 'zh-CN': '服务器内部错误，请稍后再试', en: 'Server error; try again later' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '请求格式不受支持', en: 'The request’s content type is not supported' },
  JSON_TOO_DEEP: { 'zh-CN': '提交的数据层级过深', en: 'The data sent is nested too deeply' },
  DATABASE_UNAVAILABLE: { 'zh-CN': '服务器暂时无法访问数据库，请稍后再试', en: 'The server cannot reach its database; try again shortly' },
  DEVICE_NOT_BOUND: { 'zh-CN': '本设备的登录与同步身份不符，请重新登录', en: 'This device’s sign-in does not match its sync identity; sign in again' },
  DEVICE_TAKEN: { 'zh-CN': '该设备标识已属于其他账号', en: 'This device id belongs to another account' },
  MUTATION_FAILED: {
    'zh-CN': '服务器无法保存这项修改（数据有误），已跳过；请核对后重新填写',
    en: 'The server could not save this change (invalid data) and skipped it; check and enter it again',
  },
  DATES_OUT_OF_ORDER: { 'zh-CN': '日期先后不对：应为 发现 ≤ 受理 ≤ 办结，调解在受理后、办结前，回访在办结后', en: 'Dates out of order: reported ≤ accepted ≤ concluded, sessions within, visits after the conclusion' },
  LEDGER_TOO_LARGE: {
    'zh-CN': '台账文件过大（不超过 10 MB，XLSX 解压后不超过 100 MB），请拆分后分批导入',
    en: 'The ledger file is too large (at most 10 MB, an XLSX at most 100 MB unpacked); split it and import the parts',
  },
  LEDGER_TOO_MANY_ROWS: { 'zh-CN': '台账行数过多（不超过 20000 行），请拆分后分批导入', en: 'The ledger has too many rows (at most 20,000); split it and import the parts' },
  IMPORT_BUSY: { 'zh-CN': '已有台账正在导入，请等其完成后再试', en: 'A ledger import is already running; try again when it has finished' },
  SHUTTING_DOWN: { 'zh-CN': '服务器正在重启，稍后自动重试', en: 'The server is restarting; retrying shortly' },
  SERVER_REWOUND: { 'zh-CN': '服务器已从备份恢复，正在重新同步本机数据', en: 'The server was restored from a backup; re-syncing this phone' },
  DEVICE_REVOKED: {
    'zh-CN': '本设备的登录已被撤销或账号已停用，本机保存的数据已清除，请重新登录',
    en: 'This device’s sign-in was revoked or the account disabled; the data kept on it has been erased. Sign in again',
  },
  SESSION_IDLE: { 'zh-CN': '长时间未操作，已自动退出，请重新登录', en: 'You were signed out after a period of inactivity; sign in again' },
  PASSWORD_CHANGE_REQUIRED: { 'zh-CN': '管理员要求您先修改密码', en: 'An administrator requires you to change your password first' },
  WEAK_PASSWORD: {
    'zh-CN': '密码太弱：至少10位，不能与用户名相同，也不能是常见密码',
    en: 'Password too weak: at least 10 characters, not the username and not a common password',
  },
  WRONG_PASSWORD: { 'zh-CN': '原密码不正确', en: 'The current password is wrong' },
  LOCAL_LOCKED: { 'zh-CN': '应用已锁定，请输入PIN码解锁', en: 'The app is locked; enter your PIN to unlock it' },
  PIN_TOO_SIMPLE: {
    'zh-CN': 'PIN码须为6位数字，且不能过于简单（如000000、123456），请换一个',
    en: 'A PIN has 6 digits and must not be easy to guess (like 000000 or 123456); choose another',
  },
  WRONG_PIN: { 'zh-CN': 'PIN码不正确', en: 'Wrong PIN' },
  PIN_DISCARDED: {
    'zh-CN': 'PIN码连续输错5次，本机数据已锁定。请用密码重新登录，再设置新的PIN码',
    en: 'Five wrong PINs: the data on this phone is locked. Sign in with your password again, then set a new PIN',
  },
  RECOVERY_KEY_MISSING: { 'zh-CN': '请重新登录后再设置PIN码', en: 'Sign in again before setting a PIN' },
  EXPORT_TOO_LARGE: { 'zh-CN': '导出的条数过多（不超过 20000 条），请缩短时间段或选择下级单位', en: 'Too many rows to export (at most 20,000); shorten the period or choose a smaller unit' },
};

/** Field-level validation codes (used as zod issue messages) and their texts. */
export const validationMessages: Record<string, Record<Locale, string>> = {
  REQUIRED: { 'zh-CN': '必填', en: 'Required' },
  ID_FORMAT: { 'zh-CN': '身份证号应为18位（最后一位可为X）', en: 'An ID number has 18 characters (the last may be X)' },
  ID_REGION: { 'zh-CN': '身份证号地区码不正确', en: 'The ID number’s region code is invalid' },
  ID_BIRTHDATE: { 'zh-CN': '身份证号中的出生日期不正确', en: 'The birth date inside the ID number is invalid' },
  ID_CHECKSUM: { 'zh-CN': '身份证号校验位不正确，请核对', en: 'The ID number’s check digit is wrong; please re-check it' },
  PHONE_FORMAT: {
    'zh-CN': '电话应为11位手机号（13–19开头）、带区号的固定电话（如010-84721234）或带国家代码的国际号码（如+44…）',
    en: 'A phone is an 11-digit mobile (13 to 19), a landline with its area code (e.g. 010-84721234) or an international number with its country code (+44…)',
  },
  DATE_FORMAT: { 'zh-CN': '日期格式应为 年-月-日', en: 'Dates are written YYYY-MM-DD' },
  DATE_ORDER: { 'zh-CN': '受理日期不能早于发现日期', en: 'Acceptance cannot be before the report date' },
  TOO_LONG: { 'zh-CN': '内容过长', en: 'Too long' },
  NOT_NEGATIVE: { 'zh-CN': '不能为负数', en: 'Cannot be negative' },
  GROUP_PEOPLE: { 'zh-CN': '群体性纠纷需填写涉及人数（至少5人）', en: 'A group dispute needs the number of people involved (at least 5)' },
  FAILED_ROUTE: { 'zh-CN': '调解不成时需选择去向', en: 'Choose where a failed mediation was referred' },
  ...idDocumentMessages,
  ...creditCodeMessages,
  ...passwordIssueTexts,
  USERNAME_FORMAT: { 'zh-CN': '账号为3至32位小写字母、数字或“.”“_”“-”', en: 'A username has 3 to 32 lower-case letters, digits, “.”, “_” or “-”' },
  TAKEN: { 'zh-CN': '已被使用，请换一个', en: 'Already taken; choose another' },
  ROLE_NODE_KIND: { 'zh-CN': '所属单位与角色不符', en: 'The unit does not fit the role' },
  TOO_LONG_MAX: { 'zh-CN': '内容过长，最多 {max} 字', en: 'Too long: at most {max} characters' },
  TOO_MANY: { 'zh-CN': '条目过多，已达上限', en: 'Too many items; the limit is reached' },
  TOO_DEEP: { 'zh-CN': '数据层级过深', en: 'The data is nested too deeply' },
  NUL_CHAR: { 'zh-CN': '内容含有无效字符', en: 'The text contains an invalid character' },
  CONCLUDED_BEFORE_ACCEPTED: { 'zh-CN': '办结日期不能早于受理日期', en: 'The conclusion date cannot be before the acceptance date' },
  SESSION_OUTSIDE_CASE: { 'zh-CN': '调解日期应在受理之后、办结之前', en: 'A session must be dated between acceptance and conclusion' },
  INVESTIGATION_OUTSIDE_CASE: { 'zh-CN': '调查日期应在发现纠纷之后、办结之前', en: 'An investigation must be dated between the report and the conclusion' },
  INTAKE_SOURCE_MISMATCH: {
    'zh-CN': '来源渠道与案件来源不一致（12345工单须选“12345热线”，诉前委派须选“审判机关委托”，公安移交须选“公安机关移交”）',
    en: 'The intake channel does not match the case source (a 12345 order needs “12345 hotline”, a court delegation “Entrusted by court”, a police hand-over “Referred by police”)',
  },
  INTAKE_POLICE_SENDER: { 'zh-CN': '公安移交需填写派出所或移交编号', en: 'A police hand-over needs the police station or the hand-over number' },
  TIME_FORMAT: { 'zh-CN': '时间格式应为 时：分，如 09:30', en: 'Time must be HH:MM (e.g. 09:30)' },
  ESCALATION_OUTSIDE_CASE: { 'zh-CN': '上报日期应在受理之后、办结之前', en: 'An escalation must be dated between acceptance and conclusion' },
  AGREEMENT_OUTSIDE_CASE: { 'zh-CN': '协议日期应在受理之后、办结之前', en: 'The agreement must be dated between acceptance and conclusion' },
  FOLLOW_UP_TOO_EARLY: { 'zh-CN': '回访日期不能早于办结（或协议）日期', en: 'A visit cannot be before the conclusion (or agreement) date' },
};

export function messageFor(code: string, locale: Locale = 'zh-CN', params: Record<string, string | number> = {}): string {
  const table = (errorMessages as Record<string, Record<Locale, string>>)[code] ?? validationMessages[code];
  return table ? table[locale].replace(/\{(\w+)\}/g, (m, key: string) => (key in params ? String(params[key]) : m)) : code;
}

/** The text of a field issue: a too-long field names its maximum. */
export function issueMessage(issue: { code: string; max?: number | undefined }, locale: Locale = 'zh-CN'): string {
  if (issue.code === 'TOO_LONG' && issue.max !== undefined) return messageFor('TOO_LONG_MAX', locale, { max: issue.max });
  return messageFor(issue.code, locale);
}
