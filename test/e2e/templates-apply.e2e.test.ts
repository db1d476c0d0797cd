import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import type { Graph } from '@sluice/graph';
import { collectConsoleErrors, seriousA11yViolations } from './page-checks';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * Applying a template, in Chromium against a real server (issue 19: the gallery and an import
 * replaced the live rule without asking, and the gallery said a template did not fit only after the
 * click). Each card says whether it fits before any click; applying or importing asks first, says
 * which rules it replaces with what, and can open the template as an unsaved draft instead.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];
const ada = { name: 'Ada', email: 'ada@example.com' };

const withDeals: Graph = {
  format: 'sluice.graph/v1',
  name: 'People with deals',
  source: { app: 'sandbox-crm' },
  target: { app: 'sandbox-outreach' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', label: 'Has deals', when: { field: 'deals.count', op: 'gt', value: 0 } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'out' },
  ],
};

/** The rule file a person imports: people at a company, tagged. */
const fromFile: Graph = {
  ...withDeals,
  name: 'Company people, tagged',
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', label: 'Works at a company', when: { field: 'company', op: 'isNotEmpty' } },
    { id: 'a1', kind: 'action', label: 'Tag Company', do: { op: 'addTag', value: 'Company' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'a1' },
    { from: 'a1', to: 'out' },
  ],
};

interface GalleryFit {
  id: string;
  title: string;
  fit: { ok: boolean; problems: string[] } | null;
}

const savedRuleName = async (id: string) => (await callApi<{ config: { rules: { aToB?: Graph } } }>(page, 'connections.get', { id })).config.rules.aToB?.name;

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('applying a template (Chromium)', () => {
  it('shows each gallery template’s fit before the click, asks before replacing the live rules, and opens one as a draft instead', async () => {
    await signInOrUp(page, sluice.url, ada);
    await callApi(page, 'sandbox.seed', undefined, 'mutation');
    const { id } = await callApi<{ id: string }>(
      page,
      'connections.create',
      { name: 'Deals to outreach', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b', rules: { aToB: withDeals } },
      'mutation',
    );
    await callApi(page, 'connections.start', { id }, 'mutation');
    const fits = await callApi<GalleryFit[]>(page, 'templates.gallery', { connectionId: id, direction: 'aToB' });
    const fitting = fits.filter((t) => t.fit?.ok);
    const misfits = fits.filter((t) => t.fit && !t.fit.ok);
    // The gallery holds both kinds for the sandbox apps, so both are seen on the cards.
    expect(fitting.map((t) => t.id)).toContain('prospects-without-deals');
    expect(misfits.length).toBeGreaterThan(0);

    await page.goto(`${sluice.url}/connections/${id}/templates`);
    const card = (t: GalleryFit) => page.getByTestId(`gallery-${t.id}`);
    for (const t of fitting) {
      await expect.poll(() => card(t).innerText()).toContain('✓ Fits Sandbox CRM → Sandbox Outreach.');
      expect(await card(t).getByRole('button').isEnabled()).toBe(true);
    }
    for (const t of misfits) {
      const text = await card(t).innerText();
      expect(text).toContain('Does not fit Sandbox CRM → Sandbox Outreach:');
      expect(text).toContain(t.fit!.problems[0]);
      expect(await card(t).getByRole('button').isDisabled()).toBe(true);
    }

    // Applying asks first, naming what is replaced with what, and that the running sync starts over.
    const apply = () => page.getByRole('button', { name: 'Apply to Sandbox CRM → Sandbox Outreach: Prospects without deals → outreach, tagged "New"' }).click();
    await apply();
    const dialog = page.getByRole('dialog', { name: 'Replace the rules Sandbox CRM → Sandbox Outreach?' });
    await dialog.waitFor();
    const said = await dialog.innerText();
    expect(said).toContain('Applying “Prospects without deals → outreach, tagged "New"” replaces the saved rules “People with deals” (Has deals) with “Prospects without deals” (has no deals, tag New).');
    expect(said).toContain('the running sync starts over with it');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await savedRuleName(id)).toBe('People with deals');

    // Open as a draft: the editor shows the template, unsaved; the live rules are untouched.
    await apply();
    await dialog.getByRole('button', { name: 'Open as a draft' }).click();
    await page.waitForURL(`${sluice.url}/connections/${id}/rules`);
    await expect.poll(() => page.getByTestId('node-c1').innerText()).toContain('has no deals');
    await page.getByTestId('node-a1').waitFor();
    expect(await page.getByRole('link', { name: /Rules \(unsaved changes\)/ }).count()).toBe(1);
    expect(await savedRuleName(id)).toBe('People with deals');

    // A file import asks too; replacing saves it and drops the draft the dialog said it replaces.
    await page.getByRole('navigation', { name: 'Connection' }).getByRole('link', { name: /^Templates/ }).click();
    await page.getByLabel('Template file (.json)').setInputFiles({ name: 'company.sluice-graph.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(fromFile)) });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('with “Company people, tagged” (Works at a company, Tag Company)');
    expect(await dialog.innerText()).toContain('Your unsaved edits of these rules are replaced either way.');
    expect(await savedRuleName(id)).toBe('People with deals');
    await dialog.getByRole('button', { name: 'Replace and apply' }).click();
    await page.getByRole('status').filter({ hasText: 'Applied to Sandbox CRM → Sandbox Outreach.' }).waitFor();
    expect(await savedRuleName(id)).toBe('Company people, tagged');
    await page.getByRole('navigation', { name: 'Connection' }).getByRole('link', { name: /^Rules/ }).click();
    await expect.poll(() => page.getByTestId('node-c1').innerText()).toContain('Works at a company');
    expect(await page.getByTestId('draft-stale').count()).toBe(0);
    expect(await page.getByRole('link', { name: /Rules \(unsaved changes\)/ }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('on the Templates page, shows the fit for the chosen connection and asks before applying', async () => {
    await signInOrUp(page, sluice.url, ada);
    const { id } = await callApi<{ id: string }>(
      page,
      'connections.create',
      { name: 'Second connection', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b', rules: { aToB: withDeals } },
      'mutation',
    );
    await page.goto(`${sluice.url}/templates`);
    await page.getByLabel('Apply to connection (first direction)').selectOption({ label: 'Second connection' });
    const card = page.getByTestId('gallery-prospects-without-deals');
    await expect.poll(() => card.innerText()).toContain('✓ Fits Second connection.');
    await card.getByRole('button', { name: /^Apply to Second connection/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the rules Sandbox CRM → Sandbox Outreach?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('it applies from the next sync');
    await dialog.getByRole('button', { name: 'Replace and apply' }).click();
    await page.getByRole('status').filter({ hasText: 'Applied to Second connection.' }).waitFor();
    expect(await savedRuleName(id)).toBe('Prospects without deals');
    expect(consoleErrors).toEqual([]);
  });
});
