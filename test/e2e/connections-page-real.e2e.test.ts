import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './page-checks';
import { callApi, screenshotOnFailure, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

// The connections page as a user meets it: served by a real Sluice with its API and database, a
// connection listed with its state from the server, then a returning user's sign-out and sign-in.
// Each test sets up what it needs on its own server (this file's), so it can run alone.
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
const ada = { name: 'Ada', email: 'ada@example.com' };

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  await signUpFirstAccount(page, sluice.url, ada);
  await callApi(page, 'connections.create', { name: 'CRM to Outreach', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b' }, 'mutation');
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('connections page on a real server (Chromium)', () => {
  it('lists the connection from the API with its state, and has no serious accessibility violations', async () => {
    await page.goto(`${sluice.url}/connections`);
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await page.getByText('CRM to Outreach').waitFor();
    await expect.poll(() => page.getByTestId('connection-row-state').innerText()).toBe('Not started');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('signs a returning user out and back in with email and password, to the same connections', async () => {
    await page.goto(`${sluice.url}/connections`);
    await page.getByRole('button', { name: /^Account: Ada/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    // Signed out for real: the API refuses the old session.
    await expect(callApi(page, 'connections.list', {})).rejects.toThrow();

    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in to Sluice' }).count()).toBe(1);

    await page.getByLabel('Password').fill('a good password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    await page.getByText('CRM to Outreach').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
