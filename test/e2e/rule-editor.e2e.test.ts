import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors } from './page-checks';
import { dealsAreVips } from './rule-graph.fixture';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The rules editor as issue 19 found it, in Chromium against a real server: Enter on a focused wire
 * did not select it; after Delete on a wire or Connect in the inspector, focus fell to the page and
 * Ctrl+Z did nothing; "1 wires"; the preview did not say it was a sample and showed field paths. And
 * the canvas by touch on a 390 × 844 phone: select, connect, pan and pinch-zoom.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];
let connectionId: string;
const ada = { name: 'Ada', email: 'ada@example.com' };

const rule = dealsAreVips();

const wire = (p: Page, key: string) => p.locator(`.react-flow__edge[data-id="${key}"]`);
/** Where focus is: a canvas node or wire, or elsewhere (`body` when it fell to the page). */
const focusedIn = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.closest('.react-flow') ? 'canvas' : el.tagName.toLowerCase();
  });

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
  await signInOrUp(page, sluice.url, ada);
  await callApi(page, 'sandbox.seed', undefined, 'mutation');
  ({ id: connectionId } = await callApi<{ id: string }>(
    page,
    'connections.create',
    { name: 'VIPs', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b', rules: { aToB: rule } },
    'mutation',
  ));
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('the rules editor (Chromium)', () => {
  it('says the preview is a sample of N records and names changed fields, not their paths', async () => {
    await page.goto(`${sluice.url}/connections/${connectionId}/rules`);
    const sample = page.getByTestId('preview-sample');
    await expect.poll(() => sample.innerText(), { timeout: 30_000 }).toMatch(/^A sample of [1-9]\d* records: the first [1-9]\d* records of Sandbox CRM\. The sync itself reads every record\.$/);
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByRole('button', { name: /^Sync \d+/ }).click();
    await preview.getByRole('list', { name: 'Sample records' }).getByRole('button').first().click();
    const changed = preview.getByRole('table');
    await expect.poll(() => changed.locator('tbody td').first().innerText()).toBe('Tags');
    expect(await changed.locator('tbody td').first().getAttribute('title')).toBe('tags');
    expect(await changed.locator('code').count()).toBe(0);
  });

  it('selects a focused wire with Enter, and undoes a Delete and a Connect with Ctrl+Z with no click in between', async () => {
    await page.goto(`${sluice.url}/connections/${connectionId}/rules`);
    await page.getByTestId('node-in').waitFor();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });

    // Enter on a focused wire selects it.
    await wire(page, 'in->c1:then').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => wire(page, 'in->c1:then').getAttribute('class')).toContain('selected');

    // Delete removes it; focus stays in the canvas, so Ctrl+Z brings it back.
    await page.keyboard.press('Delete');
    await wire(page, 'in->c1:then').waitFor({ state: 'detached' });
    expect(await focusedIn(page)).toBe('canvas');
    await page.keyboard.press('Control+z');
    await wire(page, 'in->c1:then').waitFor();

    // Connect in the inspector: remove a1's wire to Sync, wire it again, then undo the Connect.
    await page.getByTestId('node-a1').click();
    await inspector.getByRole('button', { name: 'Remove wire to out' }).click();
    await wire(page, 'a1->out:then').waitFor({ state: 'detached' });
    await inspector.getByLabel('Wire to').selectOption('out');
    await inspector.getByRole('button', { name: 'Connect' }).click();
    await wire(page, 'a1->out:then').waitFor();
    expect(await focusedIn(page)).not.toBe('body');
    await page.keyboard.press('Control+z');
    await wire(page, 'a1->out:then').waitFor({ state: 'detached' });

    // With two wires left, delete one: the rule's summary counts "1 wire".
    await wire(page, 'c1->a1:then').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await wire(page, 'c1->a1:then').waitFor({ state: 'detached' });
    await expect.poll(() => inspector.innerText()).toMatch(/· 4 nodes · 1 wire\b/);
    expect(await page.locator('main').innerText()).not.toContain('1 wires');
    expect(consoleErrors).toEqual([]);
  });

  it('works by touch on a 390 × 844 phone: tap selects, a drag from a handle connects, one finger pans, two fingers zoom', async () => {
    const phone: BrowserContext = await session!.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      await phone.addCookies(await page.context().cookies());
      const p = await phone.newPage();
      const errors = collectConsoleErrors(p);
      await p.goto(`${sluice.url}/connections/${connectionId}/rules`);
      const node = (id: string) => p.getByTestId(`node-${id}`);
      await node('in').waitFor();
      const canvas = p.locator('.react-flow');
      // The whole canvas on screen (it is shorter than the phone), so every touch lands on it.
      await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      const cdp = await phone.newCDPSession(p);
      const transform = () => p.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform));

      // Tap selects a node.
      await node('c1').tap();
      await expect.poll(() => p.locator('.react-flow__node[data-id="c1"]').getAttribute('class')).toContain('selected');

      // A finger drawn from c1's "else" handle to Sync's input wires them.
      const from = await center(p.locator('.react-flow__node[data-id="c1"] .react-flow__handle[data-handleid="else"]'));
      const to = await center(p.locator('.react-flow__node[data-id="out"] .react-flow__handle[data-handleid="in"]'));
      await touchDrag(cdp, [from], [to]);
      await wire(p, 'c1->out:else').waitFor();

      // One finger on the empty canvas pans it.
      const box = (await canvas.boundingBox())!;
      const before = await transform();
      const start = { x: box.x + box.width / 2, y: box.y + box.height - 20 };
      await touchDrag(cdp, [start], [{ x: start.x - 80, y: start.y - 40 }]);
      await expect.poll(async () => (await transform()).e).toBeLessThan(before.e - 40);
      const panned = await transform();
      expect(panned.a).toBeCloseTo(before.a, 5);

      // Two fingers moving apart zoom in.
      const mid = { x: box.x + box.width / 2, y: box.y + box.height - 60 };
      await touchDrag(
        cdp,
        [
          { x: mid.x - 20, y: mid.y },
          { x: mid.x + 20, y: mid.y },
        ],
        [
          { x: mid.x - 90, y: mid.y },
          { x: mid.x + 90, y: mid.y },
        ],
      );
      await expect.poll(async () => (await transform()).a).toBeGreaterThan(panned.a * 1.5);
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

async function center(locator: ReturnType<Page['locator']>): Promise<{ x: number; y: number }> {
  const b = (await locator.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Fingers put down at `from`, moved in steps to `to`, lifted: touch events as a phone sends them. */
async function touchDrag(cdp: CDPSession, from: { x: number; y: number }[], to: { x: number; y: number }[]): Promise<void> {
  const points = (t: number) => from.map((f, i) => ({ x: f.x + (to[i]!.x - f.x) * t, y: f.y + (to[i]!.y - f.y) * t, id: i }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(0) });
  for (let step = 1; step <= 10; step++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(step / 10) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
