import { useState } from 'react';
import { idDocumentTypes, maskIdDocument, partyRoles, type DisputeCase, type Locale, type Party } from '@tiaojie/domain';
import type { TFunction } from 'i18next';
import { Dialog } from '../../components/dialog.tsx';
import { useT } from '../../i18n/index.ts';
import { PartyForm } from './party-form.tsx';
import { RevealParty, type Revealed } from './reveal-party.tsx';

/** The parties of a case, each with its own edit sheet while the case may still be changed. */
export function PartyList({ item, editable }: { item: DisputeCase; editable: boolean }) {
  const { t, locale } = useT();
  // undefined: no sheet; null: adding a party.
  const [editing, setEditing] = useState<Party | null | undefined>(undefined);
  // Values revealed for this view only (component state: gone when the page is left).
  const [revealed, setRevealed] = useState<Record<string, Revealed>>({});
  const parties = Object.values(item.parties);
  const close = () => setEditing(undefined);
  return (
    <>
      {parties.length === 0 ? <p className="empty">{t('case.noParties')}</p> : null}
      {parties.map((p) => {
        const role = partyRoles.label(p.role, locale);
        return (
          <div key={p.id} className="item-row">
            <p data-testid="party-row">
              <strong>{role}</strong> {p.personal.name}
              {p.kind === 'organisation' ? <> <span className="badge">{t('party.orgBadge')}</span></> : null}
              {partyDetails(p, t, locale, revealed[p.id]).map((line) => (
                <span key={line} className="item-row__detail">{line}</span>
              ))}
              {/* Under the values it concerns, not beside them: a third column squeezed them to two characters. */}
              {revealed[p.id] ? <span className="item-row__detail item-row__detail--note">{t('reveal.shown')}</span> : null}
            </p>
            {isWithheld(p) && !revealed[p.id] ? <RevealParty caseId={item.id} partyId={p.id} onRevealed={(v) => setRevealed((r) => ({ ...r, [p.id]: v }))} /> : null}
            {editable ? (
              <button type="button" className="btn" aria-label={t('case.editPartyNamed', { role, name: p.personal.name })} onClick={() => setEditing(p)}>
                {t('common.edit')}
              </button>
            ) : null}
          </div>
        );
      })}
      {editable ? (
        <button type="button" className="btn btn--block" onClick={() => setEditing(null)}>＋ {t('caseForm.addParty')}</button>
      ) : null}
      {editing !== undefined ? (
        <Dialog title={editing ? t('case.editParty') : t('caseForm.addParty')} onClose={close}>
          <PartyForm caseId={item.id} party={editing ?? undefined} onDone={close} />
        </Dialog>
      ) : null}
    </>
  );
}

/** The server withheld a value (minimum disclosure): it sent only the masked form. */
function isWithheld(p: Party): boolean {
  return Boolean(p.personal.phoneMasked ?? (p.kind === 'person' ? p.personal.idNumberMasked : undefined));
}

/**
 * A party's details under its name, one line each; document numbers only masked (the same rule as exports), unless
 * revealed for this view.
 */
function partyDetails(p: Party, t: TFunction, locale: Locale, revealed?: Revealed): string[] {
  const phone = revealed?.phone ?? p.personal.phone ?? p.personal.phoneMasked;
  if (p.kind === 'organisation') {
    const contact = [p.personal.contactName, phone].filter(Boolean).join(' · ');
    return [
      ...(p.personal.creditCode ? [`${t('party.creditCode')} ${p.personal.creditCode}`] : []),
      ...(contact ? [`${t('party.contactName')} ${contact}`] : []),
    ];
  }
  const id = revealed?.idNumber ?? (p.personal.idNumber ? maskIdDocument(p.personal.idType, p.personal.idNumber) : p.personal.idNumberMasked);
  return [...(phone ? [phone] : []), ...(id ? [`${idDocumentTypes.label(p.personal.idType, locale)} ${id}`] : [])];
}
