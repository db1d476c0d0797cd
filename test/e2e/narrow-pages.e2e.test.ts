import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { horizontalOverflow } from './page-checks';
import { sandboxSyncAll } from './rule-graph.fixture';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * Every page at a phone's width (360×740 and 390×844), in Chromium against a real server: nothing
 * scrolls sideways (`document.documentElement.scrollWidth <= innerWidth`, and the main area likewise),
 * every connection tab is whole within the viewport, and no switch (the rules' direction) clips a button.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' }, viewport: { width: 360, height: 740 } });
  ({ sluice, page } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('every page at a phone width (Chromium)', () => {
  it('scrolls no page sideways at 360×740 or 390×844', async () => {
    await signInOrUp(page, sluice.url, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await callApi(page, 'sandbox.seed', undefined, 'mutation');
    const { id } = await callApi<{ id: string }>(
      page,
      'connections.create',
      { name: 'Sandbox both ways', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, rules: { aToB: sandboxSyncAll('aToB'), bToA: sandboxSyncAll('bToA') } },
      'mutation',
    );
    const pages: [string, RegExp | string][] = [
      ['/connections', 'Connections'],
      ['/connections/new', /New connection|Add a new connection|Choose/],
      ...(['rules', 'mappings', 'conflicts', 'history', 'versions', 'templates'] as const).map((tab): [string, string] => [`/connections/${id}/${tab}`, 'Sandbox both ways']),
      ['/templates', 'Templates'],
      ['/playground', /Playground/],
      ['/account', 'Account and members'],
      ['/audit', 'Audit log'],
      ['/alerts', 'Alerts'],
      ['/sandbox/crm', 'Sandbox apps'],
      ['/sandbox/outreach', 'Sandbox apps'],
      ['/join?token=not-a-real-token-at-all', 'This invitation cannot be used'],
      ['/no-such-page', /not found|No page/i],
    ];
    const found: string[] = [];
    for (const viewport of [
      { width: 360, height: 740 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      for (const [path, heading] of pages) {
        await page.goto(`${sluice.url}${path}`);
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await page.waitForLoadState('networkidle');
        const over = await horizontalOverflow(page);
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (widths.scroll > widths.inner || over.length > 0) found.push(`${viewport.width}px ${path}: ${over.join('; ')}`);
        // A scrolling tab row still hides tabs past the edge ("Tem…"): each tab must be whole in sight.
        const cutTabs = await page.evaluate(() =>
          [...document.querySelectorAll('nav.tabs a')].filter((a) => {
            const r = a.getBoundingClientRect();
            return r.left < 0 || r.right > window.innerWidth;
          }).map((a) => a.textContent ?? ''),
        );
        if (cutTabs.length > 0) found.push(`${viewport.width}px ${path}: tabs cut off: ${cutTabs.join(', ')}`);
        // A switch (direction, preview filter) clips a button past its rounded box without scrolling anything.
        const cutSwitches = await page.evaluate(() =>
          [...document.querySelectorAll('.segmented button')].filter((b) => {
            const box = b.parentElement!.getBoundingClientRect();
            return b.getBoundingClientRect().right > box.right + 1 || b.scrollWidth > b.clientWidth + 1;
          }).map((b) => b.textContent ?? ''),
        );
        if (cutSwitches.length > 0) found.push(`${viewport.width}px ${path}: switch buttons cut off: ${cutSwitches.join(', ')}`);
      }
    }
    expect(found).toEqual([]);
  });
});
