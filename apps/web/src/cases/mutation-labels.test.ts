import { mutationNames } from '@tiaojie/sync';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { zhCNLater } from '../i18n/zh-CN-later.ts';
import { mutationLabelKey } from './mutation-labels.ts';

describe('mutationLabelKey', () => {
  it('names every kind of change in both languages, never by its raw mutation name', () => {
    for (const table of [zhCNLater, en]) {
      for (const name of [...mutationNames, 'something.else']) {
        const key = mutationLabelKey(name).split('.')[1]!;
        expect(table.mutation).toHaveProperty(key);
      }
    }
  });
});
