import '../i18n/later.ts';
import './desk.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { caseStatuses, disputeTypes, messageFor } from '@tiaojie/domain';
import { ApiFailure } from '../api/http.ts';
import { navigate } from '../app/router.ts';
import { useStoreContext } from '../app/store-context.tsx';
import { optionsOf } from '../cases/code-options.ts';
import { CheckboxField, SelectField, TextField } from '../components/fields.tsx';
import { useOnline } from '../components/use-online.ts';
import { useT } from '../i18n/index.ts';
import { gridsOf, useOrgNodes } from '../org/org-nodes.ts';
import { fetchCaseSearch, type CaseSearchFilters, type CaseSearchRow, type CaseSearchSort } from './case-search-api.ts';

const PAGE = 100;
const ROW_HEIGHT = 44;

type Loaded = { key: string; total: number | null; pages: Map<number, CaseSearchRow[]>; error: string | null };

/**
 * The staff desktop's case list: the whole subtree, read from the server a page at a time around the rows in view
 * (only those rows are rendered), filtered and sorted there, with the exact count. A case outside this computer's
 * copy opens read-only from the server. Offline, it says that it needs the network instead of an empty list.
 */
export default function CaseSearchScreen() {
  const { t, locale } = useT();
  const { user } = useStoreContext();
  const online = useOnline();
  const nodes = useOrgNodes(user);
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name])), [nodes]);
  const units = nodes.filter((n) => n.kind !== 'grid');
  const grids = gridsOf(nodes);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('open');
  const [type, setType] = useState('');
  const [unitId, setUnitId] = useState('');
  const [gridId, setGridId] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [sort, setSort] = useState<{ key: CaseSearchSort; dir: 'asc' | 'desc' }>({ key: 'acceptedOn', dir: 'desc' });
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const filters: CaseSearchFilters = {
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(type ? { type } : {}),
    ...(unitId ? { unitId } : {}),
    ...(gridId ? { gridId } : {}),
    ...(overdue ? { overdue } : {}),
    sort: sort.key,
    dir: sort.dir,
  };
  const key = JSON.stringify(filters) + retry;
  const [loaded, setLoaded] = useState<Loaded>({ key: '', total: null, pages: new Map(), error: null });
  const current = loaded.key === key ? loaded : { key, total: null, pages: new Map<number, CaseSearchRow[]>(), error: null };

  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: current.total ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = rows.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // The pages under the rows in view (page 0 first, which also gives the count).
  const wanted = current.total === null ? [0] : [...new Set([Math.floor(first / PAGE), Math.floor(last / PAGE)])];
  // Pages asked for (on their way or loaded) under the current filters; a change of filters cancels the rest.
  const requests = useRef<{ key: string; asked: Set<number>; controller: AbortController } | null>(null);
  useEffect(() => {
    return () => requests.current?.controller.abort();
  }, []);
  useEffect(() => {
    if (!online) return;
    if (requests.current?.key !== key) {
      requests.current?.controller.abort();
      requests.current = { key, asked: new Set(), controller: new AbortController() };
    }
    const run = requests.current;
    for (const page of wanted) {
      if (run.asked.has(page)) continue;
      run.asked.add(page);
      fetchCaseSearch(filters, page * PAGE, PAGE, run.controller.signal).then(
        (answer) =>
          setLoaded((prev) => {
            const base = prev.key === key ? prev : { key, total: null, pages: new Map<number, CaseSearchRow[]>(), error: null };
            return { ...base, total: answer.total, pages: new Map(base.pages).set(page, answer.items), error: null };
          }),
        (e: unknown) => {
          run.asked.delete(page);
          if (e instanceof DOMException && e.name === 'AbortError') return;
          const message = e instanceof ApiFailure ? messageFor(e.code, locale) : String(e);
          setLoaded((prev) => ({ ...(prev.key === key ? prev : { key, total: null, pages: new Map<number, CaseSearchRow[]>() }), error: message }));
        },
      );
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `wanted` and `filters` follow from `key` and the rows in view
  }, [key, online, wanted.join(',')]);

  const rowAt = (index: number) => current.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  // A new column starts where a clerk reads from: dates and codes newest/last first, units in the org tree's order.
  const firstDir = (k: CaseSearchSort) => (k === 'unit' ? 'asc' : 'desc');
  const sortBy = (k: CaseSearchSort) => setSort((s) => ({ key: k, dir: s.key !== k ? firstDir(k) : s.dir === 'desc' ? 'asc' : 'desc' }));
  const arrow = (k: CaseSearchSort) => (sort.key === k ? (sort.dir === 'desc' ? ' ↓' : ' ↑') : '');
  const header = (k: CaseSearchSort | null, label: string) =>
    k ? (
      <div role="columnheader" aria-sort={sort.key === k ? (sort.dir === 'desc' ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="desk-sort" title={t('desk.sortBy')} onClick={() => sortBy(k)}>
          {label}
          {arrow(k)}
        </button>
      </div>
    ) : (
      <div role="columnheader">{label}</div>
    );

  return (
    <section className="desk" aria-labelledby="desk-title">
      <h1 id="desk-title">{t('desk.title')}</h1>
      <p className="hint">
        {t('desk.hint')}
        {t('desk.unitHint')}
      </p>
      <div className="desk-filters card">
        <TextField label={t('desk.search')} hint={t('desk.searchHint')} value={text} onChange={setText} name="q" />
        <SelectField label={t('desk.status')} value={status} onChange={setStatus} placeholder={t('list.all')} options={[{ value: 'open', label: t('list.statusOpen') }, ...optionsOf(caseStatuses, locale)]} />
        <SelectField label={t('desk.type')} value={type} onChange={setType} placeholder={t('list.all')} options={optionsOf(disputeTypes, locale)} />
        <SelectField label={t('desk.unit')} value={unitId} onChange={setUnitId} placeholder={t('list.all')} options={units.map((n) => ({ value: n.id, label: n.name }))} />
        <SelectField label={t('desk.grid')} value={gridId} onChange={setGridId} placeholder={t('list.all')} options={grids.map((n) => ({ value: n.id, label: n.name }))} />
        <CheckboxField label={t('desk.overdue')} checked={overdue} onChange={setOverdue} name="overdue" />
      </div>
      {!online ? (
        <p className="notice notice--warn" role="status" data-testid="desk-offline">
          {t('desk.offline')}
        </p>
      ) : current.error ? (
        <p className="notice notice--danger" role="alert">
          {t('desk.failed', { message: current.error })}{' '}
          <button type="button" className="btn" onClick={() => setRetry((n) => n + 1)}>
            {t('desk.retry')}
          </button>
        </p>
      ) : (
        <p role="status" data-testid="desk-count">
          {current.total === null ? t('desk.loading') : current.total === 0 ? t('desk.none') : t('desk.count', { count: current.total })}
        </p>
      )}
      {online ? (
        <div className="desk-table" role="table" aria-label={t('desk.title')} aria-rowcount={current.total ?? -1}>
          <div className="desk-row desk-head" role="row">
            {header(null, t('desk.caseNo'))}
            {header(null, t('desk.parties'))}
            {header('type', t('desk.type'))}
            {header('status', t('desk.status'))}
            {header('unit', t('desk.handledBy'))}
            {header('acceptedOn', t('desk.acceptedOn'))}
            {header(null, t('desk.deadline'))}
          </div>
          <div ref={scroller} className="desk-body" data-testid="desk-rows">
            <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
              {items.map((v) => {
                const r = rowAt(v.index);
                return (
                  <div
                    key={v.key}
                    role="row"
                    aria-rowindex={v.index + 2}
                    className={`desk-row${r ? ' desk-row--link' : ''}`}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                    {...(r ? { tabIndex: 0, onClick: () => navigate({ name: 'case', id: r.id }), onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && navigate({ name: 'case', id: r.id }) } : {})}
                  >
                    {r ? (
                      <>
                        <div role="cell" className="case-no">{r.caseNo ?? '—'}</div>
                        <div role="cell">{r.partyNames.join('、')}</div>
                        <div role="cell">{disputeTypes.label(r.type, locale)}</div>
                        <div role="cell">{caseStatuses.label(r.status, locale)}</div>
                        <div role="cell">{names.get(r.handlingNodeId) ?? r.handlingNodeId}</div>
                        <div role="cell">{r.acceptedOn}</div>
                        <div role="cell">{r.overdue ? <span className="badge badge--warn">{t('badge.overdue')}</span> : r.deadline}</div>
                      </>
                    ) : (
                      <div role="cell" className="desk-placeholder">
                        {t('desk.loading')}
                      </div>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}
