import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it.each([
    ['POSTGRES://u@h/db', /scheme "POSTGRES:"/],
    ['mysql://u@h/db', /scheme "mysql:"/],
    ['host=localhost dbname=tiaojie user=u', /no URL scheme/],
    ['sqlite:data/x.db', /scheme "sqlite:"/],
  ])('refuses DATABASE_URL=%s instead of falling back to SQLite', (url, named) => {
    expect(() => readConfig({ DATABASE_URL: url }, '/srv')).toThrow(named);
    expect(() => readConfig({ DATABASE_URL: url }, '/srv')).toThrow(/DATABASE_URL is not a PostgreSQL URL/);
  });

  it('accepts postgres:// and postgresql://, and an empty DATABASE_URL as SQLite', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://u@h/db' }, '/srv').databaseUrl).toBe('postgres://u@h/db');
    expect(readConfig({ DATABASE_URL: 'postgresql://u@h/db' }, '/srv').databaseUrl).toBe('postgresql://u@h/db');
    expect(readConfig({ DATABASE_URL: '' }, '/srv').databaseUrl).toBeUndefined();
  });

  it('trusts no proxy by default and the listed ones with TRUST_PROXY; a bad entry stops the start', () => {
    expect(readConfig({}, '/srv').trustProxy.has('127.0.0.1')).toBe(false);
    const trusted = readConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }, '/srv').trustProxy;
    expect(['127.0.0.1', '10.200.3.4', '::ffff:10.1.1.1'].map((a) => trusted.has(a))).toEqual([true, true, true]);
    expect(trusted.has('11.0.0.1')).toBe(false);
    expect(() => readConfig({ TRUST_PROXY: '10.0.0.0/33' }, '/srv')).toThrow(/TRUST_PROXY: "10.0.0.0\/33"/);
  });

  it('keeps audit events 365 days by default and refuses a retention under 180 days', () => {
    expect(readConfig({}, '/srv').auditRetentionDays).toBe(365);
    expect(readConfig({ AUDIT_RETENTION_DAYS: '180' }, '/srv').auditRetentionDays).toBe(180);
    expect(() => readConfig({ AUDIT_RETENTION_DAYS: '179' }, '/srv')).toThrow(/AUDIT_RETENTION_DAYS/);
  });

  it('sweeps for overdue risk escalations every 60 seconds by default; 0 turns it off; a bad value stops the start', () => {
    expect(readConfig({}, '/srv').riskSweepSeconds).toBe(60);
    expect(readConfig({ RISK_SWEEP_SECONDS: '0' }, '/srv').riskSweepSeconds).toBe(0);
    expect(() => readConfig({ RISK_SWEEP_SECONDS: '-5' }, '/srv')).toThrow(/RISK_SWEEP_SECONDS/);
  });

  it('ends idle staff sessions after 30 minutes by default (STAFF_IDLE_MINUTES)', () => {
    expect(readConfig({}, '/srv').staffIdleMinutes).toBe(30);
    expect(readConfig({ STAFF_IDLE_MINUTES: '10' }, '/srv').staffIdleMinutes).toBe(10);
    expect(() => readConfig({ STAFF_IDLE_MINUTES: '0' }, '/srv')).toThrow(/STAFF_IDLE_MINUTES/);
  });
});
