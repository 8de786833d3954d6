import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n/index.ts';
import { openLocalStore } from '../../storage/index.ts';
import { demoUsers, newCase } from '../../storage/testing/fixtures.ts';
import { caseHistory } from './case-history.ts';

describe('caseHistory', () => {
  it('dates a photo by the day in Beijing, like every other entry (01:30 on 3 Dec there is still 2 Dec in UTC)', async () => {
    const i18n = initI18n('zh-CN');
    const store = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'phone-1', indexedDB: new IDBFactory(), IDBKeyRange });
    const saved = await store.createCase(newCase('h1', 'g01', { reportedOn: '2026-12-03', acceptedOn: '2026-12-03' }));
    store.close();
    const sha256 = 'a'.repeat(64);
    const withPhoto = { ...saved, photos: { [sha256]: { sha256, kind: 'scene' as const, mime: 'image/jpeg', size: 1000, takenAt: '2026-12-02T17:30:00.000Z' } } };
    const history = caseHistory(withPhoto, i18n.t, 'zh-CN');
    expect(history.map((e) => [e.key, e.date])).toEqual([
      ['accepted', '2026-12-03'],
      [`p-${sha256}`, '2026-12-03'],
    ]);
  });
});
