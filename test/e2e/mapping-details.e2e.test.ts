import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors, seriousA11yViolations } from './page-checks';
import { screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * A mapping's details in Chromium against a real server, in the wizard's settings step: the value
 * table of two option fields with pairs suggested by label, a table typed by hand with the values
 * seen that have no pair yet, a table that cannot be used both ways refused in a sentence, and the
 * write mode, each summed up on the mapping's row.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];
const ada = { name: 'Ada', email: 'ada@example.com' };

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

async function settingsFor(a: string, b: string): Promise<void> {
  await page.goto(`${sluice.url}/connections/new`);
  await page.getByRole('radiogroup', { name: 'App A' }).getByText(a, { exact: true }).click();
  await page.getByRole('radiogroup', { name: 'App B' }).getByText(b, { exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: '2. Grant access' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('group', { name: 'Field mappings' }).waitFor();
}

describe('mapping details (Chromium)', () => {
  it('pairs two option fields by label, and sums the table up on the row', async () => {
    await signInOrUp(page, sluice.url, ada);
    await settingsFor('Sandbox CRM', 'Sandbox CRM');
    await page.getByRole('button', { name: 'Details of custom.industry ↔ custom.industry' }).click();
    const details = page.getByRole('region', { name: 'Details of Industry ↔ Industry' });
    expect(await details.getByTestId('values-without-pair').innerText()).toBe(
      'Values seen without a pair: Software, Retail, Logistics, Healthcare, Finance, Education, Manufacturing',
    );
    await details.getByRole('button', { name: 'Pair 7 values by label' }).click();
    expect(await details.getByLabel('Sandbox CRM value for Retail').inputValue()).toBe('Retail');
    expect(await details.getByTestId('values-without-pair').count()).toBe(0);
    await details.getByLabel('Sandbox CRM value for Retail').selectOption('');
    await expect.poll(() => details.getByTestId('values-without-pair').innerText()).toBe('Values seen without a pair: Retail');
    await expect.poll(() => page.getByTestId('mapping-custom.industry-custom.industry').innerText()).toContain('value table: 6 pairs');
    expect(await page.getByRole('group', { name: 'Field mappings' }).getByRole('alert').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('takes a table typed by hand, refuses one that cannot be used both ways with a sentence, and sets fill-blanks-only', async () => {
    await signInOrUp(page, sluice.url, ada);
    await settingsFor('Sandbox CRM', 'Sandbox Outreach');
    await page.getByLabel('Sandbox CRM field').selectOption('custom.industry');
    await page.getByLabel('Sandbox Outreach field').selectOption('custom.snippet1');
    await page.getByRole('button', { name: 'Add field mapping' }).click();
    const row = page.getByTestId('mapping-custom.industry-custom.snippet1');
    await row.waitFor();
    await page.getByRole('button', { name: 'Details of custom.industry ↔ custom.snippet1' }).click();
    const details = page.getByRole('region', { name: 'Details of Industry ↔ Snippet 1' });
    await details.getByLabel('Sandbox Outreach value for Software').fill('Tech');
    await details.getByLabel('Sandbox Outreach value for Retail').fill('Shops');
    await expect.poll(() => details.getByTestId('values-without-pair').innerText()).toBe('Values seen without a pair: Logistics, Healthcare, Finance, Education, Manufacturing');
    await expect.poll(() => row.innerText()).toContain('value table: 2 pairs');

    await details.getByLabel('Sandbox Outreach value for Finance').fill('Tech');
    const alert = page.getByRole('group', { name: 'Field mappings' }).getByRole('alert');
    await expect
      .poll(() => alert.innerText())
      .toBe(
        'This mapping cannot work yet: the value table of custom.industry ↔ custom.snippet1 maps "Software" and "Finance" to "Tech", so on the way back "Tech" has no single value: mark the rows that should not be used from B with "direction": "aToB"',
      );
    // Nothing typed is lost while the sentence shows.
    expect(await details.getByLabel('Sandbox Outreach value for Finance').inputValue()).toBe('Tech');
    await details.getByLabel('Sandbox Outreach value for Finance').fill('Money');
    await expect.poll(() => alert.count()).toBe(0);

    await details.getByLabel('Fill blank fields only (never overwrite a value)').check();
    await expect.poll(() => row.innerText()).toContain('fills blank fields only');
    expect(consoleErrors).toEqual([]);
  });
});
