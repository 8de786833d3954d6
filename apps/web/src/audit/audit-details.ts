import { roles, type AuditEventView } from '@tiaojie/domain';

type Lang = 'zh' | 'en';
type Detail = AuditEventView['details'][string];

/** The keys the server records (apps/server/src/**: recordAudit details), in reading order. */
const keyLabels: Record<string, [zh: string, en: string]> = {
  fields: ['字段', 'Fields'],
  reason: ['原因', 'Reason'],
  transition: ['操作', 'Action'],
  conflictId: ['冲突', 'Conflict'],
  conflict: ['产生冲突', 'Conflict'],
  username: ['账号', 'Account'],
  device: ['设备', 'Device'],
  role: ['角色', 'Role'],
  nodeId: ['单位', 'Unit'],
  disabled: ['停用', 'Disabled'],
  mustChangePassword: ['须改密码', 'Must change password'],
  byAdmin: ['由管理员操作', 'By an administrator'],
  forced: ['被要求修改', 'Required'],
  cause: ['原因', 'Cause'],
  address: ['地址', 'Address'],
  passwordChangeRequired: ['须改密码', 'Must change password'],
  report: ['报表', 'Report'],
  year: ['年度', 'Year'],
  format: ['格式', 'Format'],
  version: ['版本', 'Version'],
  rows: ['行数', 'Rows'],
  bytes: ['字节', 'Bytes'],
  jobId: ['任务', 'Job'],
  kind: ['类别', 'Kind'],
  name: ['名称', 'Name'],
  parentId: ['上级', 'Parent'],
  count: ['条数', 'Count'],
  before: ['截止', 'Before'],
  mutationId: ['变更号', 'Change no.'],
};

/** Field names a case change or a reveal lists (their first path segment: 'parties.p1' is 当事人). */
const fieldLabels: Record<string, [string, string]> = {
  idNumber: ['证件号码', 'ID number'],
  phone: ['电话', 'Phone'],
  creditCode: ['统一社会信用代码', 'Credit code'],
  caseNo: ['案件编号', 'Case no.'],
  provisionalNo: ['临时编号', 'Provisional no.'],
  type: ['纠纷类型', 'Type'],
  subType: ['具体类别', 'Sub-type'],
  source: ['案件来源', 'Source'],
  risk: ['风险等级', 'Risk'],
  isGroup: ['群体性纠纷', 'Group dispute'],
  peopleInvolved: ['涉及人数', 'People involved'],
  facts: ['简要案情', 'Facts'],
  reportedOn: ['发现日期', 'Reported on'],
  acceptedOn: ['受理日期', 'Accepted on'],
  amountInvolved: ['涉及金额', 'Amount'],
  preventedCriminal: ['防止民转刑', 'Prevented crime'],
  preventedPetition: ['防止群体性上访', 'Prevented petition'],
  parties: ['当事人', 'Parties'],
  sessions: ['调解记录', 'Sessions'],
  followUps: ['回访', 'Follow-ups'],
  photos: ['照片', 'Photos'],
  signatures: ['签名', 'Signatures'],
  agreement: ['调解协议', 'Agreement'],
  riskFlags: ['风险标志', 'Risk flags'],
  riskChanges: ['风险等级调整', 'Risk changes'],
  prevention: ['预防效果', 'Prevention'],
  committeeId: ['调解委员会', 'Committee'],
  investigations: ['调查记录', 'Investigations'],
  escalations: ['上报', 'Escalations'],
  outcome: ['调解结果', 'Outcome'],
  status: ['状态', 'Status'],
  name: ['姓名', 'Name'],
  address: ['住址', 'Address'],
  contactName: ['联系人', 'Contact'],
  displayName: ['姓名', 'Name'],
  passwordReset: ['重设密码', 'Password reset'],
  disabled: ['停用', 'Disabled'],
  mustChangePassword: ['须改密码', 'Must change password'],
};

/** Codes some keys carry. */
const valueLabels: Record<string, Record<string, [string, string]>> = {
  cause: { unknownUser: ['账号不存在', 'unknown user'], wrongPassword: ['密码错误', 'wrong password'], disabled: ['账号已停用', 'account disabled'] },
  transition: {
    startMediation: ['开始调解', 'start mediation'],
    escalate: ['上报', 'escalate'],
    conclude: ['登记结果', 'conclude'],
    delete: ['删除', 'delete'],
    reopen: ['重新办理', 'reopen'],
    archive: ['归档', 'archive'],
  },
};

/** Bookkeeping a reader does not need (the mutation's number links the row to the sync log, not to a person). */
const hidden = new Set(['mutationId', 'prunedHash', 'prunedThrough', 'revokedDeviceId']);

/** Keys whose value is an org node's id: shown by the node's name when the reader's list has it. */
const nodeKeys = new Set(['nodeId', 'parentId']);

function valueText(key: string, value: Detail, lang: Lang, nodeName?: (id: string) => string | undefined): string {
  const i = lang === 'zh' ? 0 : 1;
  if (value === null) return '—';
  if (typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    const names = value.map((v) => fieldLabels[v.split('.')[0]!]?.[i] ?? v);
    return [...new Set(names)].join(lang === 'zh' ? '、' : ', ');
  }
  const text = String(value);
  if (nodeKeys.has(key)) return nodeName?.(text) ?? text;
  if (key === 'role' && roles.has(text)) return roles.label(text, lang === 'zh' ? 'zh-CN' : 'en');
  return valueLabels[key]?.[text]?.[i] ?? text;
}

/**
 * An audit row's details as a reader wants them: "字段：证件号码、电话；原因：核实身份" rather than the JSON keys the
 * server stores. Unknown keys are shown as they are (a newer server may record more).
 */
export function auditDetailText(details: AuditEventView['details'], lang: Lang = 'zh', nodeName?: (id: string) => string | undefined): string {
  const i = lang === 'zh' ? 0 : 1;
  const order = Object.keys(keyLabels);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(details)
    .filter(([k]) => !hidden.has(k))
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => `${keyLabels[k]?.[i] ?? k}${lang === 'zh' ? '：' : ': '}${valueText(k, v, lang, nodeName)}`)
    .join(lang === 'zh' ? '；' : '; ');
}

/**
 * What a row without a case acted on, readably: the device or the account by name rather than the token or user id
 * the server keeps as its target.
 */
export function auditObjectText(e: Pick<AuditEventView, 'target' | 'details'>): string {
  const { device, username } = e.details;
  if (typeof device === 'string') return typeof username === 'string' ? `${username} · ${device}` : device;
  if (typeof username === 'string') return username;
  return e.target ?? '';
}
