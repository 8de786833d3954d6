import { useState, type FormEvent } from 'react';
import { maskIdDocument, partyRoles, partySchema, zodIssuesToFieldIssues, type Party } from '@tiaojie/domain';
import { jsonEqual } from '@tiaojie/sync';
import { useLocalStore } from '../../app/store-context.tsx';
import { SelectField } from '../../components/fields.tsx';
import { showToast } from '../../components/toast.tsx';
import { useFieldErrors } from '../../components/use-field-errors.ts';
import { useT } from '../../i18n/index.ts';
import { useDirtyForm } from '../../pwa/dirty-forms.ts';
import { draftOfParty, emptyParty, formErrorText, partyOfDraft, type PartyDraft } from '../case-form-model.ts';
import { optionsOf } from '../code-options.ts';
import { PartyFields } from '../party-fields.tsx';
import { saveErrorText } from '../save-error.ts';

/** Corrects one party's details (name, phone…), or adds a party the case was recorded without. */
export function PartyForm({ caseId, party, onDone }: { caseId: string; party?: Party | undefined; onDone: () => void }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const [initial] = useState<PartyDraft>(() => (party ? draftOfParty(party) : emptyParty('respondent')));
  const [draft, setDraft] = useState(initial);
  const { errors, setErrors, clearError } = useFieldErrors();
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useDirtyForm(`party-${caseId}-${initial.id}`, JSON.stringify(draft) !== JSON.stringify(initial));
  const stored = party?.kind === 'person' && party.personal.idNumber ? { type: party.personal.idType, number: party.personal.idNumber } : undefined;
  const withheldId = party?.kind === 'person' && !party.personal.idNumber && draft.kind === 'person' && draft.idType === party.personal.idType ? party.personal.idNumberMasked : undefined;
  // The stored number stands only for its own document type: choosing another type asks for that document's number.
  const storedId = stored && draft.kind === 'person' && draft.idType === stored.type ? stored.number : undefined;

  const change = (patch: Partial<PartyDraft>) => {
    for (const k of Object.keys(patch)) clearError(k);
    setDraft((d) => ({ ...d, ...patch }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = partyOfDraft(draft);
    // The form never shows the stored ID number (only masked): left blank, it stays as it is.
    if (storedId && !draft.idNumber.trim() && input.kind === 'person') input.personal.idNumber = storedId;
    // A value the server withheld (only its masked form and keyed hash are here): left blank, the hash goes back and
    // the server keeps the stored value.
    const withheld = party?.personal;
    if (input.kind === 'person' && party?.kind === 'person' && !draft.idNumber.trim() && party.personal.idHash && !party.personal.idNumber && draft.idType === party.personal.idType) {
      input.personal.idHash = party.personal.idHash;
      input.personal.idNumberMasked = party.personal.idNumberMasked;
    }
    if (withheld?.phoneHash && !withheld.phone && !draft.phone.trim()) {
      input.personal.phoneHash = withheld.phoneHash;
      input.personal.phoneMasked = withheld.phoneMasked;
    }
    const parsed = partySchema.safeParse(input);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of zodIssuesToFieldIssues(parsed.error)) {
        const key = issue.path.split('.').at(-1) ?? issue.path;
        found[key] ??= formErrorText(issue.code, key, locale, issue.max);
      }
      return setErrors(found);
    }
    if (party && jsonEqual(parsed.data, party)) {
      showToast(t('common.noChanges'));
      return onDone();
    }
    setSaving(true);
    setFailure(null);
    try {
      // Saving a party under its own id replaces it: one change of that party only.
      await store.addParty(caseId, parsed.data);
      showToast(t('case.savedLocally'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <SelectField label={t('party.role')} name="role" value={draft.role} options={optionsOf(partyRoles, locale)} onChange={(v) => change({ role: v as PartyDraft['role'] })} />
      <PartyFields
        party={draft}
        name="party"
        onChange={change}
        errors={errors}
        idNumberHint={stored && storedId ? t('party.idNumberKept', { masked: maskIdDocument(stored.type, storedId) }) : withheldId ? t('party.idNumberKept', { masked: withheldId }) : undefined}
        storedIdNumber={storedId}
      />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={saving}>{saving ? t('common.saving') : t('common.save')}</button>
      </div>
    </form>
  );
}
