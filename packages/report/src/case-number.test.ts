import { describe, expect, it } from 'vitest';
import { displayCaseNo, parseShortCaseNo } from './case-number.js';

describe('displayCaseNo', () => {
  it('shows the case number, else a short form of the id that the ledger import reads back', () => {
    expect(displayCaseNo('QH-2021-0001', '3f2a9c1b-7d4e-4f00-9a1b-0c2d3e4f5a6b')).toBe('QH-2021-0001');
    const short = displayCaseNo(null, '3f2a9c1b-7d4e-4f00-9a1b-0c2d3e4f5a6b');
    expect(short).toBe('#3f2a9c1b');
    expect(displayCaseNo('', 'ledger-0a1b2c3d4e5f')).toBe('#0a1b2c3d');
    expect(parseShortCaseNo(short)).toBe('3f2a9c1b');
    expect(parseShortCaseNo('QH-2021-0001')).toBeNull();
  });
});
