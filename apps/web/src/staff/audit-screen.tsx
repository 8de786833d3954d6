import { auditActionLabel, auditActions, messageFor, type AuditEventView, type OrgNode } from '@tiaojie/domain';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiFailure } from '../api/http.ts';
import { linkHandler } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { auditDetailText, auditObjectText } from '../audit/audit-details.ts';
import { auditCsvPath, fetchAuditPage, type AuditQuery } from './audit-api.ts';
import { formatDateTime } from '../components/date-time.ts';
import { fetchNodes } from './report-api.ts';
import { saveBlob } from './save-blob.ts';
import { fetchFile } from './report-api.ts';

const zh = {
  title: '审计记录',
  person: '操作人（用户名）',
  caseId: '案件编号',
  action: '操作',
  allActions: '全部操作',
  from: '起始日期',
  to: '截止日期',
  search: '查询',
  exportCsv: '导出CSV',
  more: '加载更多',
  empty: '没有符合条件的记录',
  time: '时间',
  who: '操作人',
  what: '操作',
  object: '对象',
  detail: '详情',
  openCase: '打开案件',
  back: '返回报表',
};
const en: typeof zh = {
  title: 'Audit trail',
  person: 'Person (username)',
  caseId: 'Case id',
  action: 'Action',
  allActions: 'All actions',
  from: 'From',
  to: 'To',
  search: 'Search',
  exportCsv: 'Export CSV',
  more: 'Load more',
  empty: 'Nothing matches',
  time: 'Time',
  who: 'Who',
  what: 'Action',
  object: 'Object',
  detail: 'Details',
  openCase: 'Open case',
  back: 'Back to reports',
};

/** Administrators (everything) and sub-district staff (their subtree): filter, page, export, open the case. */
export default function AuditScreen() {
  const { locale } = useT();
  const s = locale === 'en' ? en : zh;
  const [nodes, setNodes] = useState<OrgNode[]>([]);
  useEffect(() => {
    // Names for the units rows mention; without them (offline, refused) a row shows the unit's id as before.
    fetchNodes().then(setNodes, () => undefined);
  }, []);
  const nodeName = (id: string) => nodes.find((n) => n.id === id)?.name;
  const [form, setForm] = useState<AuditQuery>({});
  const [query, setQuery] = useState<AuditQuery>({});
  const [events, setEvents] = useState<AuditEventView[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fail = useCallback((e: unknown) => setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e)), [locale]);

  const load = useCallback(
    async (q: AuditQuery, before?: number) => {
      setBusy(true);
      setError(null);
      try {
        const page = await fetchAuditPage({ ...q, ...(before ? { before } : {}), limit: 50 });
        setEvents((prev) => (before ? [...prev, ...page.events] : page.events));
        setNextBefore(page.nextBefore);
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
      }
    },
    [fail],
  );
  useEffect(() => {
    void load(query);
  }, [load, query]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ ...form });
  };
  const set = (key: keyof AuditQuery) => (value: string) => setForm((f) => ({ ...f, [key]: value || undefined }));
  const exportCsv = async () => {
    try {
      const { blob, filename } = await fetchFile(auditCsvPath(query));
      saveBlob(blob, filename);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div className="staff">
      <p>
        <a {...linkHandler({ name: 'staff' })}>{s.back}</a>
      </p>
      <h2>{s.title}</h2>
      <form className="card staff-pickers" onSubmit={submit} aria-label={s.title}>
        <label className="field">
          <span className="field__label">{s.person}</span>
          <input className="input" name="actor" maxLength={64} value={form.actor ?? ''} onChange={(e) => set('actor')(e.target.value.trim())} />
        </label>
        <label className="field">
          <span className="field__label">{s.caseId}</span>
          <input className="input" name="caseId" maxLength={64} value={form.caseId ?? ''} onChange={(e) => set('caseId')(e.target.value.trim())} />
        </label>
        <label className="field">
          <span className="field__label">{s.action}</span>
          <select name="action" value={form.action ?? ''} onChange={(e) => set('action')(e.target.value)}>
            <option value="">{s.allActions}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a, locale)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{s.from}</span>
          <input className="input" type="date" name="from" value={form.from ?? ''} onChange={(e) => set('from')(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{s.to}</span>
          <input className="input" type="date" name="to" value={form.to ?? ''} onChange={(e) => set('to')(e.target.value)} />
        </label>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {s.search}
        </button>
        <button type="button" className="btn" onClick={() => void exportCsv()}>
          {s.exportCsv}
        </button>
      </form>
      {error && (
        <p className="card staff-error" role="alert">
          {error}
        </p>
      )}
      {!busy && events.length === 0 && !error ? <p className="empty">{s.empty}</p> : null}
      {events.length > 0 ? (
        <div className="card" style={{ overflowX: 'auto' }}>
          <table className="staff-table">
            <thead>
              <tr>
                <th>{s.time}</th>
                <th>{s.who}</th>
                <th>{s.what}</th>
                <th>{s.object}</th>
                <th>{s.detail}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.seq}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.actorName ?? ''}</td>
                  <td>{auditActionLabel(e.action, locale)}</td>
                  <td>
                    {e.caseId ? (
                      <a {...linkHandler({ name: 'case', id: e.caseId })} title={s.openCase}>
                        {e.caseId}
                      </a>
                    ) : (
                      auditObjectText(e)
                    )}
                  </td>
                  <td>{auditDetailText(e.details, locale === 'en' ? 'en' : 'zh', nodeName)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextBefore !== null ? (
        <button type="button" className="btn btn--block" disabled={busy} onClick={() => void load(query, nextBefore)}>
          {s.more}
        </button>
      ) : null}
    </div>
  );
}
