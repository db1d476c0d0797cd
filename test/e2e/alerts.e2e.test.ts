import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { smtpListener, webhookReceiver, type SmtpListener, type WebhookReceiver } from '@sluice/api/testing';
import { loadConfig, startSluice, type RunningSluice } from '@sluice/server';
import { pageReview } from './page-checks';
import { screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The Alerts page in Chromium against real servers, at 1440×900 and 390×844. On a Sluice whose
 * operator set SMTP and allows private URLs: settings saved and read back, and "Send test alert"
 * reaching a real SMTP server and a local HTTP receiver, then a receiver answering 500, each with
 * its sentence. On a default Sluice (same build): the page says SMTP is the operator's to set up, and
 * the SSRF guard's refusal of a local webhook is a sentence. Each state is checked for sideways scroll,
 * serious or critical axe violations and console errors. SLUICE_SCREENSHOTS=1 saves
 * docs/screenshots/alerts*.png for docs/go-live.md.
 */
let session: SluiceSession | undefined;
let guarded: RunningSluice;
let open: RunningSluice | undefined;
let openData: string;
let page: Page;
let smtp: SmtpListener;
let hook: WebhookReceiver;

beforeAll(async () => {
  smtp = await smtpListener();
  hook = await webhookReceiver();
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' }, viewport: { width: 1440, height: 900 } });
  ({ sluice: guarded, page } = session);
  openData = mkdtempSync(join(tmpdir(), 'sluice-data-alerts-'));
  open = await startSluice({
    port: 0,
    dataDir: openData,
    webRoot: session.webRoot,
    config: loadConfig({ ...process.env, LOG_LEVEL: 'silent', SLUICE_SMTP_URL: smtp.url, SLUICE_ALLOW_PRIVATE_URLS: '1', SLUICE_ALERT_FROM: 'sluice@example.com' }),
  });
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await open?.close();
  rmSync(openData, { recursive: true, force: true });
  await session?.close();
  await smtp?.close();
  await hook?.close();
});

const sizes = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

describe('alert settings page (Chromium)', () => {
  it.each(sizes)('saves recipients, webhook and causes, and a test alert reaches the SMTP server and the local webhook (%o)', async (viewport) => {
    await page.setViewportSize(viewport);
    const { problems, check, shot } = pageReview(page);
    await signInOrUp(page, open!.url, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await page.goto(`${open!.url}/alerts`);
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByLabel('Email addresses').waitFor();
    expect(await page.getByRole('note').count()).toBe(0);
    await page.getByLabel('Email addresses').fill('ops@example.com, lead@example.com');
    await page.getByLabel('Webhook URL').fill(hook.url);
    await page.getByLabel('A run failed').uncheck();
    await page.getByLabel('Share of failed records that alerts (%)').fill('25');
    await check('alerts: filled');

    const mails = smtp.received.length;
    const posts = hook.posts.length;
    await page.getByRole('button', { name: 'Send test alert' }).click();
    const result = page.getByRole('list', { name: 'Test alert result' });
    await result.waitFor();
    expect(await result.innerText()).toContain('Email: Sent a test email to ops@example.com, lead@example.com.');
    expect(await result.innerText()).toContain('Webhook: The webhook accepted the test alert.');
    expect(smtp.received.slice(mails).map((m) => m.to)).toEqual([['ops@example.com', 'lead@example.com']]);
    expect(hook.posts.slice(posts).map((p) => p.text.split('\n')[0])).toEqual(['*Sluice: test alert*']);
    await check('alerts: test sent');
    await shot('alerts');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Alert settings saved').first().waitFor();
    await page.reload();
    await page.getByLabel('Email addresses').waitFor();
    expect(await page.getByLabel('Email addresses').inputValue()).toBe('ops@example.com, lead@example.com');
    expect(await page.getByLabel('Webhook URL').inputValue()).toBe(hook.url);
    expect(await page.getByLabel('A run failed').isChecked()).toBe(false);
    expect(await page.getByLabel('A connection needs new access').isChecked()).toBe(true);
    expect(await page.getByLabel('Share of failed records that alerts (%)').inputValue()).toBe('25');

    hook.answer(500);
    try {
      await page.getByLabel('Email addresses').fill('');
      await page.getByRole('button', { name: 'Send test alert' }).click();
      await page.getByText('Webhook: The alert webhook answered HTTP 500.').waitFor();
    } finally {
      hook.answer(200);
    }
    await check('alerts: webhook failed');
    expect(problems).toEqual([]);
  });

  it.each(sizes)('says SMTP is the operator’s to set up, and shows the SSRF guard’s refusal of a local webhook as a sentence (%o)', async (viewport) => {
    await page.setViewportSize(viewport);
    // Cookies are per host, not per port: the other server's session must not reach this one.
    await page.context().clearCookies();
    const { problems, check, shot } = pageReview(page);
    await signInOrUp(page, guarded.url, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await page.goto(`${guarded.url}/alerts`);
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    const note = page.getByRole('note');
    await note.waitFor();
    expect(await note.innerText()).toMatch(/Email alerts need an SMTP server, which the operator of this Sluice sets up \(SLUICE_SMTP_URL\)\. It is not set/);
    await page.getByLabel('Email addresses').fill('ops@example.com');
    await page.getByLabel('Webhook URL').fill(hook.url);
    const posts = hook.posts.length;
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText(/^127\.0\.0\.1 resolves to 127\.0\.0\.1, a private or local address\. Sluice only calls public addresses/).waitFor();
    await page.getByRole('button', { name: 'Send test alert' }).click();
    const result = page.getByRole('list', { name: 'Test alert result' });
    await result.waitFor();
    expect(await result.innerText()).toContain('Email: No email was sent: the operator has not set up an SMTP server for this Sluice (SLUICE_SMTP_URL).');
    expect(await result.innerText()).toMatch(/Webhook: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a private or local address/);
    expect(hook.posts.length).toBe(posts);
    await check('alerts: refused');
    await shot('alerts-refused');
    // The browser logs the refused save (HTTP 400) on its console: that one is expected, nothing else.
    expect(problems.filter((p) => !/console: Failed to load resource: .*status of 400 .*\/trpc\/alerts\.update/.test(p))).toEqual([]);
  });
});
