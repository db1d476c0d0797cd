import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors, seriousA11yViolations } from './page-checks';
import { screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * Defects a new user met on the wizard, the connections list and the connection page, each reproduced
 * in Chromium against a real server: file apps in the wizard, one-way settings, a second mapping onto
 * one field, the list's sync-type wording and state badge, the resume button, the gallery's buttons
 * and what loads while the wizard's code arrives.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];
const ada = { name: 'Ada', email: 'ada@example.com' };
/** A connection name as long as the ones the wizard suggests, which made the gallery's buttons overflow. */
const listed = 'Sandbox CRM ↔ Sandbox Outreach (listed)';

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

async function pickApps(a: string, b: string): Promise<void> {
  await page.goto(`${sluice.url}/connections/new`);
  await page.getByRole('radiogroup', { name: 'App A' }).getByText(a, { exact: true }).click();
  await page.getByRole('radiogroup', { name: 'App B' }).getByText(b, { exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: '2. Grant access' }).waitFor();
}

describe('connection screens (Chromium)', () => {
  it('says it is loading the wizard, not the editor, while the wizard loads', async () => {
    await signInOrUp(page, sluice.url, ada);
    let release!: () => void;
    const held = new Promise<void>((ok) => (release = ok));
    await page.route(/\/assets\/ConnectionWizard-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('link', { name: 'Add a new connection' }).click();
    await page.getByRole('status').filter({ hasText: 'Loading the wizard…' }).waitFor();
    expect(await page.getByText('Loading the editor…').count()).toBe(0);
    release();
    await page.getByRole('heading', { name: '1. Select apps' }).waitFor();
    await page.unroute(/\/assets\/ConnectionWizard-[^/]*\.js$/);
  });

  it('names the files folder at the access step, reads a CSV and a JSONL file’s fields with their paths, and will not go on while a path is refused', async () => {
    await signInOrUp(page, sluice.url, ada);
    await pickApps('CSV file', 'JSON Lines file');
    // Where the files live is said at this step, not only in an error at the end.
    const folder = page.getByText(/Files live in your workspace's folder on the server/).first();
    expect(await folder.innerText()).toMatch(/\/files\/[^/\s]+/);
    const paths = page.getByLabel('File name');
    await paths.nth(0).fill('../elsewhere.csv');
    await paths.nth(1).fill('people.jsonl');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: '3. Configure' }).waitFor();
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain("climbs out of this workspace's files folder");
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByText("The apps' fields must load first").waitFor();

    await page.getByRole('button', { name: 'Back' }).click();
    await paths.nth(0).fill('people.csv');
    await page.getByRole('button', { name: 'Next' }).click();
    for (const group of ['Sync type', 'Conflicts', 'Field mappings']) await page.getByRole('group', { name: group }).waitFor();
    expect(await page.getByText("Could not load the apps' fields").count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(false);
  });

  it('offers no “both ways” on a one-way connection and refuses a second mapping onto one field with a sentence', async () => {
    await signInOrUp(page, sluice.url, ada);
    await pickApps('Sandbox CRM', 'Sandbox Outreach');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('group', { name: 'Field mappings' }).waitFor();
    await page.getByLabel(/One-way: Sandbox CRM → Sandbox Outreach/).check();
    const conflicts = page.getByRole('group', { name: 'Conflicts' });
    expect(await conflicts.innerText()).not.toContain('written to both');
    expect(await conflicts.innerText()).toContain('Sandbox CRM is never written');
    const mappings = page.getByRole('group', { name: 'Field mappings' });
    expect(await mappings.getByRole('option', { name: 'both ways' }).count()).toBe(0);

    await page.getByLabel('Sandbox CRM field').selectOption('custom.industry');
    await page.getByLabel('Sandbox Outreach field').selectOption('custom.snippet1');
    await page.getByRole('button', { name: 'Add field mapping' }).click();
    await page.getByTestId('mapping-custom.industry-custom.snippet1').waitFor();
    await page.getByLabel('Sandbox CRM field').selectOption('company');
    await page.getByLabel('Sandbox Outreach field').selectOption('custom.snippet1');
    await page.getByRole('button', { name: 'Add field mapping' }).click();
    await expect.poll(() => mappings.getByRole('alert').innerText()).toContain('already takes its value from Sandbox CRM');
    expect(await page.getByTestId('mapping-company-custom.snippet1').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('lists a connection as “A ⇄ B” with its state on one line, and resumes a paused one with “Resume syncing”', async () => {
    await signInOrUp(page, sluice.url, ada);
    await pickApps('Sandbox CRM', 'Sandbox Outreach');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('group', { name: 'Field mappings' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Connection name').fill(listed);
    await page.getByRole('button', { name: 'Start syncing now!' }).click();
    await page.getByRole('heading', { name: 'Runs' }).waitFor();

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume syncing' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    await page.getByRole('link', { name: 'Connections', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: listed });
    await row.waitFor();
    const apps = await row.getByRole('cell').nth(1).innerText();
    expect(apps.replace(/\s+/g, ' ').trim()).toBe('Sandbox CRM ⇄ Sandbox Outreach');
    expect(await row.getByRole('img', { name: 'two-way sync' }).count()).toBe(1);
    const badge = row.getByTestId('connection-row-state');
    const box = await badge.evaluate((el) => ({ height: el.getBoundingClientRect().height, clipped: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight }));
    expect(box).toEqual({ height: 20, clipped: false });
  });

  it('keeps each template’s apply button inside its card', async () => {
    await signInOrUp(page, sluice.url, ada);
    await page.getByRole('link', { name: 'Templates', exact: true }).click();
    await page.getByLabel('Apply to connection (first direction)').selectOption({ label: listed });
    const cards = page.locator('.gallery-card');
    expect(await cards.count()).toBeGreaterThan(0);
    const outside = await cards.evaluateAll((list) =>
      list.flatMap((card) => {
        const c = card.getBoundingClientRect();
        return [...card.querySelectorAll('button')].filter((b) => b.getBoundingClientRect().right > c.right + 0.5).map((b) => b.textContent);
      }),
    );
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
