import { z } from 'zod';
import { userSchema } from './org.js';

/**
 * A new account's sign-in name: 3–32 lower-case letters, digits, '.', '_' or '-' (typed in any case, stored
 * lower-case). Signing in takes any name (limits.ts usernameSchema): an unknown one is just not found.
 */
export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;
export const newUsernameSchema = z.string().trim().toLowerCase().regex(USERNAME_PATTERN, { message: 'USERNAME_FORMAT' });

/** An account as administrators see it (GET /api/admin/users): its state too. */
export const adminUserSchema = userSchema.extend({
  disabled: z.boolean(),
  /** The user must choose a new password at their next sign-in. */
  mustChangePassword: z.boolean(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUsersSchema = z.object({ users: z.array(adminUserSchema) });

/** One device signed in to an account (a live token): its name and when it last reached the server. */
export const deviceSessionSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string(),
  /** Only in the user's own list (/api/auth/sessions): the session making the request. */
  current: z.boolean().optional(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;

export const deviceSessionsSchema = z.object({ sessions: z.array(deviceSessionSchema) });
