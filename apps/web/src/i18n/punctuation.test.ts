import { describe, expect, it } from 'vitest';
import * as domain from '@tiaojie/domain';
import { staffStrings } from '../staff/strings.ts';
import { zhCN } from './zh-CN.ts';
import { zhCNAccount } from './zh-CN-account.ts';
import { zhCNHome } from './zh-CN-home.ts';
import { zhCNLater } from './zh-CN-later.ts';

/** ASCII , ; : ( ) ? ! touching a Chinese character: Chinese text takes full-width ，；：（）？！ */
const halfWidthBesideChinese = /[\u4e00-\u9fff][,;:()?!]|[,;:()?!][\u4e00-\u9fff]|\([^()]*[\u4e00-\u9fff][^()]*\)/;

function strings(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

describe('Chinese UI text uses full-width punctuation', () => {
  it('in the zh-CN catalogue, the staff screens, error messages and code-list labels', () => {
    const codeLists = Object.entries(domain).flatMap(([name, v]) =>
      v && typeof v === 'object' && 'entries' in v && Array.isArray(v.entries) ? (v.entries as { zh: string }[]).map((e, i): [string, string] => [`${name}.${i}`, e.zh]) : [],
    );
    const texts = [
      ...strings(zhCN, 'zhCN', []),
      ...strings(zhCNHome, 'zhCNHome', []),
      ...strings(zhCNAccount, 'zhCNAccount', []),
      ...strings(zhCNLater, 'zhCNLater', []),
      ...strings(staffStrings('zh-CN'), 'staff', []),
      ...Object.entries(domain.errorMessages).map(([k, v]): [string, string] => [k, v['zh-CN']]),
      ...Object.entries(domain.validationMessages).map(([k, v]): [string, string] => [k, v['zh-CN']]),
      ...codeLists,
    ];
    expect(texts.length).toBeGreaterThan(300);
    expect(texts.filter(([, text]) => halfWidthBesideChinese.test(text))).toEqual([]);
  });
});
