import { afterEach, describe, expect, it } from 'vitest';
import { rememberProvisionalFile, wasFileShownProvisional } from './provisional-file.ts';

afterEach(() => localStorage.clear());

describe('a file shown under its provisional number', () => {
  it('is remembered per case, so only those cases ask for a reprint once numbered', () => {
    expect(wasFileShownProvisional('k1')).toBe(false);
    rememberProvisionalFile('k1');
    expect(wasFileShownProvisional('k1')).toBe(true);
    expect(wasFileShownProvisional('k2')).toBe(false);
  });
});
