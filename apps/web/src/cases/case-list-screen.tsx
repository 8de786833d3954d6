import '../i18n/later.ts';
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
import { EscalatedList } from './escalated-trace.tsx';
import { ESCALATED_STATUS } from './escalated-list.ts';

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
  const nodes = useOrgNodes(user);
  const grids = gridsOf(nodes);
  // A clerk's area holds several communities: filter by one, and name each case's community and grid.
  const communities = nodes.filter((n) => n.kind === 'community');
  const nodeName = new Map(nodes.map((n) => [n.id, n.name]));
  const unitOf = (gridId: string) => {
    const grid = grids.find((g) => g.id === gridId);
    if (!grid) return gridId;
    const community = grid.parentId ? nodeName.get(grid.parentId) : undefined;
    return community && communities.length > 0 ? `${community} · ${grid.name}` : grid.name;
  };
  const initial = new URLSearchParams(window.location.search);
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [type, setType] = useState('');
  const [status, setStatus] = useState(initial.get('status') ?? 'open');
  const [overdue, setOverdue] = useState(false);
  const [gridId, setGridId] = useState('');
  const [communityId, setCommunityId] = useState('');
  const [sort, setSort] = useState('');
  const communityGrids = communityId ? grids.filter((g) => g.parentId === communityId).map((g) => g.id) : null;
  const [attention, setAttention] = useState(initial.get('attention') === '1');
  const [fileIncomplete, setFileIncomplete] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);

  // 已上报: traces of cases escalated out of this user's area, not cases on the phone.
  const showEscalated = status === ESCALATED_STATUS;
  const filter: CaseListQuery = {
    ...(debounced ? { text: debounced } : {}),
    ...(type ? { type: type as DisputeType } : {}),
    ...(status && !showEscalated ? { status: status as CaseStatus | 'open' } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(gridId ? { gridId } : communityGrids ? { gridIds: communityGrids } : {}),
    ...(sort === 'unit' ? { sort: 'unit' as const } : {}),
    ...(attention ? { needsAttention: true } : {}),
    ...(fileIncomplete ? { fileIncomplete: true } : {}),
  };
  const filterKey = JSON.stringify(filter);
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [filterKey]);
  const result = useObserved((s) => s.listCases({ ...filter, offset: page * PAGE, limit: PAGE * 2 }), [filterKey, page]);
  const total = showEscalated ? 0 : (result?.total ?? 0);
  // A search under a status filter (在办 by default) would silently miss concluded cases: count the matches the
  // filter hides and offer them in one tap.
  const anyStatus: CaseListQuery = { ...filter };
  delete anyStatus.status;
  const anyStatusKey = JSON.stringify(anyStatus);
  const escalated = useObserved((s) => (showEscalated ? s.listEscalated() : Promise.resolve(null)), [showEscalated]);
  const searchedAll = useObserved((s) => (debounced && status && !showEscalated ? s.listCases({ ...anyStatus, limit: 1 }) : Promise.resolve(null)), [anyStatusKey, status]);
  const hidden = searchedAll && result ? Math.max(0, searchedAll.total - total) : 0;
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

  const statusOptions = [{ value: 'open', label: t('list.statusOpen') }, ...optionsOf(caseStatuses, locale), { value: ESCALATED_STATUS, label: t('escalated.statusOption') }];
  return (
    <>
      <h1>{t('list.title')}</h1>
      <div className="card">
        <TextField label={t('list.search')} type="search" inputMode="search" value={text} onChange={setText} placeholder={t('list.searchHint')} />
        <div className="filters">
          <SelectField label={t('case.type')} value={type} placeholder={t('list.all')} options={optionsOf(disputeTypes, locale)} onChange={setType} />
          <SelectField label={t('list.status')} value={status} placeholder={t('list.all')} options={statusOptions} onChange={setStatus} />
          {communities.length > 1 ? (
            <SelectField
              label={t('list.community')}
              value={communityId}
              placeholder={t('list.all')}
              options={communities.map((c) => ({ value: c.id, label: c.name }))}
              onChange={(v) => {
                setCommunityId(v);
                setGridId('');
              }}
            />
          ) : null}
          {grids.length > 1 ? (
            <SelectField
              label={t('case.grid')}
              value={gridId}
              placeholder={t('list.all')}
              options={grids.filter((g) => !communityGrids || communityGrids.includes(g.id)).map((g) => ({ value: g.id, label: g.name }))}
              onChange={setGridId}
            />
          ) : null}
          {grids.length > 1 ? (
            <SelectField label={t('list.sort')} value={sort} placeholder={t('list.sortNewest')} options={[{ value: 'unit', label: t('list.sortUnit') }]} onChange={setSort} />
          ) : null}
          <CheckboxField label={t('list.overdueOnly')} checked={overdue} onChange={setOverdue} />
          <CheckboxField label={t('list.attentionOnly')} checked={attention} onChange={setAttention} />
          <CheckboxField label={t('list.fileIncompleteOnly')} checked={fileIncomplete} onChange={setFileIncomplete} />
        </div>
      </div>
      {showEscalated ? (
        escalated ? <EscalatedList traces={escalated} user={user} /> : <p className="empty">{t('common.loading')}</p>
      ) : (
        <p aria-live="polite" data-testid="list-total">{result ? t('list.count', { count: total }) : t('common.loading')}</p>
      )}
      {hidden > 0 ? (
        <p className="notice notice--info" data-testid="other-status-matches">
          {t('list.otherStatuses', { count: hidden, status: statusOptions.find((o) => o.value === status)?.label ?? '' })}
          <button type="button" className="link-button" onClick={() => setStatus('')}>
            {t('list.showAllStatuses')}
          </button>
        </p>
      ) : null}
      <div ref={list} className="list-viewport" role="list" aria-label={t('list.title')}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((v) => {
            const item = rows.get(v.index);
            const style = { position: 'absolute' as const, top: 0, left: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${v.start - listTop}px)` };
            return item ? (
              <div role="listitem" key={v.key} style={style}>
                <CaseRow item={item} unit={grids.length > 1 ? unitOf(item.gridId) : undefined} />
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
