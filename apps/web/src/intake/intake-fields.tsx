import { intakeChannelOf, intakeChannels, intakeTextLimits } from '@tiaojie/domain';
import { TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import type { IntakeDraft } from '../cases/case-form-model.ts';

/**
 * The channel's fields under the source (12345 order number, court case number and deadline, police station and
 * hand-over number), shown only when the source is a channel's; saved with the case like every other field.
 */
export function IntakeFields({
  source,
  value,
  onChange,
  errors,
}: {
  source: string;
  value: IntakeDraft;
  onChange: (patch: Partial<IntakeDraft>) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t, locale } = useT();
  const channel = intakeChannelOf(source);
  if (!channel) return null;
  return (
    <fieldset className="intake-fields" data-testid="intake-fields">
      <legend>{intakeChannels.label(channel, locale)}</legend>
      <TextField
        label={t(`intake.number.${channel}`)}
        name="intake-number"
        required={channel !== 'police'}
        maxLength={intakeTextLimits.number}
        value={value.number}
        onChange={(v) => onChange({ number: v })}
        error={errors['intake.number']}
      />
      <TextField
        label={t(`intake.sender.${channel}`)}
        name="intake-sender"
        maxLength={intakeTextLimits.sender}
        value={value.sender}
        onChange={(v) => onChange({ sender: v })}
        error={errors['intake.sender']}
        hint={channel === 'police' ? t('intake.policeHint') : t('common.optional')}
      />
      <TextField
        label={t('intake.receivedAt')}
        name="intake-received"
        type="datetime-local"
        required
        value={value.receivedAt}
        onChange={(v) => onChange({ receivedAt: v })}
        error={errors['intake.receivedAt']}
        hint={t('intake.receivedHint')}
      />
      {channel === 'court' ? (
        <TextField
          label={t('intake.deadline')}
          name="intake-deadline"
          type="date"
          value={value.deadline}
          onChange={(v) => onChange({ deadline: v })}
          error={errors['intake.deadline']}
          hint={t('intake.deadlineHint')}
        />
      ) : null}
    </fieldset>
  );
}
