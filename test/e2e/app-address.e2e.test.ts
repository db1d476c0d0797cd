import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { WoodpeckerFake } from '../fakes/woodpecker.fake';
import { seriousA11yViolations } from './page-checks';
import { screenshotOnFailure, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * A Woodpecker account reached at another address than Woodpecker's own: the wizard's access step
 * takes the address under "Advanced: app address" and checks the key there. A closed port reads as
 * "could not reach" (the key unchecked), the local Woodpecker fake with a wrong key as "refused this
 * key", and the right key lets the wizard go on, every request having gone to that address; started,
 * the connection reads the app there with that key.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
const woodpecker = new WoodpeckerFake();

/** A port on 127.0.0.1 that nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

beforeAll(async () => {
  await woodpecker.server.start();
  woodpecker.seed({ email: 'walt@woodpecker.test', first_name: 'Walt' });
  // The fake listens on 127.0.0.1: the operator allows private addresses, as a self-hosted proxy needs.
  session = await startSluiceSession({ env: { LOG_LEVEL: 'silent', SLUICE_ALLOW_PRIVATE_URLS: '1' } });
  ({ sluice, page } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
  await woodpecker.server.stop();
});

describe('the app address of an API key, in the wizard (Chromium)', () => {
  it('tells an unreachable address from a refused key, goes on with the right key at that address, and the started connection syncs from there with it', async () => {
    await signUpFirstAccount(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });
    await page.getByRole('link', { name: 'Add a new connection' }).click();
    await page.getByLabel('Search apps for App A').fill('woodpecker');
    await page.getByRole('radiogroup', { name: 'App A' }).getByText('Woodpecker').click();
    await page.getByRole('radiogroup', { name: 'App B' }).getByText('Sandbox CRM').click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: '2. Grant access' }).waitFor();

    const address = page.getByLabel('App address');
    expect(await address.isVisible()).toBe(false);
    await page.getByText('Advanced: app address').click();
    await address.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const key = page.getByLabel('Woodpecker API key');
    const check = page.getByRole('button', { name: 'Check key' });
    const alert = page.getByRole('alert');

    // Not a web address: said at the field, nothing sent.
    await address.fill('woodpecker.internal');
    await key.fill('wp-key');
    await check.click();
    await expect.poll(() => alert.innerText()).toMatch(/^Enter the whole address, starting with https:\/\//);
    expect(woodpecker.server.log).toHaveLength(0);

    // Nothing listens there: a network failure, not a refused key.
    await address.fill(`http://127.0.0.1:${await closedPort()}/rest/v1`);
    await check.click();
    await expect.poll(() => alert.innerText(), { timeout: 40_000 }).toMatch(/^Could not reach Woodpecker \(network\)/);
    expect(await alert.innerText()).not.toContain('refused this key');

    // The fake answers 401 to a key it does not know.
    await address.fill(woodpecker.server.url);
    await key.fill('not-the-key');
    await check.click();
    await expect.poll(() => alert.innerText()).toMatch(/^Woodpecker refused this key/);
    expect(woodpecker.server.requests('GET', '/prospects').length).toBeGreaterThan(0);

    await key.fill('wp-key');
    await check.click();
    await page.getByRole('status').filter({ hasText: 'Access granted' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: '3. Configure' }).waitFor();
    await page.getByRole('group', { name: 'Field mappings' }).waitFor();
    const keyOf = (r: { headers: Record<string, unknown> }) => Buffer.from(String(r.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8').split(':')[0];
    expect(keyOf(woodpecker.server.log.at(-1)!)).toBe('wp-key');

    // Started, the connection syncs with that key at that address: Woodpecker's prospect reaches the
    // Sandbox CRM. (One way: the CRM's 350 demo people would take minutes at Woodpecker's 2 requests a second.)
    const checked = woodpecker.server.log.length;
    await page.getByLabel('One-way: Woodpecker → Sandbox CRM').check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: '4. Start' }).waitFor();
    await page.getByLabel('Connection name').fill('Woodpecker at its own address');
    await page.getByRole('button', { name: 'Start syncing now!' }).click();
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await expect.poll(() => page.getByTestId('run').first().innerText(), { timeout: 60_000 }).toMatch(/finished[\s\S]*Created\s+[1-9]/);
    const syncRequests = woodpecker.server.log.slice(checked);
    expect(syncRequests.some((r) => r.method === 'GET' && r.url.startsWith('/prospects'))).toBe(true);
    expect(new Set(syncRequests.map(keyOf))).toEqual(new Set(['wp-key']));
    expect(syncRequests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
