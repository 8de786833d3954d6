/**
 * Renders public/icons/icon.svg into the PNG icons the manifest lists, with Debian's Chromium so the 调 glyph
 * uses a real CJK font. Run once after changing the SVG: `npx tsx apps/web/scripts/generate-icons.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const iconsDir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const svg = readFileSync(`${iconsDir}icon.svg`, 'utf8');
// Maskable icons are cropped to a circle of 80% diameter: full-bleed background, glyph inside the safe zone.
const maskable = svg.replace('rx="96"', 'rx="0"').replace('font-size="240"', 'font-size="200"');

const targets = [
  { file: 'icon-192.png', size: 192, source: svg },
  { file: 'icon-512.png', size: 512, source: svg },
  { file: 'maskable-512.png', size: 512, source: maskable },
  { file: 'apple-touch-icon.png', size: 180, source: maskable },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const t of targets) {
    const page = await browser.newPage({ viewport: { width: t.size, height: t.size } });
    const sized = t.source.replace('<svg ', `<svg width="${t.size}" height="${t.size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    await page.screenshot({ path: `${iconsDir}${t.file}`, omitBackground: true, clip: { x: 0, y: 0, width: t.size, height: t.size } });
    await page.close();
    console.log(`wrote ${t.file}`);
  }
} finally {
  await browser.close();
}
