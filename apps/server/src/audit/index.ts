export { auditActions, recordAudit, type AuditAction, type AuditActor, type AuditEvent } from './record-audit.js';
export { verifyAudit, type AuditVerification } from './verify-audit.js';
export { pruneAudit, MIN_AUDIT_RETENTION_DAYS } from './prune-audit.js';
