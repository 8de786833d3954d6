export { createRiskRoutes } from './routes.js';
export { nilReportOverview, nilReportSpan, unitsNotReported, riskBoard, riskLimitsFor, type NilReportSpan } from './risk-store.js';
export { sweepEscalations, startEscalationSweep } from './escalation-sweep.js';
