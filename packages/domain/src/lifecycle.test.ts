import { describe, expect, it } from 'vitest';
import { availableActions, checkTransition } from './lifecycle.js';

describe('case lifecycle', () => {
  it('lets a grid worker conclude an open grid-level case', () => {
    expect(checkTransition('conclude', { status: 'mediating', handlingLevel: 'grid', role: 'grid_worker' })).toEqual({
      ok: true,
      to: 'concluded',
    });
  });
  it('refuses to conclude a case twice', () => {
    const r = checkTransition('conclude', { status: 'concluded', handlingLevel: 'grid', role: 'grid_worker' });
    expect(r).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });
  it('keeps reopening to staff', () => {
    expect(checkTransition('reopen', { status: 'concluded', handlingLevel: 'grid', role: 'grid_worker' })).toMatchObject({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
    });
    expect(checkTransition('reopen', { status: 'concluded', handlingLevel: 'grid', role: 'community_staff' }).ok).toBe(true);
  });
  it('only escalates upwards and keeps the status', () => {
    expect(
      checkTransition('escalate', { status: 'mediating', handlingLevel: 'community', role: 'community_staff', toLevel: 'grid' }),
    ).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    expect(
      checkTransition('escalate', { status: 'mediating', handlingLevel: 'grid', role: 'grid_worker', toLevel: 'subdistrict' }),
    ).toEqual({ ok: true, to: 'mediating' });
  });
  it('stops a grid worker acting on a case handled above the grid', () => {
    expect(checkTransition('conclude', { status: 'mediating', handlingLevel: 'community', role: 'grid_worker' })).toMatchObject({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
    });
  });
  it('lists the buttons a role may press', () => {
    expect(availableActions({ status: 'accepted', handlingLevel: 'grid', role: 'grid_worker' })).toEqual([
      'startMediation',
      'escalate',
      'conclude',
      'delete',
    ]);
  });
});
