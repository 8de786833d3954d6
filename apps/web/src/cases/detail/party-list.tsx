import { useState } from 'react';
import { idDocumentTypes, maskIdDocument, partyKinds, partyRoles, type DisputeCase, type Party } from '@tiaojie/domain';
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
              {p.kind === 'organisation' ? ` (${partyKinds.label('organisation', locale)})` : ''}
              {p.kind === 'organisation' && p.personal.creditCode ? ` · ${p.personal.creditCode}` : ''}
              {p.kind === 'organisation' && p.personal.contactName ? ` · ${p.personal.contactName}` : ''}
              {p.personal.phone ? ` · ${p.personal.phone}` : ''}
              {p.kind === 'person' && p.personal.idNumber
                ? ` · ${idDocumentTypes.label(p.personal.idType, locale)} ${maskIdDocument(p.personal.idType, p.personal.idNumber)}`
                : ''}
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
