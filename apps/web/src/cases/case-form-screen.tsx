import '../i18n/later.ts';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { caseSources, disputeTypes, messageFor, partyRoles, riskLevels } from '@tiaojie/domain';
import { navigate } from '../app/router.ts';
import { useLocalStore, useStoreContext } from '../app/store-context.tsx';
import { Dialog } from '../components/dialog.tsx';
import { CheckboxField, ChoiceChips, SelectField, TextField } from '../components/fields.tsx';
import { LastUsedSuggestion, readLastUsed, rememberLastUsed } from '../components/last-used.tsx';
import { showToast } from '../components/toast.tsx';
import { useT } from '../i18n/index.ts';
import { gridsOf, useOrgNodes } from '../org/org-nodes.ts';
import { useDirtyForm } from '../pwa/dirty-forms.ts';
import type { DuplicateMatch, LocalStore } from '../storage/index.ts';
import { IntakeFields } from '../intake/intake-fields.tsx';
import { emptyCaseForm, emptyIntake, emptyParty, formStateOfDraft, formToNewCase, isFormTouched, type CaseFormState, type PartyDraft } from './case-form-model.ts';
import { RiskFlagsField } from './risk-flags-field.tsx';
import { optionsOf } from './code-options.ts';
import { PartyFields } from './party-fields.tsx';
import { saveErrorText } from './save-error.ts';
import { useFieldErrors } from '../components/use-field-errors.ts';

const DRAFT_KEY = 'new-case';
const DRAFT_SAVE_DELAY_MS = 400;

