import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StartupSkeleton } from './startup-skeleton.tsx';

describe('StartupSkeleton', () => {
  it('is exactly what index.html paints before any script runs', () => {
    const html = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../index.html'), 'utf8');
    const root = /<div id="root">([\s\S]*?)<\/div>\s*<noscript>/.exec(html)?.[1];
    expect(root).toBeDefined();
    // React writes the non-breaking space as the character, the HTML file as an entity.
    expect(renderToStaticMarkup(<StartupSkeleton />)).toBe(root!.replaceAll('&nbsp;', '\u00a0'));
  });
});
