import { useEffect, useState } from 'react';
import { useStoreContext } from '../../app/store-context.tsx';
import { committeesForGrid, readKnownCommittees, refreshKnownCommittees } from '../../committees/known-committees.ts';
import { SelectField } from '../../components/fields.tsx';
import { useT } from '../../i18n/index.ts';
import { cachedOrgNodes } from '../../org/org-nodes.ts';

/** The case's committee, chosen from those of its grid and above (the list kept from the last time online). */
export function CommitteeField({ gridId, value, onChange }: { gridId: string; value: string; onChange: (v: string) => void }) {
  const { t } = useT();
  const { user } = useStoreContext();
  const [known, setKnown] = useState(() => readKnownCommittees(user.id));
  useEffect(() => {
    let live = true;
    void refreshKnownCommittees(user.id).then((list) => live && setKnown(list));
    return () => {
      live = false;
    };
  }, [user.id]);
  const gridPath = cachedOrgNodes(user.id).find((n) => n.id === gridId)?.path ?? user.nodePath;
  const options = committeesForGrid(known, gridPath).map((c) => ({ value: c.id, label: c.name }));
  // A committee named earlier stays choosable even if it is no longer in the list.
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: known.find((c) => c.id === value)?.name ?? value });
  return <SelectField label={t('case.committee')} name="committeeId" value={value} placeholder={t('case.committeeNone')} options={options} onChange={onChange} hint={t('case.committeeHint')} />;
}
