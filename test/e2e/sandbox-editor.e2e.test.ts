import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors, horizontalOverflow, seriousA11yViolations } from './page-checks';
import { sandboxSyncAll } from './rule-graph.fixture';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The sandbox table editor in Chromium against a real server, at a phone's width: a person added in
 * Sandbox CRM reaches Sandbox Outreach through a running two-way connection, and an edit made there
 * comes back. The sandbox starts empty (no demo contacts) so the records are the test's own.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' }, viewport: { width: 390, height: 844 } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

/** Reloads the sandbox page until `text` shows in its records (the connection syncs in the background). */
async function waitForRecordText(path: string, text: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto(`${sluice.url}${path}`);
        await page.getByRole('heading', { name: /records$/ }).waitFor();
        await page.locator('.sandbox-table, .state-empty').first().waitFor();
        return page.locator('main').innerText();
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toContain(text);
}

describe('sandbox table editor (Chromium, 390 px)', () => {
  it('adds a person in Sandbox CRM that a sync carries to Sandbox Outreach, and an edit there comes back', async () => {
    await signInOrUp(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });
    const noSeed = { seed: false };
    const created = await callApi<{ id: string }>(
      page,
      'connections.create',
      {
        name: 'Sandbox both ways',
        apps: { a: { connector: 'sandbox-crm', config: noSeed }, b: { connector: 'sandbox-outreach', config: noSeed } },
        rules: { aToB: sandboxSyncAll('aToB'), bToA: sandboxSyncAll('bToA') },
      },
      'mutation',
    );
    await callApi(page, 'connections.start', { id: created.id }, 'mutation');

    await page.goto(`${sluice.url}/sandbox/crm`);
    await page.getByRole('heading', { name: 'Sandbox CRM is empty' }).waitFor();
    await page.getByRole('button', { name: 'Add a person' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a person to Sandbox CRM' });
    await dialog.getByRole('button', { name: 'Add the person' }).click();
    await dialog.getByText('Not saved: Give the record at least a name or an email.').waitFor();
    await dialog.getByLabel('First name').fill('Grace');
    await dialog.getByLabel('Last name').fill('Hopper');
    await dialog.getByLabel('Email').fill('grace@example.com');
    await dialog.getByLabel('Labels').fill('vip, navy');
    await dialog.getByRole('button', { name: 'Add the person' }).click();
    await page.getByRole('row', { name: /Grace Hopper/ }).waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The connection runs after each edit: the person reaches the other app.
    await waitForRecordText('/sandbox/outreach', 'grace@example.com');
    await page.getByRole('button', { name: 'Edit Grace Hopper' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Grace Hopper' });
    await edit.getByLabel('Company').fill('US Navy');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /US Navy/ }).waitFor();

    // …and the edit made in Outreach comes back to the CRM.
    await waitForRecordText('/sandbox/crm', 'US Navy');
    expect(await horizontalOverflow(page)).toEqual([]);

    await page.getByRole('button', { name: 'Delete Grace Hopper' }).click();
    await page.getByRole('dialog', { name: 'Delete this person?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Sandbox CRM is empty' }).waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
