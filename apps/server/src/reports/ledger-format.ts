import {
  agreementForms,
  caseSources,
  courtConfirmationStatuses,
  disputeTypes,
  levels,
  mediatingBodies,
  outcomes,
  riskLevels,
} from '@tiaojie/domain';

/**
 * The case ledger (台账) as exported and imported: one row per case, Chinese headers, code-list values as
 * their Chinese labels. The export masks parties; the import accepts real names and phones.
 */
export const ledgerColumns = [
  { key: 'caseNo', header: '案件编号', width: 16 },
  { key: 'gridId', header: '网格编号', width: 10 },
  { key: 'gridName', header: '网格名称', width: 18 },
  { key: 'type', header: '纠纷类型', width: 12 },
  { key: 'source', header: '案件来源', width: 14 },
  { key: 'risk', header: '风险等级', width: 8 },
  { key: 'isGroup', header: '群体性', width: 8 },
  { key: 'peopleInvolved', header: '涉及人数', width: 8 },
  { key: 'reportedOn', header: '发现日期', width: 12 },
  { key: 'acceptedOn', header: '受理日期', width: 12 },
  { key: 'facts', header: '简要案情', width: 40 },
  { key: 'applicant', header: '申请人', width: 10 },
  { key: 'applicantPhone', header: '申请人电话', width: 14 },
  { key: 'respondent', header: '被申请人', width: 10 },
  { key: 'respondentPhone', header: '被申请人电话', width: 14 },
  { key: 'body', header: '调解组织', width: 22 },
  { key: 'concludedOn', header: '办结日期', width: 12 },
  { key: 'outcome', header: '调解结果', width: 10 },
  { key: 'resolvedLevel', header: '化解层级', width: 10 },
  { key: 'agreementForm', header: '协议形式', width: 10 },
  { key: 'agreementAmount', header: '协议金额（元）', width: 12 },
  { key: 'courtConfirmation', header: '司法确认', width: 14 },
  { key: 'followUps', header: '回访次数', width: 8 },
  { key: 'preventedCriminal', header: '防止民转刑', width: 10 },
  { key: 'preventedPetition', header: '防止群体性上访', width: 12 },
] as const;
export type LedgerKey = (typeof ledgerColumns)[number]['key'];
export type LedgerRecord = Record<LedgerKey, string | number>;

/** Code lists the ledger writes as labels; the import accepts a label or the code itself. */
export const ledgerCodeLists = {
  type: disputeTypes,
  source: caseSources,
  risk: riskLevels,
  body: mediatingBodies,
  outcome: outcomes,
  resolvedLevel: levels,
  agreementForm: agreementForms,
  courtConfirmation: courtConfirmationStatuses,
} as const;

export const yesNo = { yes: '是', no: '否' } as const;
