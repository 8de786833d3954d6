/*
 * Runs before the app, as a classic script in ES5 (eslint.config.js holds it to that), so it still runs on a
 * browser too old to parse the app's modules. It checks what the app cannot do without and cannot polyfill —
 * IndexedDB (the cases live there), a service worker (the app must open offline) and Web Crypto — and, where
 * something is missing, shows a page that names the problem and what to do, instead of a blank screen or an
 * app that seems to work and then loses what the worker typed. The vite build emits it as a hashed asset and
 * loads it ahead of the entry module (vite.config.ts).
 *
 * It leaves `window.tiaojieStartup` for main.tsx: `blocked` (do not start the app) and `fail(error)` (the app's
 * code could not be loaded or run: show why).
 */
(function () {
  var win = window;
  var nav = win.navigator || {};
  var ua = String(nav.userAgent || '');
  var isIos = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && nav.maxTouchPoints > 1);
  var isWeChat = /MicroMessenger/i.test(ua);
  var inAppBrowser = isWeChat || /\bQQ\/|MQQBrowser.*\bQQ\b|AlipayClient|DingTalk|Weibo/i.test(ua);

  function has(fn) {
    try {
      return !!fn();
    } catch (e) {
      return false;
    }
  }

  var hasIndexedDb = has(function () {
    return win.indexedDB && typeof win.indexedDB.open === 'function';
  });
  var hasServiceWorker = has(function () {
    return 'serviceWorker' in nav && nav.serviceWorker;
  });
  var hasRandom = has(function () {
    return typeof win.crypto.getRandomValues === 'function';
  });
  var hasSubtle = has(function () {
    return win.crypto.subtle && typeof win.crypto.subtle.digest === 'function';
  });
  // Built-ins of the floor's generation (Chromium 85, Safari 14): without them the app's code will not run.
  var modernEnough = has(function () {
    return typeof win.Promise.any === 'function' && typeof String.prototype.replaceAll === 'function' && typeof win.globalThis === 'object';
  });
  // Service workers and Web Crypto exist only on https:// (or localhost): over plain http both are missing.
  var insecure = has(function () {
    return win.isSecureContext === false;
  });

  var missing = [];
  if (!hasIndexedDb) missing.push('indexedDB');
  if (!hasServiceWorker) missing.push('serviceWorker');
  if (!hasRandom || !hasSubtle) missing.push('crypto');
  if (!modernEnough) missing.push('modern');

  /** The one problem to explain first: the cause a worker (or the district's IT) can act on. */
  function problemFor(list) {
    if (list.length === 0) return null;
    if (insecure) return 'insecure';
    if (!modernEnough) return 'old';
    if (inAppBrowser && (!hasServiceWorker || !hasIndexedDb)) return isIos ? 'wechat-ios' : 'in-app';
    if (!hasIndexedDb) return 'storage';
    return 'features';
  }

  var names = {
    indexedDB: '本地数据库(IndexedDB) · local database',
    serviceWorker: '离线运行(Service Worker) · offline support',
    crypto: '加密功能(Web Crypto) · Web Crypto',
    modern: '较新的网页标准 · current web standards',
  };

  var texts = {
    insecure: {
      title: '请使用 https:// 开头的地址打开',
      en: 'Open this app over https://',
      body: '当前地址不是安全连接(https),浏览器因此关闭了离线运行和加密功能,案件无法安全保存在手机上。',
      todo: ['请向管理员索取以 https:// 开头的正确地址。', 'Ask your administrator for the https:// address of this app.'],
    },
    'wechat-ios': {
      title: '请在 Safari 浏览器中打开',
      en: 'Open this page in Safari',
      body: '苹果手机的微信内置浏览器不能离线运行本应用,记录的案件可能丢失。',
      todo: ['点右上角「···」,选择「在 Safari 中打开」。', 'Tap ··· at the top right, then "Open in Safari".'],
    },
    'in-app': {
      title: '请在手机自带浏览器中打开',
      en: 'Open this page in your phone’s browser',
      body: '微信、QQ 等应用内的浏览器不能离线运行本应用,记录的案件可能丢失。',
      todo: ['点右上角「···」,选择「在浏览器打开」。', 'Tap ··· at the top right, then "Open in browser".'],
    },
    storage: {
      title: '浏览器不允许本应用保存数据',
      en: 'This browser does not let the app store data',
      body: '无痕(隐私)模式或已关闭网站数据时,案件无法保存在手机上。',
      todo: ['请关闭无痕/隐私模式后重新打开,或在浏览器设置中允许本网站保存数据。', 'Leave private browsing, or allow this site to store data, and open it again.'],
    },
    old: {
      title: '浏览器版本过旧',
      en: 'This browser is too old',
      body: '本应用需要 Chrome 87、Safari 14 或更新的浏览器内核。',
      todo: ['请在应用商店更新浏览器,或改用手机自带浏览器、Chrome 打开。', 'Update the browser, or open the link in the phone’s own browser or Chrome.'],
    },
    features: {
      title: '当前浏览器缺少必需的功能',
      en: 'This browser lacks features the app needs',
      body: '缺少下列功能时,案件无法在手机上离线保存。',
      todo: ['请更新浏览器,或改用手机自带浏览器、Chrome、Safari 打开。', 'Update the browser, or open the link in the phone’s own browser, Chrome or Safari.'],
    },
    load: {
      title: '应用未能加载',
      en: 'The app could not be loaded',
      body: '可能是网络中断,或浏览器无法运行本应用。',
      todo: ['请检查网络后刷新页面;仍不行时,请更新浏览器或改用手机自带浏览器。', 'Check the network and reload; if that fails, update the browser or use the phone’s own browser.'],
    },
  };

  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) node.setAttribute('style', style);
    if (text) node.appendChild(document.createTextNode(text));
    return node;
  }

  function render(problem, list) {
    var t = texts[problem];
    var page = el('main', 'font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32rem;margin:0 auto;padding:24px 20px;color:#1c1b1f;line-height:1.6');
    page.setAttribute('data-testid', 'unsupported-browser');
    page.setAttribute('data-problem', problem);
    page.setAttribute('role', 'alert');
    page.setAttribute('lang', 'zh-CN');
    page.appendChild(el('h1', 'font-size:22px;line-height:1.35;margin:0 0 4px;color:#b3261e', t.title));
    var en = el('p', 'margin:0 0 16px;color:#49454f', t.en);
    en.setAttribute('lang', 'en');
    page.appendChild(en);
    page.appendChild(el('p', 'margin:0 0 12px', t.body));
    if (list.length && problem !== 'old' && problem !== 'load') {
      var ul = el('ul', 'margin:0 0 12px;padding-left:20px');
      for (var i = 0; i < list.length; i++) ul.appendChild(el('li', null, '缺少:' + names[list[i]]));
      page.appendChild(ul);
    }
    var todo = el('div', 'background:#fdf2f1;border-left:4px solid #b3261e;padding:12px 14px;margin:0 0 16px');
    todo.appendChild(el('p', 'margin:0;font-weight:600', t.todo[0]));
    var todoEn = el('p', 'margin:4px 0 0;color:#49454f', t.todo[1]);
    todoEn.setAttribute('lang', 'en');
    todo.appendChild(todoEn);
    page.appendChild(todo);
    page.appendChild(el('p', 'margin:0 0 4px;color:#49454f', '本页地址 · Address of this page:'));
    page.appendChild(el('p', 'margin:0;padding:8px;background:#f4f0f4;word-break:break-all;user-select:all;-webkit-user-select:all', String(win.location.href)));
    var root = document.getElementById('root') || document.body;
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(page);
    document.title = '调解 · ' + t.title;
  }

  function whenReady(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  var started = false;
  var problem = problemFor(missing);
  var startup = {
    blocked: problem !== null,
    missing: missing,
    problem: problem,
    /** main.tsx calls this once the app has rendered; later errors are the app's own to show. */
    started: function () {
      started = true;
    },
    /** The app's code failed to load or run before it started (a syntax the browser lacks, a lost network). */
    fail: function (error) {
      if (started || startup.blocked) return;
      startup.blocked = true;
      var name = error && error.name;
      whenReady(function () {
        // Unparsable syntax or a missing global means an engine below the floor; anything else, a failed load.
        render(name === 'SyntaxError' || name === 'ReferenceError' ? 'old' : 'load', []);
      });
    },
  };
  win.tiaojieStartup = startup;

  if (problem !== null) {
    whenReady(function () {
      render(problem, missing);
    });
    return;
  }
  // A module the browser cannot parse never reaches main.tsx's catch: it surfaces only as a window error.
  win.addEventListener('error', function (event) {
    if (!started && event && event.error && event.error.name === 'SyntaxError') startup.fail(event.error);
  });
})();
