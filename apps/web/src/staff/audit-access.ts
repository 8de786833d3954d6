import { levelRank, roleLevel, type User } from '@tiaojie/domain';

/** As the server decides (apps/server/src/audit/routes.ts): administrators, and staff from the sub-district up. */
export function canReadAuditTrail(user: User): boolean {
  return user.role === 'admin' || levelRank[roleLevel(user.role)] >= levelRank.subdistrict;
}
