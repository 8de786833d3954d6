import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StartupSkeleton } from './startup-skeleton.tsx';
// The page as served, read through Vite so the test needs no Node APIs (the web tsconfig has none).
import html from '../../index.html?raw';

describe('StartupSkeleton', () => {
  it('is exactly what index.html paints before any script runs', () => {
    const root = /<div id="root">([\s\S]*?)<\/div>\s*<noscript>/.exec(html)?.[1];
    expect(root).toBeDefined();
    // React writes the non-breaking space as the character, the HTML file as an entity.
    expect(renderToStaticMarkup(<StartupSkeleton />)).toBe(root!.replaceAll('&nbsp;', '\u00a0'));
  });
});
