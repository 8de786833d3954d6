import { z } from 'zod';
import type { Locale } from './labels.js';

/** What the audit trail records (server apps/server/src/audit). 'personal.reveal' is a reveal of a party's data. */
export const auditActions = [
  'auth.login',
  'auth.loginFailed',
  'auth.logout',
  'auth.sessionRevoked',
  'auth.passwordChanged',
  'personal.reveal',
  'report.export',
  'report.print',
  'report.signoff',
  'ledger.import',
  'admin.userCreated',
  'admin.userChanged',
  'admin.nodeCreated',
  'case.create',
  'case.edit',
  'case.transition',
  'case.resolveConflict',
  'audit.prune',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditActionLabels: Record<AuditAction, string> = {
  'auth.login': '登录',
  'auth.loginFailed': '登录失败',
  'auth.logout': '退出登录',
  'auth.sessionRevoked': '撤销设备登录',
  'auth.passwordChanged': '修改密码',
  'personal.reveal': '查看完整个人信息',
  'report.export': '导出报表',
  'report.print': '打印报表',
  'report.signoff': '报表签发',
  'ledger.import': '导入台账',
  'admin.userCreated': '新建账号',
  'admin.userChanged': '修改账号',
  'admin.nodeCreated': '新建组织节点',
  'case.create': '新建案件',
  'case.edit': '修改案件',
  'case.transition': '案件流转',
  'case.resolveConflict': '处理冲突',
  'audit.prune': '清理过期审计记录',
};

const auditActionLabelsEn: Record<AuditAction, string> = {
  'auth.login': 'Signed in',
  'auth.loginFailed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.sessionRevoked': 'Device sign-in revoked',
  'auth.passwordChanged': 'Password changed',
  'personal.reveal': 'Personal data revealed',
  'report.export': 'Report exported',
  'report.print': 'Report printed',
  'report.signoff': 'Report signed off',
  'ledger.import': 'Ledger imported',
  'admin.userCreated': 'Account created',
  'admin.userChanged': 'Account changed',
  'admin.nodeCreated': 'Unit created',
  'case.create': 'Case created',
  'case.edit': 'Case edited',
  'case.transition': 'Case moved on',
  'case.resolveConflict': 'Conflict resolved',
  'audit.prune': 'Expired audit rows pruned',
};

/** An action's label in the reader's language; an action this code does not know (a newer server's) as it is. */
export function auditActionLabel(action: string, locale: Locale = 'zh-CN'): string {
  const labels = locale === 'en' ? auditActionLabelsEn : auditActionLabels;
  return (auditActions as readonly string[]).includes(action) ? labels[action as AuditAction] : action;
}

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

/** One audit event as the API answers it. */
export const auditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  deviceId: z.string().nullable(),
  caseId: z.string().nullable(),
  partyId: z.string().nullable(),
  target: z.string().nullable(),
  details: z.record(z.string(), detailValue),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
