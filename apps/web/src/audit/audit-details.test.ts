import { describe, expect, it } from 'vitest';
import { auditDetailText, auditObjectText } from './audit-details.ts';

describe('auditDetailText', () => {
  it('reads a reveal in Chinese: field names and the reason, with full-width punctuation', () => {
    expect(auditDetailText({ fields: ['idNumber', 'phone'], reason: '核实身份' })).toBe('字段：证件号码、电话；原因：核实身份');
  });

  it('names case fields by their first path segment once, hides the mutation number, and keeps reading order', () => {
    expect(auditDetailText({ mutationId: 12, fields: ['parties.p1', 'parties.p2', 'facts'], conflict: true })).toBe('字段：当事人、简要案情；产生冲突：是');
    expect(auditDetailText({ transition: 'escalate', mutationId: 3 })).toBe('操作：上报');
  });

  it('translates codes (roles, sign-in failures) and shows unknown keys as they are', () => {
    expect(auditDetailText({ username: 'grid11', role: 'grid_worker', nodeId: 'g11' })).toBe('账号：grid11；角色：网格员；单位：g11');
    expect(auditDetailText({ cause: 'wrongPassword', address: '10.0.0.1' })).toBe('原因：密码错误；地址：10.0.0.1');
    expect(auditDetailText({ username: 'grid02', device: 'Redmi Note 12', revokedDeviceId: 'd-1', byAdmin: true })).toBe('账号：grid02；设备：Redmi Note 12；由管理员操作：是');
    expect(auditDetailText({ somethingNew: 'x', note: null })).toBe('somethingNew：x；note：—');
  });

  it('reads a case history row without item ids or field codes', () => {
    expect(auditDetailText({ fields: ['followUps.65714df2-aa', 'sessions.0c1f', 'outcome', 'parties.p1.idNumber'] })).toBe('字段：回访、调解记录、调解结果、当事人');
    expect(auditDetailText({ transition: 'conclude' })).toBe('操作：登记结果');
    expect(auditDetailText({ transition: 'startMediation' }, 'en')).toBe('Action: start mediation');
  });

  it('names a unit by its name when the reader knows it', () => {
    expect(auditDetailText({ username: 'grid11', nodeId: 'g11' }, 'en', (id) => (id === 'g11' ? '东湖社区第11网格' : undefined))).toBe('Account: grid11; Unit: 东湖社区第11网格');
    expect(auditDetailText({ nodeId: 'x9' }, 'zh', () => undefined)).toBe('单位：x9');
  });

  it('has an English reading too', () => {
    expect(auditDetailText({ fields: ['idNumber'], reason: 'verify' }, 'en')).toBe('Fields: ID number; Reason: verify');
  });

  it('names the object of a row without a case by device or account, else its target', () => {
    expect(auditObjectText({ target: 'tok-1', details: { username: 'grid02', device: 'Redmi Note 12' } })).toBe('grid02 · Redmi Note 12');
    expect(auditObjectText({ target: 'u-1', details: { username: 'grid11', fields: ['disabled'] } })).toBe('grid11');
    expect(auditObjectText({ target: 'g11', details: { kind: 'grid' } })).toBe('g11');
    expect(auditObjectText({ target: null, details: {} })).toBe('');
  });
});