/** Recording a new dispute: one column, labels above fields, Chinese errors beside them, a draft kept as you type. */
export default function CaseFormScreen() {
  const { t, locale } = useT();
  const { user } = useStoreContext();
  const store = useLocalStore();
  const nodes = useOrgNodes(user);
  const grids = gridsOf(nodes);
  const defaultGrid = user.role === 'grid_worker' ? user.nodeId : (grids[0]?.id ?? '');
  const pristine = useMemo(() => emptyCaseForm(defaultGrid), [defaultGrid]);
  const [form, setForm] = useState<CaseFormState>(pristine);
  const [draftLoaded, setDraftLoaded] = useState(false);
  const { errors, setErrors, clearError } = useFieldErrors();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<DuplicateMatch[] | null>(null);
  const [lastSource] = useState(() => readLastUsed(user.id, 'source'));
  const [lastRisk] = useState(() => readLastUsed(user.id, 'risk'));
  const touched = draftLoaded && isFormTouched(form, pristine);
  useDirtyForm('case-form', touched, { draftSaved: true });

  // Restore the draft once; afterwards every change is written back (debounced) so a reload loses nothing.
  useEffect(() => {
    let alive = true;
    void store.loadDraft<CaseFormState>(DRAFT_KEY).then((draft) => {
      if (!alive) return;
      // Never overwrite what was typed while the draft was loading.
      if (draft) setForm((current) => (isFormTouched(current, pristine) ? current : formStateOfDraft(draft)));
      setDraftLoaded(true);
    });
    return () => {
      alive = false;
    };
  }, [store, pristine]);
  const latest = useRef(form);
  const submitting = useRef(false);
  latest.current = form;
  useEffect(() => {
    if (!draftLoaded) return undefined;
    const timer = setTimeout(() => {
      // Once saving has begun, a late draft write would resurrect the saved case as the next form's draft.
      if (!submitting.current && isFormTouched(latest.current, pristine)) void store.saveDraft(DRAFT_KEY, latest.current);
    }, DRAFT_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form, draftLoaded, pristine, store]);
  // Leaving the screen writes the draft at once, so input typed just before is kept too (the form counts as drafted).
  // On logout the store is already closed: there is no draft left to keep then, so that failure is dropped.
  useEffect(
    () => () => {
      if (!submitting.current && isFormTouched(latest.current, pristine)) store.saveDraft(DRAFT_KEY, latest.current).catch(() => undefined);
    },
    [store, pristine],
  );

  const set = <K extends keyof CaseFormState>(k: K, v: CaseFormState[K]) => {
    clearError(k);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const setIntake = (patch: Partial<NonNullable<CaseFormState['intake']>>) => {
    for (const k of Object.keys(patch)) clearError(`intake.${k}`);
    setForm((f) => ({ ...f, intake: { ...(f.intake ?? emptyIntake()), ...patch } }));
  };
  const setParty = (i: number, patch: Partial<PartyDraft>) => {
    for (const k of Object.keys(patch)) clearError(`parties.${i}.${k}`);
    setForm((f) => ({ ...f, parties: f.parties.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result = formToNewCase(form, locale);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstError();
      return;
    }
    setErrors({});
    submitting.current = true;
    const named = form.parties.filter((p) => p.name.trim());
    const found = await findDuplicates(store, named);
    if (found.length > 0) setDuplicates(found);
    else await save();
  }

  function backToEditing() {
    submitting.current = false;
    setDuplicates(null);
  }

  async function save() {
    const result = formToNewCase(form, locale);
    if (!result.ok) return;
    setDuplicates(null);
    setSaving(true);
    setSaveError(null);
    try {
      await store.createCase(result.value);
      rememberLastUsed(user.id, 'source', form.source);
      rememberLastUsed(user.id, 'risk', form.risk);
      await store.clearDraft(DRAFT_KEY);
      setForm(pristine);
      showToast(t('case.savedLocally'));
      navigate({ name: 'case', id: result.value.id }, { replace: true });
    } catch (err) {
      submitting.current = false;
      setSaveError(saveErrorText(err, locale));
    } finally {
      setSaving(false);
    }
  }

  async function discard() {
    await store.clearDraft(DRAFT_KEY);
    setForm(emptyCaseForm(defaultGrid));
    setErrors({});
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="case-form-title">
      <h1 id="case-form-title">{t('caseForm.title')}</h1>
      {touched ? <p className="field__hint">{t('caseForm.draftKept')}</p> : null}
      <div className="card">
        <SelectField
          label={t('case.type')}
          name="type"
          required
          value={form.type}
          placeholder={t('common.choose')}
          options={optionsOf(disputeTypes, locale)}
          onChange={(v) => set('type', v)}
          error={errors.type}
        />
        <SelectField label={t('case.source')} name="source" required value={form.source} placeholder={t('common.choose')} options={optionsOf(caseSources, locale)} onChange={(v) => set('source', v)} error={errors.source} />
        <LastUsedSuggestion last={lastSource} value={form.source} options={optionsOf(caseSources, locale)} onPick={(v) => set('source', v)} label={(choice) => t('common.lastUsed', { choice })} />
        <IntakeFields source={form.source} value={form.intake ?? emptyIntake()} onChange={setIntake} errors={errors} />
        <TextField label={t('case.facts')} name="facts" required multiline value={form.facts} onChange={(v) => set('facts', v)} error={errors.facts} hint={t('caseForm.factsHint')} />
        <ChoiceChips legend={t('case.risk')} name="risk" required value={form.risk} options={optionsOf(riskLevels, locale)} onChange={(v) => set('risk', v)} error={errors.risk} />
        <LastUsedSuggestion last={lastRisk} value={form.risk} options={optionsOf(riskLevels, locale)} onPick={(v) => set('risk', v)} label={(choice) => t('common.lastUsed', { choice })} />
        <RiskFlagsField name="riskFlags" value={form.riskFlags} onChange={(v) => set('riskFlags', v)} />
        <CheckboxField label={t('case.isGroup')} name="isGroup" checked={form.isGroup} onChange={(v) => set('isGroup', v)} />
        {form.isGroup ? (
          <TextField label={t('case.peopleInvolved')} name="peopleInvolved" type="number" inputMode="numeric" required value={form.peopleInvolved} onChange={(v) => set('peopleInvolved', v)} error={errors.peopleInvolved} />
        ) : null}
      </div>

      {form.parties.map((p, i) => (
        <fieldset key={p.id} className="party card">
          <legend>{partyRoles.label(p.role, locale)}</legend>
          <PartyFields party={p} name={`party-${i}`} onChange={(patch) => setParty(i, patch)} errors={partyErrors(errors, i)} />
        </fieldset>
      ))}
      <button type="button" className="btn btn--block" onClick={() => set('parties', [...form.parties, emptyParty('respondent')])}>
        ＋ {t('caseForm.addParty')}
      </button>

      <div className="card" style={{ marginTop: 12 }}>
        <SelectField
          label={t('case.grid')}
          name="gridId"
          required
          value={form.gridId}
          options={grids.map((g) => ({ value: g.id, label: g.name }))}
          onChange={(v) => set('gridId', v)}
          error={errors.gridId}
        />
        <div className="grid-2">
          <TextField label={t('case.reportedOn')} type="date" value={form.reportedOn} onChange={(v) => set('reportedOn', v)} error={errors.reportedOn} required />
          <TextField label={t('case.acceptedOn')} type="date" value={form.acceptedOn} onChange={(v) => set('acceptedOn', v)} error={errors.acceptedOn} required />
        </div>
        <TextField label={t('case.amountInvolved')} type="number" inputMode="decimal" value={form.amountInvolved} onChange={(v) => set('amountInvolved', v)} error={errors.amountInvolved} hint={t('common.optional')} />
      </div>

      {Object.keys(errors).length > 0 ? <p className="notice notice--danger" role="alert">{messageFor('VALIDATION_FAILED', locale)}</p> : null}
      {saveError ? <p className="notice notice--danger" role="alert">{saveError}</p> : null}
      <div className="actionbar">
        {touched ? (
          <button type="button" className="btn" onClick={() => void discard()}>
            {t('caseForm.discard')}
          </button>
        ) : null}
        <button type="submit" className="btn btn--primary" disabled={saving}>
          {saving ? t('common.saving') : t('caseForm.save')}
        </button>
      </div>

      {duplicates ? (
        <Dialog title={t('caseForm.duplicateTitle')} onClose={backToEditing}>
          <p>{t('caseForm.duplicateBody', { count: duplicates.length })}</p>
          <ul>
            {duplicates.map(({ summary: d, matchedOn }) => (
              <li key={d.id}>
                <a href={`/cases/${d.id}`} target="_blank" rel="noreferrer">
                  {d.partyNames.join(' / ') || disputeTypes.label(d.type, locale)}
                </a>{' '}
                · {disputeTypes.label(d.type, locale)} · {d.acceptedOn} · {matchedOn.map((m) => t(`caseForm.matched.${m}`)).join('、')}
              </li>
            ))}
          </ul>
          <div className="btn-row">
            <button type="button" className="btn" onClick={backToEditing}>
              {t('caseForm.duplicateBack')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => void save()}>
              {t('caseForm.duplicateSaveAnyway')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </form>
  );
}

/** One query per named party, per phone and per organisation's credit code; a case matched twice is listed once with all reasons. */
async function findDuplicates(store: LocalStore, parties: PartyDraft[]): Promise<DuplicateMatch[]> {
  const byCase = new Map<string, DuplicateMatch>();
  for (const p of parties) {
    const queries = [
      { name: p.name.trim() },
      ...(p.phone.trim() ? [{ phone: p.phone.trim() }] : []),
      ...(p.kind === 'organisation' && p.creditCode.trim() ? [{ creditCode: p.creditCode.trim() }] : []),
    ];
    for (const q of queries) {
      for (const match of await store.findPossibleDuplicates({ ...q, withinDays: 90 })) {
        const seen = byCase.get(match.summary.id);
        if (seen) seen.matchedOn = [...new Set([...seen.matchedOn, ...match.matchedOn])];
        else byCase.set(match.summary.id, { ...match, matchedOn: [...match.matchedOn] });
      }
    }
  }
  return [...byCase.values()];
}

/** The form keys its party errors 'parties.<index>.<field>'; the party fields want them by field. */
function partyErrors(errors: Record<string, string>, index: number): Record<string, string> {
  const prefix = `parties.${index}.`;
  return Object.fromEntries(Object.entries(errors).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
}

function focusFirstError() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
