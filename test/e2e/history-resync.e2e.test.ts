import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors } from './page-checks';
import { sandboxSyncAll } from './rule-graph.fixture';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * "Resync this record" in History, in Chromium against a real server: on a paused connection, a
 * change made in one app reaches the other only through the button, and the record's story shows it.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

interface Prospect {
  id: string;
  lastName: string | null;
}

describe('resync one record from History (Chromium)', () => {
  it('sends a record changed while the connection is paused to the other app, and its story gains the update', async () => {
    await signInOrUp(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });
    await callApi(page, 'sandbox.seed', undefined, 'mutation');
    const { id } = await callApi<{ id: string }>(
      page,
      'connections.create',
      { name: 'Resync', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b', rules: { aToB: sandboxSyncAll('aToB') } },
      'mutation',
    );
    await callApi(page, 'connections.start', { id }, 'mutation');
    await expect
      .poll(async () => (await callApi<{ lastRun: { status: string } | null }>(page, 'connections.status', { id })).lastRun?.status, { timeout: 60_000 })
      .toBe('succeeded');
    // Paused, with no run left going: nothing but the button syncs from here on.
    await callApi(page, 'connections.pause', { id }, 'mutation');
    await expect.poll(async () => (await callApi<{ state: string }>(page, 'connections.status', { id })).state, { timeout: 30_000 }).toMatch(/paused/i);

    const {
      items: [person],
    } = await callApi<{ items: { id: string }[] }>(page, 'sandbox.crm.list', { limit: 1 });
    const newName = 'Resynced-Lovelace';
    await callApi(page, 'sandbox.crm.update', { id: person!.id, patch: { lastName: newName } }, 'mutation');

    // The person's story, found by its record id in the events.
    await page.goto(`${sluice.url}/connections/${id}/history`);
    const events = page.getByRole('region', { name: 'Record events' });
    await events.getByLabel('Record id').fill(person!.id);
    await events.locator('tbody tr button').first().click();
    const story = page.getByRole('region', { name: 'Record story' });
    const resync = story.getByRole('button', { name: 'Resync this record' });
    await resync.waitFor();
    const partnerId = /same person as Sandbox Outreach (\S+)/.exec(await story.innerText())?.[1];
    expect(partnerId).toBeDefined();
    const before = await story.locator('.story-event').count();
    expect(before).toBeGreaterThan(0);
    const prospect = () => callApi<Prospect>(page, 'sandbox.outreach.get', { id: partnerId });
    expect((await prospect()).lastName).not.toBe(newName);

    await resync.click();
    await story.getByRole('status').filter({ hasText: 'Synced again.' }).waitFor();
    expect((await prospect()).lastName).toBe(newName);
    await expect.poll(() => story.locator('.story-event').count()).toBe(before + 1);
    const newest = story.locator('.story-event').first();
    expect(await newest.locator('header').innerText()).toMatch(/Updated in Sandbox Outreach/);
    expect(await newest.getByRole('list', { name: 'Field changes' }).innerText()).toContain(newName);
    expect(consoleErrors).toEqual([]);
  });
});
