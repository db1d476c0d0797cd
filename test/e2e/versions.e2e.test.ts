import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { pageReview } from './page-checks';
import { dealsAreVips, sandboxSyncAll } from './rule-graph.fixture';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * A connection's Versions tab in Chromium against a real server, at 1440×900 and 390×844: the list
 * (who, when, one line of what changed), the readable diff between two versions, and restoring one
 * after a preview and a confirmation, as a new version. Each page state is checked for sideways
 * scroll, serious or critical axe violations and console errors. SLUICE_SCREENSHOTS=1 saves
 * docs/screenshots/versions*.png and restore-preview*.png for docs/go-live.md.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' }, viewport: { width: 1440, height: 900 } });
  ({ sluice, page } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

interface ConnectionView {
  mode: string;
  version: number;
  config: { rules: { aToB?: { nodes: { id: string }[] } } };
}

/** A sandbox connection with three versions: created both ways (1), the "Deals are VIPs" rule saved (2), then made one way (3). */
async function connectionWithThreeVersions(name: string): Promise<string> {
  await signInOrUp(page, sluice.url, { name: 'Ada Lovelace', email: 'ada@example.com' });
  await callApi(page, 'sandbox.seed', undefined, 'mutation');
  const { id } = await callApi<{ id: string }>(
    page,
    'connections.create',
    { name, apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, rules: { aToB: sandboxSyncAll('aToB'), bToA: sandboxSyncAll('bToA') } },
    'mutation',
  );
  await callApi(page, 'graphs.save', { connectionId: id, direction: 'aToB', graph: dealsAreVips() }, 'mutation');
  await callApi(page, 'connections.update', { id, patch: { mode: 'a-to-b' } }, 'mutation');
  return id;
}

describe('connection versions (Chromium)', () => {
  it.each([
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ])('lists versions, shows the diff between two in sentences, and restores one as a new version after a preview (%o)', async (viewport) => {
    await page.setViewportSize(viewport);
    const { problems, check, shot } = pageReview(page);
    const id = await connectionWithThreeVersions(`Versions ${viewport.width}`);
    await page.goto(`${sluice.url}/connections/${id}/versions`);
    const list = page.getByRole('list', { name: 'Versions, newest first' });
    const items = list.getByTestId('version');
    await expect.poll(() => items.count()).toBe(3);
    const newest = await items.nth(0).innerText();
    expect(newest).toMatch(/Version 3\s+in use/);
    expect(newest).toMatch(/Settings saved by Ada Lovelace/);
    expect(newest).toContain('Changed the sync type from both ways to Sandbox CRM → Sandbox Outreach only.');
    expect(await items.nth(1).innerText()).toMatch(/Rules saved by Ada Lovelace[\s\S]*“Everyone” to “Deals are VIPs”[\s\S]*All 7 changes/);
    expect(await items.nth(2).innerText()).toMatch(/Created by Ada Lovelace[\s\S]*Created the connection\./);
    await check('versions');

    // Any two: version 1 against version 3, in sentences for settings and the rules.
    const compare = page.getByRole('region', { name: 'Compare versions' });
    await compare.getByLabel('From', { exact: true }).selectOption('1');
    await compare.getByLabel('To', { exact: true }).selectOption('3');
    await compare.getByRole('heading', { name: 'From version 1 to version 3' }).waitFor();
    const diff = compare.getByTestId('version-diff');
    await diff.getByRole('region', { name: 'Settings' }).getByText('Changed the sync type from both ways to Sandbox CRM → Sandbox Outreach only.').waitFor();
    const rules = await diff.getByRole('region', { name: 'Rules Sandbox CRM → Sandbox Outreach' }).innerText();
    expect(rules).toMatch(/Added the condition “Has deals”/);
    expect(rules).toMatch(/Added the action “Tag VIP”/);
    expect(await diff.innerText()).not.toMatch(/[{}]|"nodes"/);
    await check('versions: compare');
    await shot('versions');

    // Restore version 1: the preview says what changes back, nothing is saved before the confirmation.
    await list.getByRole('button', { name: 'Restore version 1…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore version 1?' });
    const preview = dialog.getByRole('region', { name: 'What restoring changes' });
    await preview.getByText('Changed the sync type from Sandbox CRM → Sandbox Outreach only to both ways.').waitFor();
    expect(await preview.innerText()).toMatch(/Removed the condition “Has deals”/);
    expect(await dialog.innerText()).toContain('saved as a new version 4');
    await check('versions: restore preview');
    await shot('restore-preview');
    expect((await callApi<ConnectionView>(page, 'connections.get', { id })).version).toBe(3);
    await dialog.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByText('Version 1 restored').first().waitFor();
    await expect.poll(() => items.count()).toBe(4);
    const restored = await items.nth(0).innerText();
    expect(restored).toMatch(/Version 4\s+in use/);
    expect(restored).toMatch(/Restored by Ada Lovelace/);
    expect(restored).toContain('Restored from version 1: Changed the sync type from Sandbox CRM → Sandbox Outreach only to both ways.');
    const now = await callApi<ConnectionView>(page, 'connections.get', { id });
    expect(now.mode).toBe('two-way');
    expect(now.version).toBe(4);
    expect(now.config.rules.aToB!.nodes.map((n) => n.id)).toEqual(['in', 'out']);
    await check('versions: restored');
    expect(problems).toEqual([]);
  });
});
