import { describe, expect, it } from 'vitest';
import { defineCodeList } from './labels.js';

describe('code lists', () => {
  const list = defineCodeList([{ code: 'neighbour', zh: '邻里', en: 'Neighbours' }] as const);

  it('label a known code in either language, and show a code they do not know as itself', () => {
    expect(list.label('neighbour', 'zh-CN')).toBe('邻里');
    expect(list.labelOrCode('neighbour', 'en')).toBe('Neighbours');
    expect(list.labelOrCode('retired_code', 'zh-CN')).toBe('retired_code');
  });
});
