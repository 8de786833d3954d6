import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { apiFetch, ApiFailure } from '../../api/http.ts';
import { Dialog } from '../../components/dialog.tsx';
import { TextField } from '../../components/fields.tsx';
import { useOnline } from '../../components/use-online.ts';
import { useT } from '../../i18n/index.ts';

const revealedSchema = z.object({ personal: z.object({ idNumber: z.string().optional(), phone: z.string().optional() }).loose() });
export type Revealed = z.infer<typeof revealedSchema>['personal'];

/**
 * 查看完整: asks for a reason and fetches one party's full ID number and phone from the server (which audits it).
 * Online only. The values live in this component's state: shown for the current view, never stored on the phone.
 */
export function RevealParty({ caseId, partyId, onRevealed }: { caseId: string; partyId: string; onRevealed: (v: Revealed) => void }) {
  const { t } = useT();
  const online = useOnline();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 2) return setError(t('reveal.reasonHint'));
    setBusy(true);
    try {
      const body = revealedSchema.parse(
        await apiFetch(`/api/cases/${encodeURIComponent(caseId)}/parties/${encodeURIComponent(partyId)}/reveal`, { method: 'POST', json: { reason: reason.trim() } }),
      );
      onRevealed(body.personal);
      setOpen(false);
    } catch (err) {
      setError(t('reveal.failed', { message: err instanceof ApiFailure ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  if (!online) return <span className="item-row__detail" data-testid="reveal-offline">{t('reveal.offline')}</span>;
  return (
    <>
      <button type="button" className="btn" data-testid="reveal-party" onClick={() => setOpen(true)}>
        {t('reveal.button')}
      </button>
      {open ? (
        <Dialog title={t('reveal.title')} onClose={() => setOpen(false)}>
          <form onSubmit={(e) => void submit(e)}>
            <TextField label={t('reveal.reason')} name="reveal-reason" required value={reason} onChange={setReason} error={error} hint={t('reveal.reasonHint')} maxLength={200} />
            <div className="btn-row">
              <button type="button" className="btn" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('reveal.confirm')}
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </>
  );
}
