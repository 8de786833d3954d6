import { beforeEach, describe, expect, it } from 'vitest';
import source from './startup-check.js?raw';

/**
 * The startup check as shipped (the same file the build emits), run against a made-up window per browser:
 * which problem it names decides what the grid worker is told to do.
 */
const androidChrome = 'Mozilla/5.0 (Linux; Android 11; V2031A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 Mobile Safari/537.36';
const weChatIphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47';
const weChatAndroid = `${androidChrome} XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin`;

interface Startup {
  blocked: boolean;
  problem: string | null;
  missing: string[];
  started(): void;
  fail(error: unknown): void;
}

type FakeWindow = Record<string, unknown> & { navigator: Record<string, unknown>; tiaojieStartup?: Startup };

function browser(overrides: { ua?: string; navigator?: Record<string, unknown> } & Record<string, unknown> = {}): FakeWindow {
  const { ua = androidChrome, navigator: nav = {}, ...rest } = overrides;
  const listeners: Record<string, Array<(e: unknown) => void>> = {};
  return {
    navigator: { userAgent: ua, serviceWorker: {}, ...nav },
    indexedDB: { open() {} },
    crypto: { getRandomValues() {}, subtle: { digest() {} } },
    Promise: { any() {} },
    globalThis: {},
    isSecureContext: true,
    location: { href: 'https://tiaojie.example.cn/' },
    addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] ??= []).push(fn),
    dispatch: (type: string, event: unknown) => listeners[type]?.forEach((fn) => fn(event)),
    ...rest,
  };
}

function check(win: FakeWindow): Startup {
  new Function('window', source)(win);
  return win.tiaojieStartup!;
}

const notice = () => document.querySelector<HTMLElement>('[data-testid="unsupported-browser"]');

beforeEach(() => {
  document.body.innerHTML = '<div id="root"><p>正在打开…</p></div>';
});

describe('startup check', () => {
  it('lets a browser with everything start the app, and shows nothing', () => {
    const startup = check(browser());
    expect(startup).toMatchObject({ blocked: false, problem: null, missing: [] });
    expect(notice()).toBeNull();
    expect(document.getElementById('root')!.textContent).toBe('正在打开…');
  });

  it('without IndexedDB (private mode): blocks the app and says to leave private mode', () => {
    const startup = check(browser({ indexedDB: undefined }));
    expect(startup).toMatchObject({ blocked: true, problem: 'storage', missing: ['indexedDB'] });
    expect(notice()!.textContent).toContain('请关闭无痕/隐私模式');
    expect(notice()!.textContent).toContain('IndexedDB');
    expect(document.getElementById('root')!.textContent).not.toContain('正在打开');
  });

  it('counts an IndexedDB whose getter throws (storage blocked by settings) as missing', () => {
    const win = browser();
    Object.defineProperty(win, 'indexedDB', {
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    expect(check(win).problem).toBe('storage');
  });

  it('in WeChat on an iPhone (no service worker): says to open the link in Safari, with the address to copy', () => {
    const startup = check(browser({ ua: weChatIphone, navigator: { serviceWorker: undefined } }));
    expect(startup.problem).toBe('wechat-ios');
    expect(notice()!.textContent).toContain('在 Safari 中打开');
    expect(notice()!.textContent).toContain('https://tiaojie.example.cn/');
  });

  it('in WeChat on Android without a service worker (the X5 engine): says to open it in the phone’s browser', () => {
    expect(check(browser({ ua: weChatAndroid, navigator: { serviceWorker: undefined } })).problem).toBe('in-app');
    expect(notice()!.textContent).toContain('在浏览器打开');
  });

  it('lets WeChat start the app where its engine has everything (current XWeb on Android)', () => {
    expect(check(browser({ ua: weChatAndroid })).blocked).toBe(false);
  });

  it('over plain http (no service worker, no crypto.subtle): names the address as the problem, not the phone', () => {
    const startup = check(browser({ isSecureContext: false, navigator: { serviceWorker: undefined }, crypto: { getRandomValues() {} } }));
    expect(startup).toMatchObject({ problem: 'insecure', missing: ['serviceWorker', 'crypto'] });
    expect(notice()!.textContent).toContain('https://');
  });

  it('on an engine below the floor: says the browser is too old and how to update', () => {
    const startup = check(browser({ Promise: {} }));
    expect(startup).toMatchObject({ blocked: true, problem: 'old' });
    expect(notice()!.textContent).toContain('浏览器版本过旧');
    expect(notice()!.textContent).toContain('This browser is too old');
  });

  it('shows the old-browser page when the app’s module fails to parse before it started', () => {
    const win = browser();
    const startup = check(win);
    (win.dispatch as (t: string, e: unknown) => void)('error', { error: new SyntaxError("Unexpected token '='") });
    expect(startup.blocked).toBe(true);
    expect(notice()!.getAttribute('data-problem')).toBe('old');
  });

  it('shows the load-failed page when the app chunk cannot be fetched', () => {
    const startup = check(browser());
    startup.fail(new TypeError('Failed to fetch dynamically imported module'));
    expect(notice()!.getAttribute('data-problem')).toBe('load');
  });

  it('stays out of the way once the app has started (its errors are the app’s own to show)', () => {
    const win = browser();
    const startup = check(win);
    startup.started();
    startup.fail(new SyntaxError('late'));
    (win.dispatch as (t: string, e: unknown) => void)('error', { error: new SyntaxError('late') });
    expect(notice()).toBeNull();
  });
});
