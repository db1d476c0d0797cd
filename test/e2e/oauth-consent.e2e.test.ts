import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { GooglePeopleFake } from '../fakes/google-people.fake';
import { axeSource, screenshotOnFailure, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * A new user connects Google Contacts through the OAuth consent in the browser: picks the app in the
 * wizard, clicks "Connect with Google Contacts", is refused once (denied consent, explained), then
 * consents on the fake Google and lands back in the wizard with the credential checked and the other
 * side's choice kept. The fake's consent page is served on `localhost` while Sluice runs on
 * 127.0.0.1, so the way back is a cross-site redirect, as with the real Google.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
const google = new GooglePeopleFake();

beforeAll(async () => {
  const fake = await google.server.start();
  const port = new URL(fake).port;
  // The operator's settings as `sluice start` would read them from its environment.
  const env = {
    LOG_LEVEL: 'silent',
    SLUICE_ALLOW_PRIVATE_URLS: '1',
    SLUICE_GOOGLE_CLIENT_ID: google.client.id,
    SLUICE_GOOGLE_CLIENT_SECRET: google.client.secret,
    SLUICE_GOOGLE_AUTHORIZE_URL: `http://localhost:${port}/o/oauth2/v2/auth`,
    SLUICE_GOOGLE_TOKEN_URL: `${fake}/token`,
    SLUICE_GOOGLE_API_URL: fake,
  };
  session = await startSluiceSession({ env });
  ({ sluice, page } = session);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
  await google.server.stop();
});

describe('OAuth consent in the wizard (Chromium)', () => {
  it('connects Google Contacts with a click, explains a denied consent, and continues the wizard where it was', async () => {
    await signUpFirstAccount(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });

    await page.getByRole('link', { name: 'Add a new connection' }).click();
    await page.getByLabel('Search apps for App A').fill('google');
    await page.getByRole('radiogroup', { name: 'App A' }).getByText('Google Contacts').click();
    await page.getByRole('radiogroup', { name: 'App B' }).getByText('Sandbox Outreach').click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: '2. Grant access' }).waitFor();
    const connect = page.getByRole('button', { name: 'Connect with Google Contacts' });
    await connect.waitFor();
    if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
    const a11y = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: { id: string; impact: string }[] };
    expect(a11y.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // Denied on the consent page: back in the wizard at step 2, told why, nothing stored.
    google.oauth.consent = 'deny';
    await connect.click();
    await page.waitForURL(/\/connections\/new/);
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('You did not allow Sluice to use Google Contacts');
    expect(page.url()).not.toContain('oauth=');

    // Allowed: the code is exchanged, the tokens checked against (fake) Google, the wizard resumes.
    google.oauth.consent = 'allow';
    await page.getByRole('button', { name: 'Connect with Google Contacts' }).click();
    await page.getByRole('status').filter({ hasText: 'Access granted (Google Contacts account)' }).waitFor();
    expect(await page.getByRole('heading', { name: '2. Grant access' }).count()).toBe(1);
    expect(await page.getByText('No key needed').count()).toBeGreaterThan(0);
    expect(google.oauth.exchanges).toBe(1);
    expect(google.oauth.authorizeRequests.at(-1)?.get('code_challenge_method')).toBe('S256');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: '3. Configure' }).waitFor();

    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'sluice_oauth')).toBeUndefined();
  });
});
