import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { liveListenerCount } from '@sluice/api/testing';
import { callApi, screenshotOnFailure, signInOrUp, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The web app against a real Sluice (API, embedded database, sandbox apps) on a fresh data folder:
 * the first account signs up, a connection between the two sandbox apps is listed, its rules are
 * edited on the canvas with the server's sample records in the preview, saved, and still there
 * after a reload. Each test after the first signs in (or up, when run alone) and makes its own
 * connection through the API.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
const ada = { name: 'Ada', email: 'ada@example.com' };

/** A new, not started connection from Sandbox CRM to Sandbox Outreach, after seeding the sandbox. */
async function createConnection(name: string): Promise<{ id: string; name: string }> {
  await callApi(page, 'sandbox.seed', undefined, 'mutation');
  return callApi(
    page,
    'connections.create',
    { name, apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b' },
    'mutation',
  );
}

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('connection rules against the server (Chromium)', () => {
  it('signs up the first account and shows an empty connections list', async () => {
    await signUpFirstAccount(page, sluice.url, ada);
  });

  it('lists a connection and edits, previews and saves its rules', async () => {
    await signInOrUp(page, sluice.url, ada);
    const created = await createConnection('CRM to Outreach');
    expect(created.name).toBe('CRM to Outreach');
    await page.reload();
    await page.getByRole('link', { name: 'CRM to Outreach' }).click();
    await page.locator('[data-testid=node-in]').waitFor();
    // A direction without saved rules is named after the apps as people know them, not their ids.
    const rule = page.locator('.inspector-section').filter({ has: page.getByRole('heading', { name: 'Rule', exact: true }) });
    expect(await rule.getByLabel('Name', { exact: true }).inputValue()).toBe('Sandbox CRM → Sandbox Outreach');
    expect(await rule.innerText()).toContain('Sandbox CRM → Sandbox Outreach · 2 nodes · 1 wire');
    // The preview runs on the sandbox's records, fetched by the server.
    await expect.poll(() => page.locator('.preview-head .hint').innerText(), { timeout: 30_000 }).toMatch(/^\d+ of [1-9]\d* would sync/);

    // Start → Has no deals → Add tag → Sync from the palette: each item lands on the wire after the selected node.
    await page.locator('[data-testid=node-in]').click();
    await page.locator('[data-palette-key=noDeals]').click();
    await page.locator('[data-palette-key=addTag]').click();
    await expect.poll(() => page.getByTestId('validity').innerText()).toBe('Valid');
    await expect.poll(() => page.getByRole('button', { name: /Impact of your changes/ }).innerText()).toMatch(/\d+ records? stops? syncing/);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Saved' }).count()).toBe(1);
    await page.reload();
    await page.locator('[data-testid=node-c1]').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(4);
    expect(await page.locator('[data-testid=node-c1]').innerText()).toContain('Has no deals');
  });

  it('shows the connection starting and syncing on the list as it happens, with no reload and no polling', async () => {
    await signInOrUp(page, sluice.url, ada);
    const { id } = await createConnection('Live on the list');
    await page.goto(`${sluice.url}/connections`);
    const row = page.getByRole('row').filter({ hasText: 'Live on the list' });
    const state = row.getByTestId('connection-row-state');
    await expect.poll(() => state.innerText()).toBe('Not started');
    const listRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('connections.list')) listRequests.push(r.url());
    });
    // The page's live stream starts "from now on": act once the server counts it as listening.
    const { id: workspaceId } = await callApi<{ id: string }>(page, 'workspace.get', {});
    await expect.poll(() => liveListenerCount(sluice.store, workspaceId)).toBe(1);
    await callApi(page, 'connections.start', { id }, 'mutation');
    const requestsBySetup = listRequests.length; // none expected: the start above calls no list
    await expect.poll(() => state.innerText(), { timeout: 60_000 }).toMatch(/First sync running|In sync/);
    await expect.poll(() => state.innerText(), { timeout: 60_000 }).toBe('In sync');
    await expect.poll(() => row.locator('td', { hasText: /succeeded, .* created/ }).count()).toBe(1);
    expect(listRequests.length - requestsBySetup).toBe(0);
    expect(await page.getByTestId('live-reconnecting').count()).toBe(0);
  });
});
