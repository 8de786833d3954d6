/**
 * What index.html paints before any script runs, drawn again by React while the local store opens, so the
 * first commit does not blank the page. Keep the two identical (startup-skeleton.test.tsx checks it).
 */
export function StartupSkeleton() {
  return (
    <div className="app">
      <header className="topbar">
        <p className="topbar__title">调解</p>
      </header>
      <div className="syncbar">&nbsp;</div>
      <main className="main">
        <p className="empty">正在打开…</p>
      </main>
    </div>
  );
}
