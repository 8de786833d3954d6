import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type Options } from 'acorn';
import { describe, expect, it } from 'vitest';

/**
 * The browser floor (package.json `browserslist`: Chromium 87, Safari 14) parses ECMAScript 2020 and no
 * newer: one class field, `??=` or top-level await in any built file and that file — with every chunk that
 * imports it — fails to load on the phones grid workers have. Reads the build that global-setup.ts made.
 */
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const floor: Options = { ecmaVersion: 2020 };

function syntaxErrorAt(code: string, options: Options): string | null {
  try {
    parse(code, options);
    return null;
  } catch (e) {
    const pos = (e as { pos?: number }).pos ?? 0;
    return `${(e as Error).message} near ${JSON.stringify(code.slice(Math.max(0, pos - 40), pos + 40))}`;
  }
}

describe('the built app parses at the floor', () => {
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));

  it('finds the chunks, the service worker and the startup check', () => {
    expect(files.filter((f) => f.startsWith('assets/')).length).toBeGreaterThan(10);
    expect(files).toContain('sw.js');
    expect(files.some((f) => /^assets\/startup-check-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('rejects syntax above ES2020 at this level (the check can fail)', () => {
    expect(syntaxErrorAt('export class A { x = 1 }', { ...floor, sourceType: 'module' })).toMatch(/Unexpected token/);
    expect(syntaxErrorAt('let a; a ??= 1;', { ...floor, sourceType: 'module' })).not.toBeNull();
    expect(syntaxErrorAt('export const a = [1].at(-1) ?? import.meta.url;', { ...floor, sourceType: 'module' })).toBeNull();
  });

  it('every JavaScript file is ES2020', () => {
    const failures = files.flatMap((f) => {
      // Chunks are ES modules; the service worker and workbox's runtime are classic scripts.
      const sourceType = f.startsWith('assets/') && !/startup-check|home-snapshot|lock-pad/.test(f) ? 'module' : 'script';
      const error = syntaxErrorAt(readFileSync(`${dist}${f}`, 'utf8'), { ...floor, sourceType });
      return error ? [`${f}: ${error}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('the startup check is ES5, so it runs (and explains) where the app cannot', () => {
    const check = files.find((f) => f.includes('startup-check'))!;
    expect(syntaxErrorAt(readFileSync(`${dist}${check}`, 'utf8'), { ecmaVersion: 5, sourceType: 'script' })).toBeNull();
  });

  it('the home snapshot painter and the early PIN pad are ES5 too: they run before the startup check could report a syntax error', () => {
    for (const name of ['home-snapshot', 'lock-pad']) {
      const script = files.find((f) => new RegExp(`^assets/${name}-[\\w-]+\\.js$`).test(f));
      expect(script, name).toBeDefined();
      expect(syntaxErrorAt(readFileSync(`${dist}${script!}`, 'utf8'), { ecmaVersion: 5, sourceType: 'script' }), name).toBeNull();
    }
  });
});
