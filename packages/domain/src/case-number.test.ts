import { describe, expect, it } from 'vitest';
import {
  caseTitle,
  checkCaseNumberFormat,
  defaultCaseNumberFormat,
  formatCaseNumber,
  formatProvisionalNo,
  isProvisionalNo,
  shortNameOfBody,
} from './case-number.js';

describe('case numbers', () => {
  it('formats the common style by default', () => {
    expect(formatCaseNumber(defaultCaseNumberFormat, { year: 2025, short: '清河', n: 42 })).toBe('（2025）清河调字第0042号');
    expect(formatCaseNumber(defaultCaseNumberFormat, { year: 2025, short: '清河', n: 12345 })).toBe('（2025）清河调字第12345号');
  });

  it('accepts only formats that name the running number and known fields', () => {
    expect(checkCaseNumberFormat(defaultCaseNumberFormat)).toBeNull();
    expect(checkCaseNumberFormat('{short}民调{year}-{n}')).toBeNull();
    expect(checkCaseNumberFormat('（{year}）{short}调字')).toBe('CASE_NUMBER_FORMAT');
    expect(checkCaseNumberFormat('{year}{nn}{n}')).toBe('CASE_NUMBER_FORMAT');
    expect(checkCaseNumberFormat('x'.repeat(61) + '{n}')).toBe('TOO_LONG');
  });

  it('shortens body names', () => {
    expect(shortNameOfBody('清河街道')).toBe('清河');
    expect(shortNameOfBody('南岭镇')).toBe('南岭');
    expect(shortNameOfBody('街道')).toBe('街道');
  });

  it('makes provisional numbers that read as provisional and differ per device', () => {
    const a = formatProvisionalNo('g01', 'a3f2c0de-1111', 7);
    const b = formatProvisionalNo('g01', 'b771c0de-1111', 7);
    expect(a).toBe('临G01-A3F2-0007');
    expect(a).not.toBe(b);
    expect(isProvisionalNo(a)).toBe(true);
    expect(isProvisionalNo('（2025）清河调字第0042号')).toBe(false);
    expect(a.length).toBeLessThanOrEqual(40);
    expect(formatProvisionalNo('g'.repeat(64), 'd', 1).length).toBeLessThanOrEqual(40);
  });

  it('titles a case by its parties and type', () => {
    expect(caseTitle(['王建国'], ['李梅'], '邻里')).toBe('王建国 与 李梅 邻里纠纷');
    expect(caseTitle(['王建国', '张三'], [], '婚姻家庭')).toBe('王建国、张三 婚姻家庭纠纷');
    expect(caseTitle([], [], '邻里')).toBe('邻里纠纷');
    expect(caseTitle(['Wang'], ['Li'], 'Neighbourhood', 'en')).toBe('Wang v. Li Neighbourhood dispute');
  });
});
