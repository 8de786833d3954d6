import '../i18n/later.ts';
import { lazy, Suspense, useEffect } from 'react';
import { buildCaseFile, isStaffRole, mediatingBodies, type CaseDocument, type CaseFileBlock, type DisputeCase, type PhotoRef } from '@tiaojie/domain';
import { linkHandler } from '../app/router.ts';
import { useObserved } from '../app/store-context.tsx';
import { useCurrentUser } from '../auth/use-session.ts';
import { useT } from '../i18n/index.ts';
import { useOrgNodes } from '../org/org-nodes.ts';
import { CaseFilePhoto, SignatureImage } from './case-file-photo.tsx';
import { rememberProvisionalFile } from './provisional-file.ts';
import './case-file.css';

// A staff desktop keeps only its own unit's cases: the file of any other case of the area is built from the server's copy.
const ServerCaseView = lazy(() => import('../staff/server-case-view.tsx'));

/** The body named on the file: the one that concluded the case, else the one of its latest session. */
function bodyOf(c: DisputeCase): string {
  const sessions = Object.values(c.sessions).sort((a, b) => (a.date < b.date ? 1 : -1));
  const code = c.outcome?.body ?? sessions[0]?.body ?? 'grid_worker';
  return mediatingBodies.label(code, 'zh-CN');
}

/**
 * The whole case file as A4 pages, in binding order, ready for the browser's print (print CSS: one document per
 * sheet, page numbers, official layout). Documents that lack content say what is missing and are not printed.
 */
export default function CaseFileScreen({ caseId }: { caseId: string }) {
  const { t } = useT();
  const user = useCurrentUser();
  const nodes = useOrgNodes(user!);
  const local = useObserved((s) => s.getCase(caseId).then((c) => c ?? null), [caseId]);
  if (local === undefined) return <p className="empty">{t('common.loading')}</p>;
  if (local === null && user && isStaffRole(user.role)) {
    return (
      <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>
        <ServerCaseView caseId={caseId} renderCase={(c) => <CaseFileView c={c} nodes={nodes} />} />
      </Suspense>
    );
  }
  if (local === null) return <p className="empty card">{t('case.gone')}</p>;
  return <CaseFileView c={local.case} nodes={nodes} />;
}

function CaseFileView({ c, nodes }: { c: DisputeCase; nodes: { id: string; name: string }[] }) {
  const { t } = useT();
  const gridName = nodes.find((n) => n.id === c.gridId)?.name ?? c.gridId;
  const file = buildCaseFile(c, { bodyName: bodyOf(c), gridName });
  const printed = file.documents.filter((d) => d.missing.length === 0 || d.blocks.length > 0);
  const agreementPhotos = Object.values(c.photos).filter((p) => p.kind === 'agreement');
  useEffect(() => {
    if (file.provisional) rememberProvisionalFile(c.id);
  }, [file.provisional, c.id]);

  return (
    <div className="casefile">
      <div className="casefile__toolbar">
        <a className="btn" {...linkHandler({ name: 'case', id: c.id })}>
          ‹ {t('caseFile.back')}
        </a>
        <button type="button" className="btn btn--primary" onClick={() => window.print()} data-testid="print-file">
          {t('caseFile.print')}
        </button>
        {file.provisional ? (
          <p className="notice notice--danger" role="alert">
            {t('caseFile.provisional', { number: file.number })}
          </p>
        ) : null}
        <ul className="casefile__status" aria-label={t('caseFile.completeness')}>
          {file.documents
            .filter((d) => d.required || d.missing.length === 0)
            .map((d) => (
              <li key={d.key} className={d.missing.length ? 'is-missing' : 'is-ready'}>
                {d.missing.length ? '✗' : '✓'} {d.title}
                {d.missing.length ? t('caseFile.missing', { items: d.missing.join('、') }) : ''}
              </li>
            ))}
        </ul>
      </div>
      {printed.map((d) => (
        <CaseFileSheet key={d.key} doc={d} number={file.number} provisional={file.provisional} photos={d.kind === 'writtenAgreement' ? agreementPhotos : []} />
      ))}
    </div>
  );
}

function CaseFileSheet({ doc, number, provisional, photos }: { doc: CaseDocument; number: string; provisional: boolean; photos: PhotoRef[] }) {
  return (
    <section className={`casefile-doc casefile-doc--${doc.kind}`} data-doc={doc.key} aria-label={doc.title}>
      <h1 className="casefile-doc__title">{doc.title}</h1>
      <p className="casefile-doc__number">
        {provisional ? '临时编号 ' : ''}
        {number}
      </p>
      {doc.missing.length > 0 ? (
        <p className="casefile-doc__missing" role="note">
          本文书尚缺：{doc.missing.join('、')}
        </p>
      ) : null}
      {doc.blocks.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
      {photos.map((p) => (
        <CaseFilePhoto key={p.sha256} photo={p} />
      ))}
    </section>
  );
}

function BlockView({ block }: { block: CaseFileBlock }) {
  switch (block.kind) {
    case 'fields':
      return (
        <table className="casefile-fields">
          <tbody>
            {block.rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'text':
      return (
        <div className="casefile-text">
          {block.label ? <h2>{block.label}</h2> : null}
          <p>{block.text}</p>
        </div>
      );
    case 'parties':
      return (
        <table className="casefile-parties">
          <thead>
            <tr>
              <th>身份</th>
              <th>姓名</th>
              <th>性别</th>
              <th>年龄</th>
              <th>联系电话</th>
              <th>住址</th>
            </tr>
          </thead>
          <tbody>
            {block.parties.map((p, i) => (
              <tr key={i}>
                <td>{p.role}</td>
                <td>{p.name}</td>
                <td>{p.sex}</td>
                <td>{p.age}</td>
                <td>{p.phone}</td>
                <td>{p.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'signatures':
      return (
        <div className="casefile-signatures">
          {block.lines.map((l) => (
            <div key={l.label} className="casefile-signatures__row">
              <span>{l.label}</span>
              {l.signatures.length > 0 ? (
                l.signatures.map((g) => <SignatureImage key={g.id} signature={g} signer={l.signer} />)
              ) : (
                <>
                  <span className="casefile-signatures__line" />
                  <span className="casefile-signatures__date">年 月 日</span>
                </>
              )}
            </div>
          ))}
        </div>
      );
    case 'contents':
      return (
        <table className="casefile-contents">
          <thead>
            <tr>
              <th>序号</th>
              <th>文书名称</th>
              <th>备注</th>
            </tr>
          </thead>
          <tbody>
            {block.rows.map((r) => (
              <tr key={r.no}>
                <td>{r.no}</td>
                <td>{r.title}</td>
                <td>{r.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}
