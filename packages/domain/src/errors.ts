import { creditCodeMessages } from './credit-code.js';
import { idDocumentMessages } from './identity-documents.js';
import type { Locale } from './labels.js';

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
  'SHUTTING_DOWN',
  'SERVER_REWOUND',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorMessages: Record<ErrorCode, Record<Locale, string>> = {
  VALIDATION_FAILED: { 'zh-CN': '填写的内容有误,请检查标出的字段', en: 'Some fields are invalid; check the marked fields' },
  BAD_JSON: { 'zh-CN': '请求格式不正确', en: 'The request is not valid JSON' },
  UNAUTHENTICATED: { 'zh-CN': '登录已失效,请重新登录', en: 'Your session has ended; please sign in again' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码不正确', en: 'Wrong username or password' },
  TOO_MANY_ATTEMPTS: { 'zh-CN': '尝试次数过多,请稍后再试', en: 'Too many attempts; try again later' },
  FORBIDDEN: { 'zh-CN': '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { 'zh-CN': '未找到该记录,或不在您的管辖范围内', en: 'Not found, or outside your area' },
  ILLEGAL_TRANSITION: { 'zh-CN': '案件当前状态不允许此操作', en: 'The case’s current status does not allow this' },
  ROLE_NOT_ALLOWED: { 'zh-CN': '您的角色不能执行此操作', en: 'Your role cannot do this' },
  EDIT_CONFLICT: { 'zh-CN': '他人同时修改了同一内容,请确认保留哪个值', en: 'Someone else changed the same field; choose which value to keep' },
  CONFLICT_RESOLVED_ELSEWHERE: {
    'zh-CN': '这处冲突已在另一台设备上处理,保留的是那边的选择;如需改动请直接修改案件',
    en: 'This conflict was already resolved on another device and its choice was kept; edit the case to change it',
  },
  PROTOCOL_TOO_OLD: { 'zh-CN': '应用版本过旧,请更新后再同步', en: 'This app version is too old; update it to sync' },
  MUTATION_GAP: { 'zh-CN': '同步顺序中断,正在重新发送', en: 'Sync order interrupted; resending' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '提交的数据过大', en: 'The data sent is too large' },
  REPORT_LOCKED: { 'zh-CN': '该年度报告已锁定', en: 'This year’s report is locked' },
  PHOTO_HASH_MISMATCH: { 'zh-CN': '照片上传损坏,将重新上传', en: 'The photo arrived damaged; it will be uploaded again' },
  PHOTO_INCOMPLETE: { 'zh-CN': '照片尚未上传完整', en: 'The photo has not fully uploaded yet' },
  STORAGE_FULL: { 'zh-CN': '手机存储空间已满,请清理后再保存', en: 'Phone storage is full; free some space and save again' },
  NETWORK: { 'zh-CN': '网络不可用,已保存在本机,稍后自动同步', en: 'No network; saved on this phone and will sync later' },
  INTERNAL: { 'zh-CN': '服务器内部错误,请稍后再试', en: 'Server error; try again later' },
  SHUTTING_DOWN: { 'zh-CN': '服务器正在重启,稍后自动重试', en: 'The server is restarting; retrying shortly' },
  SERVER_REWOUND: { 'zh-CN': '服务器已从备份恢复,正在重新同步本机数据', en: 'The server was restored from a backup; re-syncing this phone' },
};

/** Field-level validation codes (used as zod issue messages) and their texts. */
export const validationMessages: Record<string, Record<Locale, string>> = {
  REQUIRED: { 'zh-CN': '必填', en: 'Required' },
  ID_FORMAT: { 'zh-CN': '身份证号应为18位(最后一位可为X)', en: 'An ID number has 18 characters (the last may be X)' },
  ID_REGION: { 'zh-CN': '身份证号地区码不正确', en: 'The ID number’s region code is invalid' },
  ID_BIRTHDATE: { 'zh-CN': '身份证号中的出生日期不正确', en: 'The birth date inside the ID number is invalid' },
  ID_CHECKSUM: { 'zh-CN': '身份证号校验位不正确,请核对', en: 'The ID number’s check digit is wrong; please re-check it' },
  PHONE_FORMAT: {
    'zh-CN': '电话应为11位手机号(13–19开头)、带区号的固定电话(如010-84721234)或带国家代码的国际号码(如+44…)',
    en: 'A phone is an 11-digit mobile (13 to 19), a landline with its area code (e.g. 010-84721234) or an international number with its country code (+44…)',
  },
  DATE_FORMAT: { 'zh-CN': '日期格式应为 年-月-日', en: 'Dates are written YYYY-MM-DD' },
  DATE_ORDER: { 'zh-CN': '受理日期不能早于发现日期', en: 'Acceptance cannot be before the report date' },
  TOO_LONG: { 'zh-CN': '内容过长', en: 'Too long' },
  NOT_NEGATIVE: { 'zh-CN': '不能为负数', en: 'Cannot be negative' },
  GROUP_PEOPLE: { 'zh-CN': '群体性纠纷需填写涉及人数(至少5人)', en: 'A group dispute needs the number of people involved (at least 5)' },
  FAILED_ROUTE: { 'zh-CN': '调解不成时需选择去向', en: 'Choose where a failed mediation was referred' },
  ...idDocumentMessages,
  ...creditCodeMessages,
};

export function messageFor(code: string, locale: Locale = 'zh-CN'): string {
  const table = (errorMessages as Record<string, Record<Locale, string>>)[code] ?? validationMessages[code];
  return table ? table[locale] : code;
}
