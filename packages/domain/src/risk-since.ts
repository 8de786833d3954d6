import type { Level, RiskLevel } from './codes.js';

/**
 * When a case got its current risk grade: at intake, or at the latest change to it. Its own module (no zod) so the
 * phone's list rows can carry it without the time-limit schema in the start bundle.
 */
export function riskGradeSince(c: { risk: RiskLevel; createdAt: string; riskChanges?: Record<string, { to: RiskLevel; at: string }> }): string {
  let since = c.createdAt;
  for (const change of Object.values(c.riskChanges ?? {})) {
    if (change.to === c.risk && change.at > since) since = change.at;
  }
  return since;
}

/** The id of the automatic escalation for a grade: the same on every device and the server, so it happens once. */
export function automaticEscalationId(grade: RiskLevel, level: Level): string {
  return `auto-${grade}-${level}`;
}
