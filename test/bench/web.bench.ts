/**
 * `pnpm bench:web [--json]`: the web editor's budgets, measured on a production build in Chromium.
 * - firstLoadJsGzipKb: gzip size of the JS the first visit loads (entry + modulepreloads), target ≤ 250 (test/e2e/first-load.test.ts fails above it)
 * - previewRefreshMs: median time from an edit in the inspector to the updated preview on 200
 *   sample records (the playground), target ≤ 300
 * - dragFps: frames per second while dragging a node of a 200-node graph, target ≥ 30
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/chromium';
import { largeGraph } from '../e2e/rule-graph.fixture';
import { buildWeb, firstLoadJsGzipKb, FIRST_LOAD_BUDGET_KB, serveStatic } from '../e2e/web-build';

const json = process.argv.includes('--json');
const log = (s: string) => {
  if (!json) console.log(s);
};

async function previewRefreshMs(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/playground`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('[data-testid=node-c2]').click();
  const input = page.getByLabel('Value');
  await input.waitFor();
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const value = i % 2 === 0 ? '2' : '0';
    const ms = await input.evaluate(
      (el, v) =>
        new Promise<number>((done, fail) => {
          const summary = document.querySelector('.preview-head .hint')!;
          const before = summary.textContent;
          const t0 = performance.now();
          const obs = new MutationObserver(() => {
            if (summary.textContent === before) return;
            obs.disconnect();
            // Count the time until the frame that shows it is painted.
            requestAnimationFrame(() => done(performance.now() - t0));
          });
          obs.observe(summary, { subtree: true, characterData: true, childList: true });
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          setter.call(el, v);
          el.dispatchEvent(new Event('input', { bubbles: true }));
          setTimeout(() => fail(new Error('the preview did not change within 5 s')), 5000);
        }),
      value,
    );
    if (i > 0) times.push(ms); // the first edit warms up the JIT
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

/**
 * Drags node c50 of a 200-node graph (all 200 mounted, none virtualised) for two seconds and counts
 * animation frames. `zoomIn` first zooms to about 100 %, where one edits; without it the whole graph
 * is on screen at about 10 %, where a software-rendering Chromium spends its time rasterising edges.
 */
async function dragFps(page: Page, base: string, zoomIn: boolean): Promise<{ fps: number; moved: boolean }> {
  const graph = largeGraph(200);
  await page.goto(`${base}/playground`);
  await page.evaluate((g) => {
    localStorage.setItem('sluice.playground.draft', g);
    localStorage.setItem('sluice.playground.saved', g);
  }, JSON.stringify(graph));
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('.rule-node').length === 200);
  await page.waitForTimeout(300);
  const node = page.locator('[data-testid=node-c50]');
  if (zoomIn) {
    const b = (await node.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -300);
    await page.waitForTimeout(400);
  }
  const box = (await node.boundingBox())!;
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__run = true;
    const tick = () => { window.__frames++; if (window.__run) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  const t0 = Date.now();
  let i = 0;
  while (Date.now() - t0 < 2000) {
    i++;
    await page.mouse.move(x0 + 120 * Math.sin(i / 15), y0 + 80 * Math.cos(i / 15) - 80);
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __run: boolean };
    w.__run = false;
    return w.__frames;
  });
  const seconds = (Date.now() - t0) / 1000;
  await page.mouse.up();
  const after = (await node.boundingBox())!;
  return { fps: Math.round((frames / seconds) * 10) / 10, moved: after.x !== box.x || after.y !== box.y };
}

const dist = mkdtempSync(join(tmpdir(), 'sluice-web-'));
log('building apps/web…');
buildWeb(dist);
const size = firstLoadJsGzipKb(dist);
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  log('measuring preview refresh…');
  const refresh = await previewRefreshMs(page, server.url);
  log('measuring drag frame rate on a 200-node graph…');
  const drag = await dragFps(page, server.url, true);
  const dragAll = await dragFps(page, server.url, false);
  if (!drag.moved || !dragAll.moved) throw new Error('the dragged node did not move');
  const result = { firstLoadJsGzipKb: size, previewRefreshMs: refresh, dragFps: drag.fps, dragFpsWholeGraphOnScreen: dragAll.fps };
  if (json) console.log(JSON.stringify(result));
  else {
    console.log(`first-load JS (gzip)   ${size} KB   (target ≤ ${FIRST_LOAD_BUDGET_KB})`);
    console.log(`preview refresh        ${refresh} ms   (target ≤ 300, 200 records)`);
    console.log(`drag frame rate        ${drag.fps} fps  (target ≥ 30, 200 nodes, ~100 % zoom)`);
    console.log(`  whole graph on screen ${dragAll.fps} fps  (200 nodes at ~10 % zoom)`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dist, { recursive: true, force: true });
}
