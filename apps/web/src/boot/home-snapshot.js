/*
 * What a signed-in start can do before the app's code has loaded, while the page is still being parsed:
 *
 * - Preload the local database's chunks (listed by the build in <meta name="tiaojie-signed-in-preload">): only
 *   a stored session needs them, so the sign-in screen of a first visit never fetches them.
 * - Paint the worker's home screen as it last looked (saved by home-snapshot.ts) into #root, so a reopened
 *   app's first frame is the case list from local data, not "正在打开…": the app's code (React, i18n, the
 *   local database) needs a second or more on a cheap phone before it can draw. The app then replaces it with
 *   the live screen, drawn from the same data. Only on home, for the same user and language.
 *
 * A classic ES5 script (like startup-check.js, which runs first): the build emits it as a hashed asset loaded
 * right after #root (vite.config.ts). It does nothing where the startup check blocked the app, and nothing more
 * on any error.
 */
(function () {
  var win = window;
  var doc = win.document;
  var startup = win.tiaojieStartup;
  if (startup && startup.blocked) return;
  try {
    var storage = win.localStorage;
    var session = JSON.parse(storage.getItem('tiaojie.session') || 'null');
    var userId = session && session.user ? session.user.id : null;
    if (typeof userId !== 'string') return;

    var listed = doc.querySelector('meta[name="tiaojie-signed-in-preload"]');
    var chunks = listed ? String(listed.getAttribute('content') || '').split(' ') : [];
    for (var i = 0; i < chunks.length; i++) {
      if (!chunks[i]) continue;
      var link = doc.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = chunks[i];
      doc.head.appendChild(link);
    }

    // A grid worker's phone is PIN-locked: nothing of its data may show before the PIN, nor stay here in clear
    // (one saved before the lock existed is dropped).
    if (session.user.role === 'grid_worker') {
      storage.removeItem('tiaojie.homeSnapshot');
      return;
    }
    if (win.location.pathname.replace(/\/+$/, '') !== '') return;
    var snapshot = JSON.parse(storage.getItem('tiaojie.homeSnapshot') || 'null');
    var locale = storage.getItem('tiaojie.locale') === 'en' ? 'en' : 'zh-CN';
    var root = doc.getElementById('root');
    if (!root || !snapshot || snapshot.userId !== userId) return;
    if (snapshot.locale !== locale || typeof snapshot.html !== 'string') return;
    root.innerHTML = snapshot.html;
  } catch (e) {
    // Storage blocked or a malformed entry: the skeleton stays and the app starts as before.
  }
})();
