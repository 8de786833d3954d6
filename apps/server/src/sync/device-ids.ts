import { ApiError } from '../http/api-error.js';
import type { AuthContext } from '../http/app-env.js';

/** Ledger imports apply their rows as mutations of the device `ledger-import.<user id>` (reports/ledger-import.ts). */
export const LEDGER_IMPORT_DEVICE_PREFIX = 'ledger-import.';

/**
 * Which device ids a token may push with. Sign-in binds the token to one device id; the phone pushes with that
 * id or with a replica of it (`<device id>.<suffix>`: the web app keeps one outbox per account on a shared phone).
 * The first push of an id then binds it to the account (the devices/mutations rows), so no other account can
 * use it. Ids of ledger imports are the server's own and never pushed. Without this, any account could take an
 * id before its owner did — grid01 pushing as `ledger-import.<a district user>` made every later import of
 * that user answer 403.
 */
export function assertPushDevice(auth: AuthContext, deviceId: string): void {
  if (deviceId.startsWith(LEDGER_IMPORT_DEVICE_PREFIX)) {
    throw new ApiError(403, 'DEVICE_TAKEN', 'device ids starting with ledger-import. are reserved for ledger imports');
  }
  if (deviceId !== auth.deviceId && !deviceId.startsWith(`${auth.deviceId}.`)) {
    throw new ApiError(403, 'DEVICE_NOT_BOUND', `this sign-in is bound to device ${auth.deviceId}; push with it (or ${auth.deviceId}.<replica>)`);
  }
}
