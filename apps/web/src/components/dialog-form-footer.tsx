import { useT } from '../i18n/index.ts';

/** The end of a form in a Dialog: the form's own error (not tied to a field), 取消, and the submit button. */
export function DialogFormFooter({ error, onCancel, busy, label, danger = false }: { error?: string; onCancel: () => void; busy: boolean; label: string; danger?: boolean }) {
  const { t } = useT();
  return (
    <>
      {error ? (
        <p className="notice notice--danger" role="alert">
          {error}
        </p>
      ) : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className={danger ? 'btn btn--danger' : 'btn btn--primary'} disabled={busy}>
          {label}
        </button>
      </div>
    </>
  );
}
