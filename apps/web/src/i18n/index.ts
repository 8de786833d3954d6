import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale } from '@tiaojie/domain';
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

/**
 * Chinese is built in; English is fetched the first time it is needed (kept by the service worker like every
 * chunk), so the ~4 KB gz catalog stays out of the start bundle that almost every user runs in Chinese.
 */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale !== 'en' || i18next.hasResourceBundle('en', 'translation')) return;
  const { en } = await import('./en.ts');
  i18next.addResourceBundle('en', 'translation', en);
}

/** Starts i18n in Chinese, or in the stored/asked language once its catalog is loaded (await before rendering). */
export async function startI18n(locale: Locale = storedLocale()) {
  const i18n = initI18n(locale);
  if (locale !== 'zh-CN') {
    await loadLocale(locale);
    await i18n.changeLanguage(locale);
    document.documentElement.lang = locale;
  }
  return i18n;
}

/** Chinese strings of the screens loaded later that arrived before i18n started (a test importing a screen first). */
const earlyParts: object[] = [];

/**
 * Adds strings to the Chinese catalogue (deep-merged: a section may be split between the start bundle and a later
 * part). Called by ./later.ts, which every lazily loaded screen needing those strings imports, so they are in place
 * before the screen renders.
 */
export function addChineseStrings(part: object): void {
  if (i18next.isInitialized) i18next.addResourceBundle('zh-CN', 'translation', part, true, true);
  else earlyParts.push(part);
}

export function initI18n(locale: Locale = storedLocale()) {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: zhCN } },
      lng: locale,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
      showSupportNotice: false,
    });
    for (const part of earlyParts.splice(0)) addChineseStrings(part);
  }
  document.documentElement.lang = i18next.language;
  return i18next;
}

export function setLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_KEY, locale);
  void loadLocale(locale).then(() => {
    void i18next.changeLanguage(locale);
    document.documentElement.lang = locale;
  });
}

/** `t` for UI strings plus the current domain Locale for code-list labels and messages. */
export function useT() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return { t, locale };
}
