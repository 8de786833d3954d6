import { useState } from 'react';
import { idDocumentTypes, maskIdDocument, partyRoles, type DisputeCase, type Locale, type Party } from '@tiaojie/domain';
import type { TFunction } from 'i18next';
import { Dialog } from '../../components/dialog.tsx';
import { useT } from '../../i18n/index.ts';
import { PartyForm } from './party-form.tsx';

/** The parties of a case, each with its own edit sheet while the case may still be changed. */
export function PartyList({ item, editable }: { item: DisputeCase; editable: boolean }) {
  const { t, locale } = useT();
  // undefined: no sheet; null: adding a party.
  const [editing, setEditing] = useState<Party | null | undefined>(undefined);
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
              {partyDetails(p, t, locale).map((line) => (
                <span key={line} className="item-row__detail">{line}</span>
              ))}
            </p>
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

/** A party's details under its name, one line each; document numbers only masked (the same rule as exports). */
function partyDetails(p: Party, t: TFunction, locale: Locale): string[] {
  if (p.kind === 'organisation') {
    const contact = [p.personal.contactName, p.personal.phone].filter(Boolean).join(' · ');
    return [
      ...(p.personal.creditCode ? [`${t('party.creditCode')} ${p.personal.creditCode}`] : []),
      ...(contact ? [`${t('party.contactName')} ${contact}`] : []),
    ];
  }
  return [
    ...(p.personal.phone ? [p.personal.phone] : []),
    ...(p.personal.idNumber ? [`${idDocumentTypes.label(p.personal.idType, locale)} ${maskIdDocument(p.personal.idType, p.personal.idNumber)}`] : []),
  ];
}
