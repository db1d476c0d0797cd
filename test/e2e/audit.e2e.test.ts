import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { pageReview } from './page-checks';
import { sandboxSyncAll } from './rule-graph.fixture';
import { callApi, screenshotOnFailure, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The Audit log page in Chromium against a real server, at 1440×900 and 390×844: who did what and
 * when in sentences, filtered by kind and by connection, paged, and exported whole as JSON Lines.
 * Each state is checked for sideways scroll, serious or critical axe violations and console errors.
 * SLUICE_SCREENSHOTS=1 saves docs/screenshots/audit*.png for docs/go-live.md.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent', SLUICE_SIGNUP: 'open' }, acceptDownloads: true, viewport: { width: 1440, height: 900 } });
  ({ sluice, page } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

/** Signs a new account up (the first one on this server, or another: sign-up is open). */
async function signUp(p: Page, baseUrl: string, who: { name: string; email: string }): Promise<void> {
  await p.goto(`${baseUrl}/connections`);
  const gate = p.getByRole('heading', { name: /^(Create the first account|Sign in to Sluice)$/ });
  await gate.waitFor();
  if ((await gate.innerText()) === 'Sign in to Sluice') {
    await p.getByRole('button', { name: 'No account yet? Create account' }).click();
    await p.getByRole('heading', { name: 'Create an account' }).waitFor();
  }
  await p.getByLabel('Your name').fill(who.name);
  await p.getByLabel('Email').fill(who.email);
  await p.getByLabel('Password').fill('a good password');
  await p.getByRole('button', { name: 'Sign up' }).click();
  await p.getByRole('heading', { name: 'No connections yet' }).waitFor();
}

const sandboxApps = { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } };

describe('audit log page (Chromium)', () => {
  it.each([
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ])('shows who did what in sentences, filters by kind and connection, pages, and exports JSONL (%o)', async (viewport) => {
    await page.setViewportSize(viewport);
    // A workspace of its own for each size (sign-up is open), so the counts below are this test's.
    await page.context().clearCookies();
    await signUp(page, sluice.url, { name: `Grace ${viewport.width}`, email: `grace-${viewport.width}@example.com` });
    const { problems, check, shot } = pageReview(page);
    await callApi(page, 'sandbox.seed', undefined, 'mutation');
    const crm = await callApi<{ id: string }>(page, 'connections.create', { name: 'CRM and Outreach', apps: sandboxApps, rules: { aToB: sandboxSyncAll('aToB'), bToA: sandboxSyncAll('bToA') } }, 'mutation');
    await callApi(page, 'connections.update', { id: crm.id, patch: { mode: 'a-to-b' } }, 'mutation');
    await callApi(page, 'connections.create', { name: 'Second', apps: sandboxApps }, 'mutation');
    // Enough entries for a second page (25 a page).
    for (let i = 1; i <= 25; i++) await callApi(page, 'workspace.rename', { name: `Sales ops ${i}` }, 'mutation');

    await page.goto(`${sluice.url}/audit`);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const rows = page.getByTestId('audit-entry');
    await rows.first().waitFor();
    expect(await page.getByText(/^Entries 1–25 of \d+$/).innerText()).toBe('Entries 1–25 of 29');
    expect(await rows.first().innerText()).toMatch(new RegExp(`Grace ${viewport.width}[\\s\\S]*Renamed the workspace from “Sales ops 24” to “Sales ops 25”\\.`));
    await check('audit');
    await page.getByRole('button', { name: 'Older →' }).click();
    await page.getByText('Entries 26–29 of 29').waitFor();
    expect(await rows.last().innerText()).toMatch(/Created the workspace/);
    await check('audit: older page');

    // By connection: its creation and its change (with what changed, in sentences), not the other one's.
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'CRM and Outreach' });
    await page.getByText('Entries 1–2 of 2').waitFor();
    const changed = rows.first();
    expect(await changed.innerText()).toMatch(/Changed the connection “CRM and Outreach” \(version 2\)\./);
    expect(await changed.getByRole('list', { name: 'What changed' }).innerText()).toBe('Changed the sync type from both ways to Sandbox CRM → Sandbox Outreach only.');
    expect(await rows.last().innerText()).toMatch(/Created the connection “CRM and Outreach”/);
    await check('audit: by connection');
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Any connection' });
    await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Connections' });
    await page.getByText('Entries 1–3 of 3').waitFor();
    expect(await rows.allInnerTexts()).toEqual([expect.stringMatching(/Created the connection “Second”/), expect.stringMatching(/Changed the connection/), expect.stringMatching(/Created the connection “CRM and Outreach”/)]);
    await shot('audit');

    // The whole log as JSON Lines, oldest first, named after the workspace.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSONL' }).click()]);
    expect(download.suggestedFilename()).toBe('sluice-audit-sales-ops-25.jsonl');
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { action: string; summary: string; actor: { email?: string } });
    expect(lines).toHaveLength(29);
    expect(lines[0]!.action).toBe('workspace.created');
    expect(lines.at(-1)!.summary).toBe('Renamed the workspace from “Sales ops 24” to “Sales ops 25”.');
    expect(lines.every((l) => l.actor.email === `grace-${viewport.width}@example.com`)).toBe(true);
    await check('audit: exported');
    expect(problems).toEqual([]);
  });
});
