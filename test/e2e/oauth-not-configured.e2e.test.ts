import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors, seriousA11yViolations } from './page-checks';
import { screenshotOnFailure, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * Google Contacts on a server whose operator has not registered a Google OAuth client: the wizard says
 * so, names the settings and the redirect URL to register, and never asks anyone for OAuth tokens.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  for (const name of Object.keys(env)) if (name.startsWith('SLUICE_GOOGLE_')) delete env[name];
  session = await startSluiceSession({ env });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('Google Contacts without an OAuth client (Chromium)', () => {
  it('tells the operator what to set and shows no token field', async () => {
    await signUpFirstAccount(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });
    await page.getByRole('link', { name: 'Add a new connection' }).click();
    await page.getByLabel('Search apps for App A').fill('google');
    await page.getByRole('radiogroup', { name: 'App A' }).getByText('Google Contacts').click();
    await page.getByRole('radiogroup', { name: 'App B' }).getByText('Sandbox Outreach').click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: '2. Grant access' }).waitFor();

    const note = page.getByRole('note', { name: 'Google Contacts is not set up on this server' });
    const text = await note.innerText();
    expect(text).toContain('SLUICE_GOOGLE_CLIENT_ID and SLUICE_GOOGLE_CLIENT_SECRET');
    expect(text).toContain(`${sluice.url}/oauth/callback`);
    expect(text).toContain('docs/operations.md');
    expect(await page.getByRole('button', { name: 'Connect with Google Contacts' }).count()).toBe(0);
    expect(await page.getByLabel(/token/i).count()).toBe(0);
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
