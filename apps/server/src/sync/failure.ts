/**
 * Whether a mutation that threw would throw again on every resend: then it is recorded as rejected
 * (MUTATION_FAILED) so the device's queue moves on, instead of answering 500 to the same batch forever.
 * Anything that may pass on a later try — a dropped connection, a deadlock, a full disk, a busy database, an
 * error we cannot classify — is not: the batch stops there and the device resends.
 */
export function isDeterministicFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    // PostgreSQL SQLSTATE: 22 data exception (NUL in text, value out of range), 23 integrity constraint,
    // 54 program limit exceeded (a row or an index entry too large).
    if (/^[0-9A-Z]{5}$/.test(code)) return /^(22|23|54)/.test(code);
    // better-sqlite3 (a trigger's RAISE is whatever its author meant, so not judged deterministic)
    if (code.startsWith('SQLITE_')) return /^SQLITE_(TOOBIG|CONSTRAINT|MISMATCH|RANGE)/.test(code) && code !== 'SQLITE_CONSTRAINT_TRIGGER';
    return false;
  }
  // Thrown by the code itself on the data it was given (a stored document it cannot read, a value nested
  // deeper than the stack): the same data fails the same way again.
  return e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError || e.name === 'ZodError';
}
