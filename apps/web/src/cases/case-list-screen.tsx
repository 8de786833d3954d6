import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { caseStatuses, disputeTypes, type CaseStatus, type DisputeType } from '@tiaojie/domain';
import { useObserved, useStoreContext } from '../app/store-context.tsx';
import { CaseRow } from '../components/case-row.tsx';
import { CheckboxField, SelectField, TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import { gridsOf, useOrgNodes } from '../org/org-nodes.ts';
import type { CaseListQuery, CaseSummary } from '../storage/index.ts';
import { optionsOf } from './code-options.ts';

const PAGE = 60;
const ROW_HEIGHT = 86;

/**
 * Search and filter over every case on the phone. Only the visible rows are rendered (react-virtual), and
 * rows are read from the store a page at a time around the viewport, so 10,000 cases scroll smoothly. The page
 * itself scrolls (one scroll, as on any phone page), the list starting below the filters.
 */
export default function CaseListScreen() {
  const { t, locale } = useT();
  const { user } = useStoreContext();
  const grids = gridsOf(useOrgNodes(user));
  const initial = new URLSearchParams(window.location.search);
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [type, setType] = useState('');
  const [status, setStatus] = useState('open');
  const [overdue, setOverdue] = useState(false);
  const [gridId, setGridId] = useState('');
  const [attention, setAttention] = useState(initial.get('attention') === '1');
  const [fileIncomplete, setFileIncomplete] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);

  const filter: CaseListQuery = {
    ...(debounced ? { text: debounced } : {}),
    ...(type ? { type: type as DisputeType } : {}),
    ...(status ? { status: status as CaseStatus | 'open' } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(gridId ? { gridId } : {}),
    ...(attention ? { needsAttention: true } : {}),
    ...(fileIncomplete ? { fileIncomplete: true } : {}),
  };
  const filterKey = JSON.stringify(filter);
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [filterKey]);
  const result = useObserved((s) => s.listCases({ ...filter, offset: page * PAGE, limit: PAGE * 2 }), [filterKey, page]);
  const total = result?.total ?? 0;
  const rows = new Map<number, CaseSummary>();
  result?.items.forEach((item, i) => rows.set(page * PAGE + i, item));

  const list = useRef<HTMLDivElement>(null);
  // Where the list starts in the page: the filters above it change height (a grid picker, wrapped labels).
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setListTop(Math.round((list.current?.getBoundingClientRect().top ?? 0) + window.scrollY));
    measure();
    const page = list.current?.parentElement;
    if (!page || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(page);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({ count: total, estimateSize: () => ROW_HEIGHT, overscan: 8, scrollMargin: listTop });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  // Keep the loaded window (two pages) around what is on screen.
  useEffect(() => {
    const wanted = Math.max(0, Math.floor(first / PAGE) - (first % PAGE < PAGE / 2 ? 1 : 0));
    if (wanted !== page) setPage(wanted);
  }, [first, page]);

  const statusOptions = [{ value: 'open', label: t('list.statusOpen') }, ...optionsOf(caseStatuses, locale)];
  return (
    <>
      <h1>{t('list.title')}</h1>
      <div className="card">
        <TextField label={t('list.search')} type="search" inputMode="search" value={text} onChange={setText} placeholder={t('list.searchHint')} />
        <div className="filters">
          <SelectField label={t('case.type')} value={type} placeholder={t('list.all')} options={optionsOf(disputeTypes, locale)} onChange={setType} />
          <SelectField label={t('list.status')} value={status} placeholder={t('list.all')} options={statusOptions} onChange={setStatus} />
          {grids.length > 1 ? (
            <SelectField label={t('case.grid')} value={gridId} placeholder={t('list.all')} options={grids.map((g) => ({ value: g.id, label: g.name }))} onChange={setGridId} />
          ) : null}
          <CheckboxField label={t('list.overdueOnly')} checked={overdue} onChange={setOverdue} />
          <CheckboxField label={t('list.attentionOnly')} checked={attention} onChange={setAttention} />
          <CheckboxField label={t('list.fileIncompleteOnly')} checked={fileIncomplete} onChange={setFileIncomplete} />
        </div>
      </div>
      <p aria-live="polite" data-testid="list-total">{result ? t('list.count', { count: total }) : t('common.loading')}</p>
      <div ref={list} className="list-viewport" role="list" aria-label={t('list.title')}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((v) => {
            const item = rows.get(v.index);
            const style = { position: 'absolute' as const, top: 0, left: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${v.start - listTop}px)` };
            return item ? (
              <div role="listitem" key={v.key} style={style}>
                <CaseRow item={item} />
              </div>
            ) : (
              <div role="listitem" key={v.key} style={style} className="caserow" aria-busy="true" />
            );
          })}
        </div>
      </div>
    </>
  );
}
