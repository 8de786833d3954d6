import type { Option } from './fields.tsx';

/**
 * Choices that change a reported figure (案件来源, 风险等级, 履行情况) are never pre-chosen: the worker picks. The
 * value they last picked is offered as a visible one-tap suggestion instead, kept per user on this device.
 */
const key = (userId: string, field: string) => `tiaojie.lastUsed.${userId}.${field}`;

export function readLastUsed(userId: string, field: string): string | null {
  try {
    return localStorage.getItem(key(userId, field));
  } catch {
    return null;
  }
}

export function rememberLastUsed(userId: string, field: string, value: string): void {
  try {
    localStorage.setItem(key(userId, field), value);
  } catch {
    // Private mode or a full disk: the suggestion is a convenience only.
  }
}

/** "上次选的：主动调解" as a button, shown only while nothing is chosen and the last value is still an option. */
export function LastUsedSuggestion({ last, value, options, onPick, label }: { last: string | null; value: string; options: readonly Option[]; onPick: (value: string) => void; label: (choice: string) => string }) {
  const option = options.find((o) => o.value === last);
  if (value !== '' || !option) return null;
  return (
    <button type="button" className="btn btn--suggestion" onClick={() => onPick(option.value)}>
      {label(option.label)}
    </button>
  );
}
