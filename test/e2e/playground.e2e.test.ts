import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { buildWeb, repoRoot, serveStatic, type StaticServer } from './web-build';

/**
 * The rule editor in Chromium, on the production build, as a user meets it in the playground:
 * drag from the palette, wire handles, edit in the inspector, watch the preview, undo, export,
 * import, reload. No server needed. Each test starts from the example rule with no saved draft.
 * Screenshots of failures go to test-results/.
 */
let dist: string;
let server: StaticServer;
let browser: Browser;
let page: Page;

const axeSource = readFileSync(join(repoRoot, 'test/node_modules/axe-core/axe.min.js'), 'utf8');

async function seriousA11yViolations(p: Page): Promise<string[]> {
  await p.addScriptTag({ content: axeSource });
  const result = (await p.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const nodeCount = () => page.locator('.react-flow__node').count();
const summary = () => page.locator('.preview-head .hint').innerText();

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'sluice-web-e2e-'));
  buildWeb(dist);
  server = await serveStatic(dist);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
});

// The playground keeps its draft in localStorage: forget it, so every test opens the example rule.
beforeEach(async () => {
  await page.goto(`${server.url}/playground`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('[data-testid=node-c2]').waitFor();
  expect(await nodeCount()).toBe(7);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-results', `${ctx.task.name.replace(/\W+/g, '-')}.png`) });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe('rule editor playground (Chromium)', () => {
  it('opens the example rule with a preview of 200 records', async () => {
    expect(await nodeCount()).toBe(7);
    expect(await summary()).toMatch(/^\d+ of 200 would sync/);
    expect(await page.getByTestId('validity').innerText()).toBe('Valid');
  });

  it('drags a condition from the palette onto the canvas and wires its then handle to sync', async () => {
    await page.dragAndDrop('[data-palette-key=unsubscribed]', '.canvas', { targetPosition: { x: 120, y: 60 } });
    expect(await nodeCount()).toBe(8);
    const added = page.locator('.react-flow__node.selected');
    await expect.poll(() => added.innerText()).toContain('Is unsubscribed');
    const id = (await added.getAttribute('data-id'))!;
    // An unwired node cannot be reached: validation names it.
    await expect.poll(() => page.getByTestId('validity').innerText()).toMatch(/warning/);
    await page.dragAndDrop(`.react-flow__node[data-id="${id}"] .react-flow__handle[data-handleid="then"]`, '.react-flow__node[data-id="out"] .react-flow__handle[data-handleid="in"]');
    await expect.poll(() => page.locator(`.react-flow__edge[data-id="${id}->out:then"]`).count()).toBe(1);
  });

  it('adds and wires a node with the keyboard only', async () => {
    await page.locator('[data-testid=node-c1]').click();
    await page.locator('[data-palette-key=addTag]').focus();
    await page.keyboard.press('Enter');
    expect(await nodeCount()).toBe(8);
    await expect.poll(() => page.locator('.react-flow__edge[data-id="c1->a3:then"]').count()).toBe(1);
    // Undo and redo with the keyboard.
    await page.keyboard.press('Control+z');
    expect(await nodeCount()).toBe(7);
    await page.keyboard.press('Control+Shift+z');
    expect(await nodeCount()).toBe(8);
  });

  it('updates the preview after an inspector edit and shows the impact', async () => {
    await page.locator('[data-testid=node-c2]').click();
    const before = await summary();
    await page.getByLabel('Value').fill('2');
    await expect.poll(summary).not.toBe(before);
    await expect.poll(() => page.getByRole('button', { name: /Impact of your changes/ }).count()).toBe(1);
  });

  it('highlights the path of the hovered record and filters by the selected node', async () => {
    await page.locator('.preview-row').first().hover();
    await expect.poll(() => page.locator('.rule-node.is-highlighted').count()).toBeGreaterThan(2);
    await page.locator('[data-testid=node-c2]').click();
    await page.getByRole('button', { name: /^Stopped at “.+”$/ }).click();
    // c2 has an else branch, so nothing is stopped there: the list says so instead of going blank.
    await expect.poll(() => page.locator('.preview-list').innerText()).toContain('No record matches');
  });

  it('shows a validation error on the node at fault', async () => {
    await page.locator('[data-testid=node-c3]').click();
    await page.getByLabel('Field').selectOption('email');
    await page.getByLabel('Comparison').selectOption('matches');
    await page.getByLabel('Value').fill('([a-z');
    await expect.poll(() => page.locator('[data-testid=node-c3] .rule-node-issue').innerText()).toContain('This pattern is not a regular expression');
    await page.getByLabel('Value').fill('^.+@acme');
    await expect.poll(() => page.locator('[data-testid=node-c3] .rule-node-issue').count()).toBe(0);
  });

  it('exports the sluice.graph/v1 document, imports it back, and keeps the draft over a reload', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    const file = await download.path();
    const graph = JSON.parse(readFileSync(file!, 'utf8'));
    expect(graph.format).toBe('sluice.graph/v1');
    expect(Object.keys(graph.layout)).toHaveLength(graph.nodes.length);
    const renamed = { ...graph, name: 'Imported copy' };
    await page.getByLabel('Import a rule file').setInputFiles({
      name: 'copy.graph.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(renamed)),
    });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported' }).count()).toBe(1);
    await page.reload();
    await page.locator('[data-testid=node-c2]').waitFor();
    await page.getByRole('button', { name: 'Dismiss' }).count();
    expect(await page.getByLabel('Name').inputValue()).toBe('Imported copy');
    expect(await nodeCount()).toBe(graph.nodes.length);
  });

  it('refuses a file that is not a rule, naming the problem', async () => {
    await page.getByLabel('Import a rule file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"x"}') });
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('bad.json is not a sluice.graph/v1 rule');
  });

  it('has no serious accessibility violations on the editor and the connections page', async () => {
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${server.url}/connections`);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
