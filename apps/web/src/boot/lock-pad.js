/*
 * A grid worker's phone opens on its PIN pad (issue 14 §9). The app's start code (React, i18n, the local database)
 * needs more than a second on a cheap phone before its pad can draw and take a digit; this classic ES5 script
 * draws the same pad into #root while the page is parsed and keeps what is typed, so the worker can start at
 * once. When the app's own unlock screen mounts it takes the typed digits over (src/lock/pre-lock.ts), and a PIN
 * confirmed here is tried then — by the app, so the five-tries rule counts it like any other.
 *
 * It checks nothing and holds no data: the PIN stays in memory, and only the app can open the store. It draws
 * only where the app left its mark that this user's phone has a PIN set (lock/lock-hint.ts); the app replaces
 * it in any case. Markup and words are those of lock-screens.tsx and pin-pad.tsx (lock-pad.test.ts compares
 * them). Nothing where the startup check blocked the app, and nothing more on any error.
 */
(function () {
  var win = window;
  var doc = win.document;
  var startup = win.tiaojieStartup;
  if (startup && startup.blocked) return;
  try {
    var storage = win.localStorage;
    var session = JSON.parse(storage.getItem('tiaojie.session') || 'null');
    var user = session && session.user;
    if (!user || user.role !== 'grid_worker' || typeof user.id !== 'string') return;
    if (storage.getItem('tiaojie.pinLocked') !== user.id) return;
    var root = doc.getElementById('root');
    if (!root) return;
    var en = storage.getItem('tiaojie.locale') === 'en';
    var words = en
      ? { app: 'Tiaojie', title: 'Enter your PIN', digit: 'Digit ', backspace: 'Delete', entered: ' digits entered', unlocking: 'Unlocking…' }
      : { app: '调解', title: '输入PIN码解锁', digit: '数字', backspace: '删除', entered: '已输入', enteredAfter: '位', unlocking: '正在解锁…' };
    var MAX = 6;
    var MIN = 4;
    var order = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'del', '0', 'ok'];

    var html = '<div class="app lock-screen" data-lock-screen="unlock"><header class="topbar"><h1 class="topbar__title">' + words.app + '</h1></header>';
    html += '<main class="main"><h2 class="lock-screen__title">' + words.title + '</h2><div class="pin-pad">';
    html += '<p class="pin-pad__dots" aria-live="polite" data-testid="pin-dots"></p><div class="pin-pad__keys">';
    for (var i = 0; i < order.length; i++) {
      var k = order[i];
      if (k === 'del') html += '<button type="button" class="pin-pad__key pin-pad__key--small">' + words.backspace + '</button>';
      else if (k === 'ok') html += '<button type="button" class="pin-pad__key pin-pad__key--ok">✓</button>';
      else html += '<button type="button" class="pin-pad__key" aria-label="' + words.digit + k + '">' + k + '</button>';
    }
    html += '</div></div></main></div>';
    root.innerHTML = html;

    var screen = root.firstChild;
    var dots = root.querySelector('.pin-pad__dots');
    var keys = root.querySelectorAll('.pin-pad__key');
    var pin = '';
    var submitted = false;
    var taken = false;
    var focused = -1;

    function draw() {
      var n = Math.max(MIN, pin.length);
      var d = '';
      for (var j = 0; j < n; j++) d += '<span class="pin-pad__dot' + (j < pin.length ? ' pin-pad__dot--on' : '') + '"></span>';
      dots.innerHTML = d;
      dots.setAttribute('aria-label', en ? pin.length + words.entered : words.entered + pin.length + words.enteredAfter);
      for (var j2 = 0; j2 < keys.length; j2++) {
        var what = order[j2];
        keys[j2].disabled = submitted || (what === 'del' && pin.length === 0) || (what === 'ok' && pin.length < MIN);
      }
      var ok = keys[keys.length - 1];
      ok.textContent = submitted ? words.unlocking : '✓';
      ok.className = 'pin-pad__key pin-pad__key--ok' + (submitted ? ' pin-pad__key--busy' : '');
    }

    function press(index) {
      if (taken || submitted || index < 0) return;
      var what = order[index];
      if (what === 'del') pin = pin.slice(0, -1);
      else if (what === 'ok') submitted = pin.length >= MIN;
      else if (pin.length < MAX) pin += what;
      draw();
    }

    function indexOf(target) {
      for (var j = 0; j < keys.length; j++) if (keys[j] === target || keys[j].contains(target)) return j;
      return -1;
    }

    screen.addEventListener('click', function (e) {
      press(indexOf(e.target));
    });
    screen.addEventListener('focusin', function (e) {
      focused = indexOf(e.target);
    });
    draw();

    win.tiaojiePreLock = {
      // Once: what was typed (and whether it was confirmed) and which key had focus; the pad stops listening.
      take: function () {
        if (taken) return null;
        taken = true;
        return { pin: pin, submitted: submitted, focus: screen.contains(doc.activeElement) ? focused : -1 };
      },
    };
    // The pad takes input from here on (the cold-start bench times it by this mark).
    screen.setAttribute('data-pre-lock', '');
  } catch (e) {
    // Storage blocked or a malformed entry: the skeleton stays and the app draws its own pad.
  }
})();
