import { adminUserSchema, adminUsersSchema, deviceSessionsSchema, type AdminUser, type DeviceSession, type Role } from '@tiaojie/domain';
import { apiFetch } from '../api/http.ts';

/** The accounts of the administrator's subtree, with their state. */
export async function fetchAccounts(): Promise<AdminUser[]> {
  return adminUsersSchema.parse(await apiFetch('/api/admin/users')).users;
}

export type AccountChange = { disabled: boolean } | { mustChangePassword: true } | { password: string };

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  nodeId: string;
  password: string;
}

/** The server answers the account as the list shows it (it must change its password at the first sign-in). */
export async function createAccount(account: NewAccount): Promise<AdminUser> {
  return adminUserSchema.parse(await apiFetch('/api/admin/users', { method: 'POST', json: account }));
}

export async function changeAccount(id: string, change: AccountChange): Promise<void> {
  await apiFetch(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: change });
}

/** The devices signed in to an account, most recently used first. */
export async function fetchDevices(userId: string): Promise<DeviceSession[]> {
  return deviceSessionsSchema.parse(await apiFetch(`/api/admin/users/${encodeURIComponent(userId)}/sessions`)).sessions;
}

/** On its next contact the device is told DEVICE_REVOKED and erases what it holds. */
export async function revokeDevice(userId: string, sessionId: string): Promise<void> {
  await apiFetch(`/api/admin/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });
}
