import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale } from '@tiaojie/domain';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

/**
 * UI strings live in the two catalogs here; code-list labels and error texts come from @tiaojie/domain
 * (`xs.label(code, locale)`, `messageFor(code, locale)`) so each text exists once.
 */
const LOCALE_KEY = 'tiaojie.locale';
export const locales: readonly Locale[] = ['zh-CN', 'en'];

function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function initI18n(locale: Locale = storedLocale()) {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng: locale,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
      showSupportNotice: false,
    });
  }
  document.documentElement.lang = i18next.language;
  return i18next;
}

export function setLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_KEY, locale);
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** `t` for UI strings plus the current domain Locale for code-list labels and messages. */
export function useT() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return { t, locale };
}
