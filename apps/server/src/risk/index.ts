export { createRiskRoutes } from './routes.js';
export { nilReportOverview, unitsNotReported, riskBoard, riskLimitsFor } from './risk-store.js';
export { sweepEscalations, startEscalationSweep } from './escalation-sweep.js';
