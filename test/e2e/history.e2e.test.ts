import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import type { Graph } from '@sluice/graph';
import { collectConsoleErrors, seriousA11yViolations } from './page-checks';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * History as a person reads it, in Chromium against a real server: reasons in sentences naming the
 * rule and the direction (codes only in tooltips), record events naming people and the app written,
 * run counts labelled, events paged past the first hundred, and a record's story with each event once.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];

/** Sandbox CRM → Outreach lets through only people with deals; the other way has a node `c1` too. */
const rule = (direction: 'aToB' | 'bToA'): Graph => ({
  format: 'sluice.graph/v1',
  name: direction === 'aToB' ? 'People with deals' : 'Active prospects',
  source: { app: direction === 'aToB' ? 'sandbox-crm' : 'sandbox-outreach' },
  target: { app: direction === 'aToB' ? 'sandbox-outreach' : 'sandbox-crm' },
  nodes: [
    { id: 'in', kind: 'source' },
    direction === 'aToB'
      ? { id: 'c1', kind: 'condition', label: 'Has deals', when: { field: 'deals.count', op: 'gt', value: 0 } }
      : { id: 'c1', kind: 'condition', label: 'Is not bounced', when: { field: 'custom.status', op: 'ne', value: 'BOUNCED' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'out' },
  ],
});

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('history in words (Chromium)', () => {
  it('says why in sentences, names people and apps, labels run counts, pages past 100 events, and tells a story once', async () => {
    await signInOrUp(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });
    await callApi(page, 'sandbox.seed', undefined, 'mutation');
    const created = await callApi<{ id: string }>(
      page,
      'connections.create',
      {
        name: 'Deals only',
        apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
        rules: { aToB: rule('aToB'), bToA: rule('bToA') },
      },
      'mutation',
    );
    await callApi(page, 'connections.start', { id: created.id }, 'mutation');
    await page.goto(`${sluice.url}/connections/${created.id}/history`);
    const runs = page.getByRole('list', { name: 'Runs' });
    await expect.poll(() => runs.innerText(), { timeout: 60_000 }).toContain('finished');

    // Health: each reason a sentence with the rule's label and its direction; no codes in the text.
    const health = page.getByRole('region', { name: 'Health' });
    await expect.poll(() => health.innerText(), { timeout: 20_000 }).toContain('Filtered out by the rule “Has deals” (Sandbox CRM → Sandbox Outreach)');
    const main = () => page.locator('main').innerText();
    expect(await main()).not.toMatch(/excludedBy|E_[A-Z_]{3,}/);

    // The run's counts are labelled, per app.
    const run = await page.getByTestId('run').first().innerText();
    expect(run).toMatch(/Read\s+\d+ from Sandbox CRM, \d+ from Sandbox Outreach/);
    expect(run).toMatch(/Created\s+(\d+ in Sandbox CRM, )?\d+ in Sandbox Outreach/);
    expect(run).toMatch(/Nothing to write\s+\d+/);

    // Events name the person and the app written.
    const events = page.getByRole('region', { name: 'Record events' });
    const firstRow = events.locator('tbody tr').first();
    await expect.poll(() => firstRow.innerText()).toMatch(/@/);
    expect(await events.innerText()).toMatch(/Created in Sandbox (CRM|Outreach)/);

    // Filtered by a reason chosen in words.
    await events.getByLabel('Why').selectOption({ label: 'Filtered out by the rule “Has deals” (Sandbox CRM → Sandbox Outreach)' });
    await expect.poll(() => firstRow.innerText()).toContain('Filtered out, not synced to Sandbox Outreach');
    expect(await events.locator('tbody tr').filter({ hasNotText: 'Filtered out by the rule “Has deals”' }).count()).toBe(0);

    // Paging: well past the first hundred events.
    await events.getByLabel('Why').selectOption({ label: 'Any reason' });
    for (let i = 0; i < 3; i++) await events.getByRole('button', { name: 'Older →' }).click();
    await events.getByText('Events 151–200').waitFor();
    expect(await events.locator('tbody tr').count()).toBe(50);
    await events.getByRole('button', { name: '← Newer' }).click();
    await events.getByText('Events 101–150').waitFor();

    // A synced record's story: its event names both linked records, and shows once.
    await events.getByLabel('What happened').selectOption({ label: 'Created' });
    await expect.poll(() => firstRow.innerText()).toContain('Created in');
    await events.locator('tbody tr button').first().click();
    const story = page.getByRole('region', { name: 'Record story' });
    await story.getByRole('button', { name: 'Resync this record' }).waitFor();
    await story.getByRole('button', { name: 'Resync this record' }).click();
    await story.getByRole('status').filter({ hasText: 'Synced again.' }).waitFor();
    await expect.poll(() => story.locator('.story-event').count()).toBeGreaterThan(0);
    expect(await story.innerText()).toMatch(/same person as Sandbox (CRM|Outreach) /);
    const headers = await story.locator('.story-event header').allInnerTexts();
    expect(new Set(headers).size).toBe(headers.length);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
