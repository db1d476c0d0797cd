import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { pageReview } from './page-checks';
import { screenshotOnFailure, startSluiceSession, type SluiceSession } from './sluice-session';
import { repoRoot } from './web-build';

/**
 * Issue 19's newcomer journey, walked in Chromium against a real server as a person does it, once on a
 * laptop (1440×900) and once on a phone (390×844): sign up, connect Sandbox CRM ⇄ Sandbox Outreach both
 * ways with the wizard, start it, see the run finish and read its history; then drop a Google Contacts
 * export into the workspace's files folder (the one the wizard names) and sync it one way into a JSON
 * Lines file. On every page reached: nothing scrolls sideways, no serious or critical axe violation, no
 * console error. Sign-up is open so each size is a newcomer with a workspace of their own.
 * With SLUICE_SCREENSHOTS=1 the README's screenshots are saved to docs/screenshots/ (`-narrow` at 390).
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let context: BrowserContext | undefined;
let page: Page | undefined;
const googleExport = join(repoRoot, 'docs/examples/csv-exports/google-contacts.csv');

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent', SLUICE_SIGNUP: 'open' } });
  sluice = session.sluice;
  await session.page.close();
});

afterEach(async (ctx) => {
  await screenshotOnFailure(page, ctx);
  await context?.close();
  context = page = undefined;
});

afterAll(async () => {
  await session?.close();
});

/** Opens the main navigation's link `name`: in the side bar when wide, behind the menu button when narrow. */
async function navigate(p: Page, name: string): Promise<void> {
  const menu = p.getByRole('button', { name: 'Open the menu' });
  if (await menu.isVisible()) await menu.click();
  await p.getByRole('navigation', { name: 'Main' }).filter({ visible: true }).getByRole('link', { name, exact: true }).click();
}

