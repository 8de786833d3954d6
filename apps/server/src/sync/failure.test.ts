import { describe, expect, it } from 'vitest';
import { isDeterministicFailure } from './failure.js';

const withCode = (code: string) => Object.assign(new Error('x'), { code });

describe('isDeterministicFailure', () => {
  it('records data errors, retries what may pass later', () => {
    expect(isDeterministicFailure(withCode('22021'))).toBe(true); // NUL in text (PostgreSQL)
    expect(isDeterministicFailure(withCode('23505'))).toBe(true);
    expect(isDeterministicFailure(withCode('54000'))).toBe(true);
    expect(isDeterministicFailure(withCode('SQLITE_TOOBIG'))).toBe(true);
    expect(isDeterministicFailure(new RangeError('Maximum call stack size exceeded'))).toBe(true);
    expect(isDeterministicFailure(new SyntaxError('Unexpected end of JSON input'))).toBe(true);
    for (const transient of ['57P01', '08006', '40001', '40P01', '53100', 'P0001', 'ECONNRESET', 'SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CONSTRAINT_TRIGGER']) {
      expect(isDeterministicFailure(withCode(transient)), transient).toBe(false);
    }
    expect(isDeterministicFailure(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isDeterministicFailure('not an error')).toBe(false);
  });
});
