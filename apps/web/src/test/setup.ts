import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { initI18n } from '../i18n/index.ts';
// The app adds the later screens' strings with each lazily loaded screen; component tests render parts of those
// screens directly.
import '../i18n/later.ts';

initI18n('zh-CN');
afterEach(() => {
  cleanup();
  localStorage.clear();
});