async function walkTheQuickstart(viewport: { width: number; height: number }, who: { name: string; email: string }): Promise<string[]> {
  context = await session!.browser.newContext({ viewport });
  const p = (page = await context.newPage());
  const { problems, check, shot } = pageReview(p);

  // Sign up: the first account on a fresh install, or a new one where sign-up is open.
  await p.goto(`${sluice.url}/`);
  const gate = p.getByRole('heading', { name: /^(Create the first account|Sign in to Sluice)$/ });
  await gate.waitFor();
  await check('sign-up');
  if ((await gate.innerText()) === 'Sign in to Sluice') {
    await p.getByRole('button', { name: 'No account yet? Create account' }).click();
    await p.getByRole('heading', { name: 'Create an account' }).waitFor();
  }
  await p.getByLabel('Your name').fill(who.name);
  await p.getByLabel('Email').fill(who.email);
  await p.getByLabel('Password').fill('a good password');
  await p.getByRole('button', { name: 'Sign up' }).click();
  await p.getByRole('heading', { name: 'No connections yet' }).waitFor();
  await check('connections (empty)');

  // Sandbox CRM ⇄ Sandbox Outreach, both ways, through the wizard.
  await p.getByRole('link', { name: 'Add a new connection' }).click();
  await p.getByRole('heading', { name: '1. Select apps' }).waitFor();
  await check('wizard: select apps');
  await p.getByRole('radiogroup', { name: 'App A' }).getByText('Sandbox CRM', { exact: true }).click();
  await p.getByRole('radiogroup', { name: 'App B' }).getByText('Sandbox Outreach', { exact: true }).click();
  await shot('wizard-apps');
  await p.getByRole('button', { name: 'Next' }).click();
  await p.getByRole('heading', { name: '2. Grant access' }).waitFor();
  await check('wizard: grant access (sandbox)');
  await p.getByRole('button', { name: 'Next' }).click();
  await p.getByRole('heading', { name: '3. Configure' }).waitFor();
  await p.getByRole('group', { name: 'Field mappings' }).waitFor();
  expect(await p.getByLabel(/Two-way/).isChecked()).toBe(true);
  await check('wizard: configure (sandbox)');
  await shot('wizard-configure');
  await p.getByRole('button', { name: 'Next' }).click();
  await p.getByRole('heading', { name: '4. Start' }).waitFor();
  await check('wizard: start (sandbox)');
  await p.getByLabel('Connection name').fill('CRM and Outreach');
  await p.getByRole('button', { name: 'Start syncing now!' }).click();

  // The run finishes on the page, with records created; then its history, with a record's story.
  await p.getByRole('heading', { name: 'Runs' }).waitFor();
  const firstRun = p.getByTestId('run').first();
  await expect.poll(() => firstRun.innerText(), { timeout: 60_000 }).toMatch(/finished[\s\S]*Created\s+[1-9]/);
  const events = p.getByRole('region', { name: 'Record events' });
  await expect.poll(() => events.locator('tbody tr').first().innerText(), { timeout: 20_000 }).toMatch(/@/);
  await check('history (sandbox)');
  await events.locator('tbody tr button').first().click();
  const story = p.getByRole('region', { name: 'Record story' });
  await expect.poll(() => story.locator('.story-event').count()).toBeGreaterThan(0);
  await check('record story (sandbox)');
  await shot('history');

  // The rules both ways, as drawn for a new connection: everyone syncs.
  await p.getByRole('navigation', { name: 'Connection' }).getByRole('link', { name: 'Rules', exact: true }).click();
  await p.locator('[data-testid=node-in]').waitFor();
  await check('rules (sandbox)');
  await shot('rule-editor');

  await navigate(p, 'Connections');
  await p.getByRole('link', { name: 'CRM and Outreach' }).waitFor();
  await check('connections (one)');

  // CSV → JSONL: the Google Contacts export goes in the folder the access step names.
  await p.getByRole('link', { name: 'Add a new connection' }).click();
  await p.getByRole('radiogroup', { name: 'App A' }).getByText('CSV file', { exact: true }).click();
  await p.getByRole('radiogroup', { name: 'App B' }).getByText('JSON Lines file', { exact: true }).click();
  await p.getByRole('button', { name: 'Next' }).click();
  await p.getByRole('heading', { name: '2. Grant access' }).waitFor();
  const folder = (await p.getByText(/Files live in your workspace's folder on the server/).first().locator('code').first().innerText()).trim();
  copyFileSync(googleExport, join(folder, 'google-contacts.csv'));
  const paths = p.getByLabel('File name');
  await paths.nth(0).fill('google-contacts.csv');
  await paths.nth(1).fill('people.jsonl');
  await check('wizard: grant access (files)');
  await p.getByRole('button', { name: 'Next' }).click();
  await p.getByRole('heading', { name: '3. Configure' }).waitFor();
  await p.getByRole('group', { name: 'Field mappings' }).waitFor();
  await p.getByLabel(/One-way: CSV file → JSON Lines file/).check();
  await check('wizard: configure (files)');
  await p.getByRole('button', { name: 'Next' }).click();
  await p.getByRole('heading', { name: '4. Start' }).waitFor();
  await check('wizard: start (files)');
  await p.getByLabel('Connection name').fill('Google export to JSONL');
  await p.getByRole('button', { name: 'Start syncing now!' }).click();
  await p.getByRole('heading', { name: 'Runs' }).waitFor();
  await expect.poll(() => firstRun.innerText(), { timeout: 60_000 }).toMatch(/finished[\s\S]*Created\s+2 in JSON Lines file/);
  await expect.poll(() => events.innerText(), { timeout: 20_000 }).toContain('ada@engines.example');
  await check('history (files)');

  await navigate(p, 'Connections');
  await p.getByRole('link', { name: 'Google export to JSONL' }).waitFor();
  await check('connections (two)');
  await shot('connections');
  return problems;
}

describe('a newcomer walks the quickstart (Chromium)', () => {
  it('at 1440×900: sign-up, Sandbox ⇄ Sandbox and CSV → JSONL to finished runs and their history, every page without sideways scroll, axe serious/critical or console errors', async () => {
    expect(await walkTheQuickstart({ width: 1440, height: 900 }, { name: 'Grace Hopper', email: 'grace@example.com' })).toEqual([]);
  });

  it('at 390×844: the same journey, every page without sideways scroll, axe serious/critical or console errors', async () => {
    expect(await walkTheQuickstart({ width: 390, height: 844 }, { name: 'Katherine Johnson', email: 'katherine@example.com' })).toEqual([]);
  });
});
