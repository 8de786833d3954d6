import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditActions } from './audit.js';

describe('auditActionLabel', () => {
  it('names every action in both languages, never by its code', () => {
    for (const action of auditActions) {
      expect(auditActionLabel(action)).not.toBe(action);
      expect(auditActionLabel(action, 'en')).not.toBe(action);
    }
    expect(auditActionLabel('case.edit', 'en')).toBe('Case edited');
    expect(auditActionLabel('personal.reveal')).toBe('查看完整个人信息');
  });

  it('shows an action a newer server records as it is', () => {
    expect(auditActionLabel('case.somethingNew', 'en')).toBe('case.somethingNew');
  });
});
