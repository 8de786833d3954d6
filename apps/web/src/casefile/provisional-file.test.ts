import { afterEach, describe, expect, it } from 'vitest';
import { forgetProvisionalFiles, rememberProvisionalFile, wasFileShownProvisional } from './provisional-file.ts';

afterEach(() => localStorage.clear());

describe('a file shown under its provisional number', () => {
  it('is remembered per case, so only those cases ask for a reprint once numbered', () => {
    expect(wasFileShownProvisional('k1')).toBe(false);
    rememberProvisionalFile('k1');
    expect(wasFileShownProvisional('k1')).toBe(true);
    expect(wasFileShownProvisional('k2')).toBe(false);
  });

  it('is forgotten at sign-out, leaving other keys alone', () => {
    rememberProvisionalFile('k1');
    localStorage.setItem('tiaojie.other', 'x');
    forgetProvisionalFiles();
    expect(wasFileShownProvisional('k1')).toBe(false);
    expect(localStorage.getItem('tiaojie.other')).toBe('x');
  });
});
