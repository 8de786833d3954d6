/**
 * SQLSTATEs of a PostgreSQL connection that went away (class 08, connection exception) or was shut down
 * (57P01 admin_shutdown — what pg_terminate_backend sends —, 57P02 crash_shutdown, 57P03 cannot_connect_now).
 */
const lostStates = new Set(['57P01', '57P02', '57P03']);
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// pg reports a socket closed under a running query or a connect that timed out with these messages, without a code.
const lostMessages = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** True when `err` means "the database could not be reached", not "the query was wrong": worth a 503 and a retry. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, hops = 0; e instanceof Error && hops < 5; e = e.cause, hops++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (lostStates.has(code) || code.startsWith('08') || socketCodes.has(code))) return true;
    if (lostMessages.test(e.message)) return true;
  }
  return false;
}
