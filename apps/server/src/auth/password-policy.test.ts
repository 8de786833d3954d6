import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordPolicyIssues } from './password-policy.js';

describe('password policy', () => {
  it('accepts a long, uncommon password unrelated to the username', () => {
    expect(passwordPolicyIssues('河边柳树下的第三张长椅', 'grid01')).toEqual([]);
    expect(passwordPolicyIssues('violet-harbour-1987!', 'grid01')).toEqual([]);
  });

  it('refuses short passwords, ones containing the username, and common ones', () => {
    expect(passwordPolicyIssues('short1', 'grid01')).toContain('PASSWORD_TOO_SHORT');
    expect(passwordPolicyIssues('grid01-is-my-name', 'grid01')).toEqual(['PASSWORD_IS_USERNAME']);
    expect(passwordPolicyIssues('GRID01GRID01', 'grid01')).toEqual(['PASSWORD_IS_USERNAME']);
    // Both are in the list and at least 10 long: the list, not the length rule, refuses them.
    expect(passwordPolicyIssues('1234567890', 'grid01')).toEqual(['PASSWORD_COMMON']);
    expect(passwordPolicyIssues('QWERTYUIOP', 'grid01')).toEqual(['PASSWORD_COMMON']);
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('violet-harbour-1987!')).toBe(false);
  });
});
