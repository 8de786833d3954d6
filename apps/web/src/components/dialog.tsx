import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/index.ts';
import { hasUnsavedInput } from '../pwa/dirty-forms.ts';

/**
 * A bottom sheet on phones, a centred dialog on desktop; Escape and the backdrop close it, after asking when a
 * form in it holds input that would be lost (a stray tap above a half-filled sheet must not wipe it).
 */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useT();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(() => {});
  useEffect(() => {
    closeRef.current = () => {
      if (!hasUnsavedInput() || window.confirm(t('common.discardConfirm'))) onClose();
    };
  });
  // Runs once per opening: focus moves into the dialog and back to the opener when it closes.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && closeRef.current()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
