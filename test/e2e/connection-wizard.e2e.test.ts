import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { seriousA11yViolations } from './page-checks';
import { screenshotOnFailure, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * A new user on a fresh server goes through the quickstart in the browser: signs up, adds a
 * connection between the two sandbox apps with the wizard (winning app, a field mapping), starts it,
 * sees records synced and the run in History, exports the rules as a template, imports them into a
 * second connection, and finds everything as left after a reload. Screenshots of failures go to
 * test-results/ (the README's screenshots come from newcomer-journey.e2e.test.ts).
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let data: string;

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' }, acceptDownloads: true });
  ({ sluice, page, data } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

/** Confirms the dialog that applying or importing a template opens, and waits for the rules to be applied. */
async function replaceWhenAsked(): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Replace the rules Sandbox CRM → Sandbox Outreach?' });
  await dialog.getByRole('button', { name: 'Replace and apply' }).click();
  await page.getByRole('status').filter({ hasText: /^Applied to Sandbox CRM → Sandbox Outreach( · its \d+ tests? pass)?\.$/ }).waitFor();
}

/** Goes through the wizard between the two sandbox apps, up to its last step. */
async function wizardToLastStep(configure?: () => Promise<void>): Promise<void> {
  await page.getByRole('link', { name: 'Add a new connection' }).click();
  await page.getByLabel('Search apps for App A').fill('sandbox');
  await page.getByRole('radiogroup', { name: 'App A' }).getByText('Sandbox CRM').click();
  await page.getByRole('radiogroup', { name: 'App B' }).getByText('Sandbox Outreach').click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: '2. Grant access' }).waitFor();
  expect(await page.getByText('No key needed').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: '3. Configure' }).waitFor();
  await page.getByRole('group', { name: 'Field mappings' }).waitFor();
  await configure?.();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: '4. Start' }).waitFor();
}

describe('connection wizard, history and templates against the server (Chromium)', () => {
  it('goes from sign-up to a synced connection, shares its rules as a template, and keeps everything after a reload', async () => {
    await signUpFirstAccount(page, sluice.url, { name: 'Grace', email: 'grace@example.com' });

    // 1 → 3: the sandbox apps need no keys; Outreach wins conflicts; Industry → Snippet 1 mapped.
    await wizardToLastStep(async () => {
      await page.getByLabel('Sandbox Outreach wins').check();
      await page.getByLabel('Sandbox CRM field').selectOption('deals.count');
      await page.getByLabel('Sandbox Outreach field').selectOption('tags');
      await page.getByRole('button', { name: 'Add field mapping' }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toContain('cannot be mapped');
      await page.getByLabel('Sandbox CRM field').selectOption('custom.industry');
      await page.getByLabel('Sandbox Outreach field').selectOption('custom.snippet1');
      await page.getByRole('button', { name: 'Add field mapping' }).click();
      await page.getByTestId('mapping-custom.industry-custom.snippet1').waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
    });
    await page.getByLabel('Connection name').fill('CRM and Outreach');
    await page.getByRole('button', { name: 'Start syncing now!' }).click();

    // History: the initial run with records created, their events, and one record's story.
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await expect.poll(() => page.getByTestId('run').first().innerText(), { timeout: 60_000 }).toMatch(/finished[\s\S]*Created\s+[1-9]/);
    await expect.poll(async () => Number(await page.locator('.health-ok strong').first().innerText()), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('.event-row button').first().click();
    await page.getByRole('button', { name: 'Resync this record' }).waitFor();
    await expect.poll(() => page.locator('.story-event').count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Templates: apply a gallery template, export it as a file.
    await page.getByRole('link', { name: 'Templates', exact: true }).last().click();
    await page.getByRole('radiogroup', { name: 'Direction' }).getByText('Sandbox CRM → Sandbox Outreach').click();
    await page.getByRole('button', { name: /Apply to Sandbox CRM → Sandbox Outreach: Prospects without deals/ }).click();
    // Applying replaces live rules, so it asks first (templates-apply.e2e tests the dialog itself).
    await replaceWhenAsked();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as template' }).click()]);
    const file = join(data, 'exported.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; nodes: { id: string }[] };
    expect(exported.format).toBe('sluice.graph/v1');
    expect(exported.nodes.map((n) => n.id)).toContain('c1');

    // A second connection, saved without starting; the exported file imported into it.
    await page.getByRole('link', { name: 'Connections', exact: true }).click();
    await wizardToLastStep();
    await page.getByLabel('Connection name').fill('Second connection');
    await page.getByRole('button', { name: 'Save and draw rules first' }).click();
    await page.locator('[data-testid=node-in]').waitFor();
    await page.getByRole('link', { name: 'Templates', exact: true }).last().click();
    await page.getByRole('radiogroup', { name: 'Direction' }).getByText('Sandbox CRM → Sandbox Outreach').click();
    await page.getByLabel('Template file (.json)').setInputFiles(file);
    await replaceWhenAsked();

    // Everything as left, after a reload.
    await page.reload();
    await page.getByRole('link', { name: 'Rules', exact: true }).click();
    await page.locator('[data-testid=node-c1]').waitFor();
    await page.getByRole('link', { name: 'Connections', exact: true }).first().click();
    await page.getByRole('link', { name: 'Second connection' }).waitFor();
    await expect.poll(() => page.locator('.health-compact').count()).toBe(2);
    await page.getByRole('link', { name: 'CRM and Outreach' }).click();
    await page.getByRole('link', { name: 'Conflicts', exact: true }).click();
    expect(await page.getByLabel('Sandbox Outreach wins').isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Mappings', exact: true }).click();
    await page.getByTestId('mapping-custom.industry-custom.snippet1').waitFor();
    await page.getByRole('link', { name: 'Rules', exact: true }).click();
    await page.getByRole('button', { name: 'Sandbox CRM → Sandbox Outreach' }).click();
    await page.locator('[data-testid=node-c1]').waitFor();
  });
});
