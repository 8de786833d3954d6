import { committeeKinds, mediatorKinds, messageFor, type Committee, type OrgNode } from '@tiaojie/domain';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiFailure } from '../api/http.ts';
import { navigate } from '../app/router.ts';
import { fetchCommittees, saveCommittee, saveMediator, type CommitteeView } from '../committees/committees-api.ts';
import { useT } from '../i18n/index.ts';
import { fetchNodes } from './report-api.ts';

const zh = {
  title: '调解组织管理',
  back: '返回年度报表',
  add: '新增调解委员会',
  node: '所属单位',
  name: '名称',
  kind: '类型',
  save: '保存',
  active: '在用',
  inactive: '已停用',
  deactivate: '停用',
  activate: '启用',
  mediators: '调解员',
  addMediator: '新增调解员',
  mediatorKind: '专职/兼职',
  none: '尚无调解委员会',
  counts: '专职{f}人，兼职{p}人',
};
const en: typeof zh = {
  title: 'Mediation committees',
  back: 'Back to the annual report',
  add: 'Add a committee',
  node: 'Unit',
  name: 'Name',
  kind: 'Kind',
  save: 'Save',
  active: 'Active',
  inactive: 'Inactive',
  deactivate: 'Deactivate',
  activate: 'Activate',
  mediators: 'Mediators',
  addMediator: 'Add a mediator',
  mediatorKind: 'Full- or part-time',
  none: 'No committee yet',
  counts: '{f} full-time, {p} part-time',
};

/** An administrator keeps the people's mediation committees and their mediators (专职 / 兼职). */
export default function CommitteesScreen() {
  const { locale } = useT();
  const s = locale === 'en' ? en : zh;
  const [committees, setCommittees] = useState<CommitteeView[]>([]);
  const [nodes, setNodes] = useState<OrgNode[]>([]);
  const [error, setError] = useState<string | null>(null);
  const fail = useCallback((e: unknown) => setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e)), [locale]);
  const reload = useCallback(() => fetchCommittees().then(setCommittees, fail), [fail]);
  useEffect(() => {
    void reload();
    fetchNodes().then((ns) => setNodes(ns.filter((n) => n.kind !== 'grid')), fail);
  }, [reload, fail]);

  const [draft, setDraft] = useState({ nodeId: '', name: '', kind: 'residential' });
  const addCommittee = async (e: FormEvent) => {
    e.preventDefault();
    const nodeId = draft.nodeId || nodes[0]?.id;
    if (!nodeId || !draft.name.trim()) return;
    try {
      await saveCommittee({ id: crypto.randomUUID(), nodeId, name: draft.name.trim(), kind: draft.kind as Committee['kind'], active: true });
      setDraft({ ...draft, name: '' });
      await reload();
    } catch (err) {
      fail(err);
    }
  };
  const toggle = async (c: CommitteeView) => {
    const { nodeName: _n, nodePath: _p, mediators: _m, ...committee } = c;
    try {
      await saveCommittee({ ...committee, active: !c.active });
      await reload();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <div className="staff">
      <h2>{s.title}</h2>
      <p>
        <a href="/staff" onClick={(e) => (e.preventDefault(), navigate('/staff'))}>
          {s.back}
        </a>
      </p>
      {error && <p className="card staff-error" role="alert">{error}</p>}
      <form className="card staff-pickers" onSubmit={(e) => void addCommittee(e)}>
        <h3>{s.add}</h3>
        <label className="field">
          <span className="field__label">{s.node}</span>
          <select name="nodeId" value={draft.nodeId} onChange={(e) => setDraft({ ...draft, nodeId: e.target.value })}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{s.name}</span>
          <input name="name" value={draft.name} maxLength={100} required onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label className="field">
          <span className="field__label">{s.kind}</span>
          <select name="kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            {committeeKinds.entries.map((k) => (
              <option key={k.code} value={k.code}>
                {locale === 'en' ? k.en : k.zh}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn--primary">
          {s.save}
        </button>
      </form>
      {committees.length === 0 ? <p className="empty">{s.none}</p> : null}
      {committees.map((c) => (
        <section key={c.id} className="card" data-committee={c.id}>
          <h3>
            {c.name} <small>（{c.nodeName} · {committeeKinds.labelOrCode(c.kind, locale)} · {c.active ? s.active : s.inactive}）</small>
          </h3>
          <p>
            {s.counts
              .replace('{f}', String(c.mediators.filter((m) => m.active && m.kind === 'full_time').length))
              .replace('{p}', String(c.mediators.filter((m) => m.active && m.kind === 'part_time').length))}
          </p>
          <ul>
            {c.mediators.map((m) => (
              <li key={m.id}>
                {m.name}（{mediatorKinds.labelOrCode(m.kind, locale)}）{m.active ? '' : ` · ${s.inactive}`}
              </li>
            ))}
          </ul>
          <MediatorForm committeeId={c.id} s={s} locale={locale} onSaved={reload} onError={fail} />
          <button type="button" className="btn" onClick={() => void toggle(c)}>
            {c.active ? s.deactivate : s.activate}
          </button>
        </section>
      ))}
    </div>
  );
}

function MediatorForm({ committeeId, s, locale, onSaved, onError }: { committeeId: string; s: typeof zh; locale: string; onSaved: () => Promise<void>; onError: (e: unknown) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'full_time' | 'part_time'>('part_time');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      await saveMediator({ id: crypto.randomUUID(), committeeId, name: name.trim(), kind, active: true });
      setName('');
      await onSaved();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="staff-pickers" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span className="field__label">{s.addMediator}</span>
        <input name="mediatorName" value={name} maxLength={50} placeholder={s.name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span className="field__label">{s.mediatorKind}</span>
        <select name="mediatorKind" value={kind} onChange={(e) => setKind(e.target.value as 'full_time' | 'part_time')}>
          {mediatorKinds.entries.map((k) => (
            <option key={k.code} value={k.code}>
              {locale === 'en' ? k.en : k.zh}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn">
        {s.save}
      </button>
    </form>
  );
}
