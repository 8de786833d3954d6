export { createAuthRoutes } from './routes.js';
export { requireAuth } from './require-auth.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { issueToken } from './tokens.js';
