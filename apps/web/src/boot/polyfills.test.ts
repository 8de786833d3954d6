import compat from 'core-js-compat';
import { describe, expect, it } from 'vitest';
import webPackage from '../../package.json?raw';
import polyfillsSource from './polyfills.ts?raw';

/**
 * Polyfill only what the floor lacks: every core-js module polyfills.ts loads must be one core-js itself says
 * some browser in package.json's `browserslist` needs. A module the floor already has is dead weight.
 */
const floor = (JSON.parse(webPackage) as { browserslist: string[] }).browserslist;
const loaded = [...polyfillsSource.matchAll(/core-js\/modules\/([\w.-]+)\.js/g)].map((m) => m[1]!);

describe('polyfills', () => {
  it('loads core-js modules (the check below has something to check)', () => {
    expect(loaded).toEqual(['es.array.at', 'es.object.has-own']);
  });

  it('loads only modules some browser at the floor needs', () => {
    const { list } = compat({ targets: floor, modules: loaded });
    expect(list.sort()).toEqual([...loaded].sort());
  });

  it('would be caught loading one the floor has (Promise.allSettled: Chromium 76, Safari 13)', () => {
    expect(compat({ targets: floor, modules: ['es.promise.all-settled'] }).list).toEqual([]);
  });
});
