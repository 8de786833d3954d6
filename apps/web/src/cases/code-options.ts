import type { CodeEntry, Locale } from '@tiaojie/domain';
import type { Option } from '../components/fields.tsx';

/** Select/chip options straight from a domain code list, labelled in the current language. */
export function optionsOf(list: { entries: readonly CodeEntry[] }, locale: Locale): Option[] {
  return list.entries.map((e) => ({ value: e.code, label: locale === 'en' ? e.en : e.zh }));
}
