import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { liveListenerCount } from '@sluice/api/testing';
import { WoodpeckerFake } from '../fakes/woodpecker.fake';
import { seriousA11yViolations } from './page-checks';
import { callApi, screenshotOnFailure, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * A connection's own page while it runs and fails, as its owner watches it: the header's state and
 * last run follow the live stream (the page's own fetches of the connection are held, so only the
 * stream can move them); when Woodpecker stops accepting the key, the page says so in a sentence
 * with the action to take, and a new key (at the address the old one was bound to, asked again)
 * brings the connection back to "In sync".
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
const woodpecker = new WoodpeckerFake();

beforeAll(async () => {
  await woodpecker.server.start();
  for (const n of [1, 2, 3]) woodpecker.seed({ email: `lead${n}@example.com`, first_name: `Lead ${n}` });
  // The fake listens on 127.0.0.1: the operator allows private addresses.
  session = await startSluiceSession({ env: { LOG_LEVEL: 'silent', SLUICE_ALLOW_PRIVATE_URLS: '1' } });
  ({ sluice, page } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await page?.unrouteAll({ behavior: 'ignoreErrors' });
  await session?.close();
  await woodpecker.server.stop();
});

describe('a connection page follows its connection live (Chromium)', () => {
  it('moves state and last run from the stream alone, says why syncing stopped, and takes a new key', async () => {
    await signUpFirstAccount(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });
    const key = await callApi<{ id: string }>(page, 'credentials.add', { app: 'woodpecker', label: 'Woodpecker', secret: { apiKey: 'wp-key' }, config: { baseUrl: woodpecker.server.url } }, 'mutation');
    const created = await callApi<{ id: string }>(
      page,
      'connections.create',
      { name: 'Leads to CRM', apps: { a: { connector: 'woodpecker', config: {}, credentialId: key.id }, b: { connector: 'sandbox-crm', config: {} } }, mode: 'a-to-b' },
      'mutation',
    );
    await page.goto(`${sluice.url}/connections/${created.id}/mappings`);
    const state = page.getByTestId('connection-state');
    const lastRun = page.getByTestId('connection-last-run');
    await expect.poll(() => lastRun.innerText()).toBe('Last run: not run yet');
    expect(await state.innerText()).toBe('Not started');

    // The page's live stream starts "from now on": act once the server counts it as listening.
    const { id: workspaceId } = await callApi<{ id: string }>(page, 'workspace.get', {});
    await expect.poll(() => liveListenerCount(sluice.store, workspaceId)).toBe(1);

    // From here on the page's own requests for this connection never get an answer.
    const held: Route[] = [];
    await page.route(/\/trpc\/[^?]*connections\.(get|status)\b/, (route) => void held.push(route));
    await callApi(page, 'connections.start', { id: created.id }, 'mutation');
    await expect.poll(() => state.innerText(), { timeout: 60_000 }).toBe('In sync');
    await expect.poll(() => lastRun.innerText()).toMatch(/^Last run: succeeded, .* · 3 created, 0 updated, 0 failed$/);
    expect(await page.getByTestId('connection-problem').count()).toBe(0);

    // Woodpecker no longer accepts the key: the next run stops, and the page says why and what to do.
    woodpecker.apiKeys.delete('wp-key');
    await callApi(page, 'connections.syncNow', { id: created.id }, 'mutation');
    const problem = page.getByTestId('connection-problem');
    await expect.poll(() => problem.innerText(), { timeout: 60_000 }).toMatch(/^Syncing stopped: an app refused Sluice's access\. Woodpecker rejected Sluice's credentials \(HTTP 401\)\./);
    expect(await problem.innerText()).toContain('Give Sluice new access under Access below');
    expect(await state.innerText()).toBe('Needs new access');
    expect(await problem.innerText()).not.toMatch(/E_[A-Z_]+/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The new key goes where the old one was bound: the address is asked again, unfolded.
    await problem.getByRole('link', { name: 'Give new access' }).click();
    const access = page.getByRole('region', { name: 'Access' });
    const address = access.getByLabel('App address');
    expect(await address.isVisible()).toBe(true);
    woodpecker.apiKeys.add('wp-key-2');
    await address.fill(woodpecker.server.url);
    await access.getByLabel('Woodpecker API key').fill('wp-key-2');
    await access.getByRole('button', { name: 'Check key' }).click();
    await access.getByRole('status').filter({ hasText: 'Access to Woodpecker renewed' }).waitFor();
    await expect.poll(() => state.innerText(), { timeout: 60_000 }).toBe('In sync');
    await expect.poll(() => problem.count()).toBe(0);
    expect(held.length).toBeGreaterThan(0);
  });
});
