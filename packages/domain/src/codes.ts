import { defineCodeList } from './labels.js';

/** The 15 dispute types of the national people's-mediation statistics. Report totals sum over these. */
export const disputeTypes = defineCodeList([
  { code: 'marriage_family', zh: '婚姻家庭', en: 'Marriage and family' },
  { code: 'neighbour', zh: '邻里', en: 'Neighbours' },
  { code: 'housing_homestead', zh: '房屋宅基地', en: 'Housing and homestead' },
  { code: 'contract', zh: '合同', en: 'Contract' },
  { code: 'production_business', zh: '生产经营', en: 'Production and business' },
  { code: 'damages', zh: '损害赔偿', en: 'Damages' },
  { code: 'forest_land', zh: '山林土地', en: 'Forest and land' },
  { code: 'land_acquisition', zh: '征地拆迁', en: 'Land acquisition and demolition' },
  { code: 'environment', zh: '环境污染', en: 'Environmental pollution' },
  { code: 'labour', zh: '劳动争议', en: 'Labour' },
  { code: 'consumer', zh: '消费', en: 'Consumer' },
  { code: 'medical', zh: '医疗', en: 'Medical' },
  { code: 'traffic', zh: '道路交通事故', en: 'Road traffic accident' },
  { code: 'property_management', zh: '物业', en: 'Property management' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type DisputeType = (typeof disputeTypes.codes)[number];

export const caseSources = defineCodeList([
  { code: 'party_applied', zh: '当事人申请', en: 'Party applied' },
  { code: 'proactive', zh: '主动调解', en: 'Proactive (found on screening rounds)' },
  { code: 'referral_police', zh: '公安机关移交', en: 'Referred by police', group: 'referral' },
  { code: 'referral_court', zh: '审判机关委托', en: 'Entrusted by court', group: 'referral' },
  { code: 'referral_government', zh: '政府部门指定', en: 'Assigned by government department', group: 'referral' },
  { code: 'referral_superior', zh: '上级交办', en: 'Assigned by higher level', group: 'referral' },
  /** A referral recorded without saying by whom (ledgers often write only the group name 接受委托移送). */
  { code: 'referral_other', zh: '接受委托移送（未细分）', en: 'Referred (sender not recorded)', group: 'referral' },
  { code: 'hotline_12345', zh: '12345热线', en: '12345 hotline' },
] as const);
export type CaseSource = (typeof caseSources.codes)[number];
export const sourceGroups = defineCodeList([
  { code: 'referral', zh: '接受委托移送', en: 'Referred or entrusted' },
] as const);

export const mediatingBodies = defineCodeList([
  { code: 'grid_worker', zh: '网格员', en: 'Grid worker' },
  { code: 'community_committee', zh: '村（社区）人民调解委员会', en: 'Village/community mediation committee' },
  { code: 'subdistrict_committee', zh: '街道（乡镇）人民调解委员会', en: 'Sub-district/township mediation committee' },
  { code: 'court_linked', zh: '诉调委', en: 'Court-linked mediation committee' },
  { code: 'traffic', zh: '交调委', en: 'Traffic accident mediation committee' },
  { code: 'medical', zh: '医调委', en: 'Medical dispute mediation committee' },
  { code: 'labour', zh: '劳动争议调解组织', en: 'Labour dispute mediation' },
  { code: 'property', zh: '物业纠纷调解委员会', en: 'Property dispute mediation committee' },
  { code: 'marriage_family', zh: '婚姻家庭纠纷调解委员会', en: 'Marriage and family mediation committee' },
  { code: 'administrative', zh: '行政调解', en: 'Administrative mediation' },
  { code: 'legal_adviser', zh: '法律顾问（律师）', en: 'Legal adviser / lawyer' },
] as const);
export type MediatingBody = (typeof mediatingBodies.codes)[number];

/** Where a case is handled or resolved; ordered from the grid upwards. */
export const levels = defineCodeList([
  { code: 'grid', zh: '网格', en: 'Grid' },
  { code: 'community', zh: '社区（村）', en: 'Community / village' },
  { code: 'subdistrict', zh: '街道（乡镇）', en: 'Sub-district / township' },
  { code: 'district', zh: '区县及以上', en: 'District and above' },
] as const);
export type Level = (typeof levels.codes)[number];
export const levelRank: Record<Level, number> = { grid: 0, community: 1, subdistrict: 2, district: 3 };

/**
 * Risk grades in the four colours local platforms use (红 highest … 蓝 lowest), as the national emergency-warning
 * scale orders them. Cases recorded before grades existed carry 一般/较大/重大: `legacyRiskCodes` reads them.
 */
export const riskLevels = defineCodeList([
  { code: 'red', zh: '红色', en: 'Red' },
  { code: 'orange', zh: '橙色', en: 'Orange' },
  { code: 'yellow', zh: '黄色', en: 'Yellow' },
  { code: 'blue', zh: '蓝色', en: 'Blue' },
] as const);
export type RiskLevel = (typeof riskLevels.codes)[number];
/** Old risk codes (一般/较大/重大) and the grade each reads as: 重大→橙, 较大→黄, 一般→蓝 (red was never assigned). */
export const legacyRiskCodes = { general: 'blue', major: 'yellow', serious: 'orange' } as const satisfies Record<string, RiskLevel>;
/** Old labels a ledger file may still carry in its 风险等级 column. */
export const legacyRiskLabels: Record<string, RiskLevel> = { 一般: 'blue', 较大: 'yellow', 重大: 'orange', 红: 'red', 橙: 'orange', 黄: 'yellow', 蓝: 'blue' };
/** The grade a stored or imported risk value reads as; unknown values stay as they are (the schema rejects them). */
export function readRiskCode(value: string): string {
  return Object.hasOwn(legacyRiskCodes, value) ? legacyRiskCodes[value as keyof typeof legacyRiskCodes] : value;
}
/** Grades from the highest down: the order of the warning board. */
export const riskRank: Record<RiskLevel, number> = { red: 0, orange: 1, yellow: 2, blue: 3 };

export const riskFlags = defineCodeList([
  { code: 'many_people', zh: '人数较多', en: 'Many people involved' },
  { code: 'criminal', zh: '可能民转刑', en: 'May turn criminal' },
  { code: 'group_petition', zh: '可能群体性上访', en: 'May lead to group petition' },
  { code: 'suicide', zh: '涉及自杀风险', en: 'Suicide risk' },
] as const);
export type RiskFlag = (typeof riskFlags.codes)[number];

export const outcomes = defineCodeList([
  { code: 'success', zh: '调解成功', en: 'Mediated successfully' },
  { code: 'failed', zh: '调解不成', en: 'Mediation failed' },
  { code: 'withdrawn', zh: '当事人撤回', en: 'Withdrawn by party' },
  { code: 'not_accepted', zh: '不予受理', en: 'Not accepted' },
] as const);
export type OutcomeCode = (typeof outcomes.codes)[number];
/** Outcomes that count as "mediated" (调解) in the annual report. */
export const mediatedOutcomes: readonly OutcomeCode[] = ['success', 'failed'];

export const failedRoutes = defineCodeList([
  { code: 'litigation', zh: '引导诉讼', en: 'Guided to litigation' },
  { code: 'arbitration', zh: '引导仲裁', en: 'Guided to arbitration' },
  { code: 'transfer', zh: '移交其他部门', en: 'Transferred to another body' },
] as const);
export type FailedRoute = (typeof failedRoutes.codes)[number];

export const agreementForms = defineCodeList([
  { code: 'oral', zh: '口头协议', en: 'Oral agreement' },
  { code: 'written', zh: '书面协议', en: 'Written agreement' },
] as const);
export type AgreementForm = (typeof agreementForms.codes)[number];

export const courtConfirmationStatuses = defineCodeList([
  { code: 'none', zh: '未申请', en: 'Not applied' },
  { code: 'applied', zh: '已申请司法确认', en: 'Court confirmation applied' },
  { code: 'confirmed', zh: '司法确认有效', en: 'Confirmed by court' },
  { code: 'rejected', zh: '司法确认驳回', en: 'Rejected by court' },
] as const);
export type CourtConfirmationStatus = (typeof courtConfirmationStatuses.codes)[number];

export const performanceStatuses = defineCodeList([
  { code: 'pending', zh: '待履行', en: 'To be performed' },
  { code: 'fulfilled', zh: '已履行', en: 'Fulfilled' },
  { code: 'partial', zh: '部分履行', en: 'Partly fulfilled' },
  { code: 'unfulfilled', zh: '未履行', en: 'Not fulfilled' },
] as const);
export type PerformanceStatus = (typeof performanceStatuses.codes)[number];

export const satisfactionLevels = defineCodeList([
  { code: 'satisfied', zh: '满意', en: 'Satisfied' },
  { code: 'basically', zh: '基本满意', en: 'Mostly satisfied' },
  { code: 'dissatisfied', zh: '不满意', en: 'Dissatisfied' },
] as const);
export type Satisfaction = (typeof satisfactionLevels.codes)[number];

export const activityKinds = defineCodeList([
  { code: 'screening', zh: '矛盾纠纷排查', en: 'Dispute screening round' },
  { code: 'meeting', zh: '矛盾纠纷排查会（矛排会）', en: 'Dispute-screening meeting' },
  { code: 'training', zh: '调解员培训', en: 'Mediator training' },
  { code: 'publicity', zh: '普法宣传', en: 'Legal publicity event' },
  { code: 'consultation', zh: '法律咨询', en: 'Legal consultation' },
] as const);
export type ActivityKind = (typeof activityKinds.codes)[number];

export const sexes = defineCodeList([
  { code: 'male', zh: '男', en: 'Male' },
  { code: 'female', zh: '女', en: 'Female' },
] as const);
export type Sex = (typeof sexes.codes)[number];

export const partyRoles = defineCodeList([
  { code: 'applicant', zh: '申请人', en: 'Applicant' },
  { code: 'respondent', zh: '被申请人', en: 'Respondent' },
] as const);
export type PartyRole = (typeof partyRoles.codes)[number];

export const photoKinds = defineCodeList([
  { code: 'agreement', zh: '签字协议', en: 'Signed agreement' },
  { code: 'scene', zh: '现场照片', en: 'Scene' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type PhotoKind = (typeof photoKinds.codes)[number];

export const caseStatuses = defineCodeList([
  { code: 'accepted', zh: '已受理', en: 'Accepted' },
  { code: 'mediating', zh: '调解中', en: 'Mediating' },
  { code: 'concluded', zh: '已办结', en: 'Concluded' },
  { code: 'archived', zh: '已归档', en: 'Archived' },
] as const);
export type CaseStatus = (typeof caseStatuses.codes)[number];

export const roles = defineCodeList([
  { code: 'grid_worker', zh: '网格员', en: 'Grid worker' },
  { code: 'community_staff', zh: '社区（村）工作人员', en: 'Community staff' },
  { code: 'subdistrict_staff', zh: '街道（乡镇）工作人员', en: 'Sub-district staff' },
  { code: 'district_staff', zh: '区县工作人员', en: 'District staff' },
  { code: 'admin', zh: '系统管理员', en: 'Administrator' },
] as const);
export type Role = (typeof roles.codes)[number];

export const nodeKinds = defineCodeList([
  { code: 'district', zh: '区（县）', en: 'District' },
  { code: 'subdistrict', zh: '街道（乡镇）', en: 'Sub-district / township' },
  { code: 'community', zh: '社区（村）', en: 'Community / village' },
  { code: 'grid', zh: '网格', en: 'Grid' },
] as const);
export type NodeKind = (typeof nodeKinds.codes)[number];

/** Natural person or organisation (法人、非法人组织): the provincial data sets tell the two apart. */
export const partyKinds = defineCodeList([
  { code: 'person', zh: '自然人', en: 'Natural person' },
  { code: 'organisation', zh: '单位（法人或其他组织）', en: 'Organisation' },
] as const);
export type PartyKind = (typeof partyKinds.codes)[number];

/** 证件类型 of a natural person; each has its own rule in identity-documents.ts. */
export const idDocumentTypes = defineCodeList([
  { code: 'resident_id', zh: '居民身份证', en: 'Resident identity card' },
  { code: 'foreign_permanent', zh: '外国人永久居留身份证', en: 'Foreigner’s permanent residence ID card' },
  { code: 'hmt_residence', zh: '港澳台居民居住证', en: 'Residence permit (Hong Kong, Macao, Taiwan)' },
  { code: 'hkmo_pass', zh: '港澳居民来往内地通行证', en: 'Mainland travel permit (Hong Kong, Macao)' },
  { code: 'tw_pass', zh: '台湾居民来往大陆通行证', en: 'Mainland travel permit (Taiwan)' },
  { code: 'passport', zh: '护照', en: 'Passport' },
  { code: 'other', zh: '其他证件', en: 'Other document' },
] as const);
export type IdDocumentType = (typeof idDocumentTypes.codes)[number];

/**
 * Channels a case can come in by with a sender who expects an answer back (issue 17 §4), and the case source each
 * requires: a 12345 work order, a court's pre-litigation delegation (诉前委派), a police hand-over.
 */
export const intakeChannels = defineCodeList([
  { code: 'hotline_12345', zh: '12345工单', en: '12345 work order' },
  { code: 'court', zh: '诉前委派', en: 'Court pre-litigation delegation' },
  { code: 'police', zh: '公安移交', en: 'Police hand-over' },
] as const);
export type IntakeChannel = (typeof intakeChannels.codes)[number];
export const intakeChannelSource = { hotline_12345: 'hotline_12345', court: 'referral_court', police: 'referral_police' } as const satisfies Record<IntakeChannel, CaseSource>;
/** The channel a case source opens, if any (the form shows that channel's fields). */
export function intakeChannelOf(source: string): IntakeChannel | undefined {
  return (Object.keys(intakeChannelSource) as IntakeChannel[]).find((ch) => intakeChannelSource[ch] === source);
}

/** The state of one of a channel's time limits on a case. */
export const intakeLimitStates = defineCodeList([
  { code: 'running', zh: '进行中', en: 'Running' },
  { code: 'approaching', zh: '即将超期', en: 'Due soon' },
  { code: 'passed', zh: '已超期', en: 'Overdue' },
  { code: 'met', zh: '已按时完成', en: 'Met in time' },
  { code: 'met_late', zh: '超期完成', en: 'Met late' },
] as const);
export type IntakeLimitState = (typeof intakeLimitStates.codes)[number];
