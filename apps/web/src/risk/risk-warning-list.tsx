import '../i18n/later.ts';
import { levels, riskLevels } from '@tiaojie/domain';
import { useObserved } from '../app/store-context.tsx';
import { CaseRow } from '../components/case-row.tsx';
import { useT } from '../i18n/index.ts';
import { storedRiskLimits } from './risk-limits.ts';
import { riskWarnings } from './risk-warnings.ts';
import { useNow } from './use-now.ts';

/** The home screen's risk warnings: open cases whose grade's time limit is near or passed, judged on the phone. */
export default function RiskWarningList() {
  const { t, locale } = useT();
  const now = useNow();
  const open = useObserved((s) => s.listCases({ status: 'open', limit: 500 }), []);
  if (!open) return null;
  const warnings = riskWarnings(open.items, storedRiskLimits(), now);
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="risk-warnings" data-testid="risk-warnings">
      <div className="section-title"><h2 id="risk-warnings">{t('riskGrade.warnTitle')}</h2></div>
      <div className="card" style={{ padding: 0 }}>
        {warnings.map(({ item, clock }) => {
          const grade = riskLevels.label(clock.grade, locale);
          const text =
            clock.state === 'passed'
              ? t('riskGrade.passed', { grade, level: levels.label(clock.requiredLevel, locale) })
              : t('riskGrade.approaching', { grade, minutes: clock.minutesLeft });
          return <CaseRow key={item.id} item={item} warning={{ text, danger: clock.state === 'passed' }} />;
        })}
      </div>
    </section>
  );
}
