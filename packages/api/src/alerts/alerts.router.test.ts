import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultApiSettings } from '../api.settings';
import { smtpListener, webhookReceiver, type SmtpListener, type WebhookReceiver } from '../testing/alert-receivers';
import { openTestEnv, type TestEnv } from '../testing/test-env';

let smtp: SmtpListener;
let hook: WebhookReceiver;
let mailing: TestEnv;
beforeAll(async () => {
  smtp = await smtpListener();
  hook = await webhookReceiver();
  mailing = await openTestEnv({ workers: false, allowPrivateUrls: true, settings: { ...defaultApiSettings, alertMail: { smtpUrl: smtp.url, from: 'sluice@example.com' } } });
});
afterAll(async () => {
  await mailing.close();
  await smtp.close();
  await hook.close();
});

describe('alert settings', () => {
  it('keeps the causes chosen, and says whether the operator configured SMTP', async () => {
    const owner = await mailing.signUp('alerts-causes@example.com');
    expect(await owner.caller.alerts.get()).toEqual({ emails: [], webhookUrl: '', failureShare: 0.1, causes: ['runFailed', 'needsReauth', 'failures', 'guardTripped'], emailEnabled: true, allCauses: ['runFailed', 'needsReauth', 'failures', 'guardTripped'] });
    await owner.caller.alerts.update({ emails: ['Ops@Example.com'], webhookUrl: hook.url, failureShare: 0.25, causes: ['needsReauth'] });
    expect(await owner.caller.alerts.get()).toEqual({ emails: ['ops@example.com'], webhookUrl: hook.url, failureShare: 0.25, causes: ['needsReauth'], emailEnabled: true, allCauses: ['runFailed', 'needsReauth', 'failures', 'guardTripped'] });
    const { entries } = await owner.caller.audit.list({ targetType: 'alerts' });
    expect(entries[0]!.details).toMatchObject({ causes: ['needsReauth'] });
  });
});

describe('test alert', () => {
  it('emails the addresses and posts to the webhook given, saving nothing, and says so per channel', async () => {
    const owner = await mailing.signUp('alerts-test@example.com');
    const before = { mails: smtp.received.length, posts: hook.posts.length };
    const { outcomes } = await owner.caller.alerts.test({ emails: ['ops@example.com', 'lead@example.com'], webhookUrl: hook.url });
    expect(outcomes).toEqual([
      { channel: 'email', ok: true, message: 'Sent a test email to ops@example.com, lead@example.com.' },
      { channel: 'webhook', ok: true, message: 'The webhook accepted the test alert.' },
    ]);
    expect(smtp.received.slice(before.mails).map((m) => m.to)).toEqual([['ops@example.com', 'lead@example.com']]);
    expect(smtp.received.at(-1)!.raw).toContain('Subject: Sluice: test alert');
    expect(hook.posts.slice(before.posts).map((p) => p.text.split('\n')[0])).toEqual(['*Sluice: test alert*']);
    expect((await owner.caller.alerts.get()).emails).toEqual([]);
  });

  it('reports a webhook answering an error as a sentence', async () => {
    const owner = await mailing.signUp('alerts-test-500@example.com');
    hook.answer(500);
    try {
      expect(await owner.caller.alerts.test({ emails: [], webhookUrl: hook.url })).toEqual({ outcomes: [{ channel: 'webhook', ok: false, message: 'The alert webhook answered HTTP 500.' }] });
    } finally {
      hook.answer(200);
    }
  });

  it('says email needs the operator’s SMTP server, and gives the SSRF guard’s refusal of a private webhook as a sentence, sending nothing', async () => {
    const guarded = await openTestEnv({ workers: false, mongo: mailing.mongo });
    try {
      const owner = await guarded.signUp('alerts-test-guarded@example.com');
      expect((await owner.caller.alerts.get()).emailEnabled).toBe(false);
      const posts = hook.posts.length;
      const { outcomes } = await owner.caller.alerts.test({ emails: ['ops@example.com'], webhookUrl: hook.url });
      expect(outcomes).toEqual([
        { channel: 'email', ok: false, message: 'No email was sent: the operator has not set up an SMTP server for this Sluice (SLUICE_SMTP_URL).' },
        { channel: 'webhook', ok: false, message: expect.stringMatching(/^127\.0\.0\.1 resolves to 127\.0\.0\.1, a private or local address\. Sluice only calls public addresses/) },
      ]);
      expect(hook.posts.length).toBe(posts);
    } finally {
      await guarded.close();
    }
  });
});
