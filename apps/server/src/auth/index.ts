export { createAuthRoutes } from './routes.js';
export { requireAuth } from './require-auth.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { issueToken } from './tokens.js';
export { revokeToken, revokeUserTokens, type RevokeReason } from './tokens.js';
export { assertPasswordPolicy, passwordPolicyIssues } from './password-policy.js';
