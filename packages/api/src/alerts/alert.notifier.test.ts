import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyRunCounts, type Run, type RunCounts } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpListener, webhookReceiver, type SmtpListener, type WebhookReceiver } from '../testing/alert-receivers';
import { openTestEnv, type TestEnv } from '../testing/test-env';
import { ALERT_WINDOW_MS, AlertNotifier, outcomesOf } from '@sluice/runtime';
import { createAlertSenders, type AlertSenders } from '@sluice/runtime';

const counts = (over: Partial<RunCounts> = {}): RunCounts => ({ ...emptyRunCounts(), ...over });

let runs = 0;
const run = (status: Run['status'], over: Partial<Run> = {}): Run => ({ id: `r-${++runs}`, kind: 'incremental', status, startedAt: 0, counts: counts(), errors: [], ...over });

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let env: TestEnv;
let smtp: SmtpListener;
let hook: WebhookReceiver;
let senders: AlertSenders;
beforeAll(async () => {
  env = await openTestEnv({ workers: false, allowPrivateUrls: true });
  smtp = await smtpListener();
  hook = await webhookReceiver();
  senders = createAlertSenders({ smtpUrl: smtp.url, from: 'sluice@example.com', allowPrivateUrls: true });
});
afterAll(async () => {
  await senders.close();
  await smtp.close();
  await hook.close();
  await env.close();
});

/** A workspace with one connection, alerting to one address and the local webhook. */
async function workspaceWithAlerts(prefix: string) {
  const owner = await env.signUp(`${prefix}@example.com`);
  const files = await env.filesOf(owner.user.workspaceId);
  await writeFile(join(files, 'a.jsonl'), '');
  await writeFile(join(files, 'b.jsonl'), '');
  const apps = { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } };
  const connection = await owner.caller.connections.create({ name: `${prefix} CRM`, apps });
  await owner.caller.alerts.update({ emails: [`ops-${prefix}@example.com`], webhookUrl: hook.url, failureShare: 0.1 });
  return { owner, connection, scope: { workspaceId: owner.user.workspaceId, connectionId: connection.id } };
}

describe('alerts', () => {
  it('a failed run emails and posts once an hour, sends what happened meanwhile as one digest, and says when it works again', async () => {
    const { scope } = await workspaceWithAlerts('alerts-failed');
    let now = Date.UTC(2030, 0, 1, 9, 0, 0);
    const notifier = new AlertNotifier({ db: env.store, senders, log: silent, publicUrl: 'https://sluice.example.com', now: () => now });
    const mails = smtp.received.length;
    const posts = hook.posts.length;
    const failed = (message: string) => ({ type: 'run' as const, ...scope, at: now, run: run('failed', { errors: [{ code: 'E_APP_UNAVAILABLE', message }] }) });

    await notifier.handle(failed('HubSpot answered 503 three times.'));
    expect(smtp.received.slice(mails).map((m) => m.to)).toEqual([['ops-alerts-failed@example.com']]);
    const mail = smtp.received.at(-1)!.raw;
    expect(mail).toContain('Subject: =?UTF-8?'); // the connection's name is quoted with “ ”: an encoded subject
    // The body is quoted-printable: long lines are cut with soft breaks ("=" at the end of a line).
    expect(mail).toContain('HubSpot answered 503 three times.');
    expect(mail.replaceAll('=\r\n', '')).toContain(`https://sluice.example.com/connections/${scope.connectionId}/history`);
    expect(hook.posts.slice(posts).map((p) => p.text.split('\n')[0])).toEqual(['*Sluice: “alerts-failed CRM” a run failed*']);

    now += 10 * 60_000;
    await notifier.handle(failed('HubSpot answered 503 again.'));
    now += 10 * 60_000;
    await notifier.handle(failed('HubSpot answered 502.'));
    expect(smtp.received.length - mails).toBe(1);
    expect(hook.posts.length - posts).toBe(1);
    expect(await notifier.flushDigests()).toBe(0);

    now += ALERT_WINDOW_MS;
    expect(await notifier.flushDigests()).toBe(1);
    expect(hook.posts.at(-1)!.text).toContain('happened 2 more times in the connection “alerts-failed CRM”. The last time: HubSpot answered 502.');
    expect(smtp.received.length - mails).toBe(2);

    await notifier.handle({ type: 'run', ...scope, at: now, run: run('succeeded', { counts: counts({ read: { a: 10, b: 0 } }) }) });
    expect(hook.posts.at(-1)!.text.split('\n')[0]).toBe('*Sluice: “alerts-failed CRM” is working again*');
    // Resolved once: another good run says nothing more.
    await notifier.handle({ type: 'run', ...scope, at: now, run: run('succeeded') });
    expect(hook.posts.length - posts).toBe(3);
    expect(smtp.received.length - mails).toBe(3);
  });

  it('alerts when a connection needs new access, and when failed records pass the workspace share', async () => {
    const { scope } = await workspaceWithAlerts('alerts-share');
    const notifier = new AlertNotifier({ db: env.store, senders, log: silent, now: () => Date.UTC(2030, 0, 2) });
    const posts = hook.posts.length;
    await notifier.handle({ type: 'state', ...scope, at: 0, state: 'needsReauth', error: { code: 'E_AUTH_REJECTED', message: 'Pipedrive refused the API token.' } });
    // 1 of 20 (5%) is under the 10% share; 3 of 20 (15%) is over it.
    await notifier.handle({ type: 'run', ...scope, at: 0, run: run('succeeded', { counts: counts({ read: { a: 20, b: 0 }, failed: 1 }) }) });
    await notifier.handle({ type: 'run', ...scope, at: 0, run: run('succeeded', { counts: counts({ read: { a: 12, b: 8 }, failed: 3 }) }) });
    expect(hook.posts.slice(posts).map((p) => p.text)).toEqual([
      '*Sluice: “alerts-share CRM” needs new access*\nPipedrive refused the API token.',
      '*Sluice: “alerts-share CRM” records failed*\n3 of 20 records failed in the last run (15%, above the 10% limit).',
    ]);
  });

  it('sends nothing for a cause the workspace turned off, and still alerts the others', async () => {
    const { owner, scope } = await workspaceWithAlerts('alerts-muted');
    await owner.caller.alerts.update({ emails: [], webhookUrl: hook.url, failureShare: 0.1, causes: ['needsReauth'] });
    const notifier = new AlertNotifier({ db: env.store, senders, log: silent, now: () => Date.UTC(2030, 0, 3) });
    const posts = hook.posts.length;
    await notifier.handle({ type: 'run', ...scope, at: 0, run: run('failed', { errors: [{ code: 'E_APP_UNAVAILABLE', message: 'Down.' }] }) });
    await notifier.handle({ type: 'state', ...scope, at: 0, state: 'needsReauth', error: { code: 'E_AUTH_REJECTED', message: 'Pipedrive refused the API token.' } });
    expect(hook.posts.slice(posts).map((p) => p.text.split('\n')[0])).toEqual(['*Sluice: “alerts-muted CRM” needs new access*']);
  });

  it('sends nothing for a workspace without alert settings', async () => {
    const owner = await env.signUp('alerts-none@example.com');
    const notifier = new AlertNotifier({ db: env.store, senders, log: silent });
    const before = { mails: smtp.received.length, posts: hook.posts.length };
    await notifier.handle({ type: 'run', workspaceId: owner.user.workspaceId, connectionId: 'c-none', at: 0, run: run('failed') });
    expect({ mails: smtp.received.length, posts: hook.posts.length }).toEqual(before);
  });
});

describe('alert settings', () => {
  it('refuses a webhook on a private address when private URLs are not allowed, with a sentence, keeping the old settings', async () => {
    const guarded = await openTestEnv({ workers: false, mongo: env.mongo });
    try {
      const owner = await guarded.signUp('alerts-ssrf@example.com');
      await owner.caller.alerts.update({ emails: ['ops@example.com'], webhookUrl: '', failureShare: 0.2 });
      await expect(owner.caller.alerts.update({ emails: [], webhookUrl: 'http://127.0.0.1:9/hook', failureShare: 0.1 })).rejects.toThrow(
        /127\.0\.0\.1 resolves to 127\.0\.0\.1, a private or local address/,
      );
      expect(await owner.caller.alerts.get()).toEqual({ emails: ['ops@example.com'], webhookUrl: '', failureShare: 0.2, causes: ['runFailed', 'needsReauth', 'failures', 'guardTripped'], emailEnabled: false, allCauses: ['runFailed', 'needsReauth', 'failures', 'guardTripped'] });
      const { entries } = await owner.caller.audit.list({ targetType: 'alerts' });
      expect(entries.map((e) => e.summary)).toEqual(['Set alerts to 1 email address.']);
    } finally {
      await guarded.close();
    }
  });
});

describe('guard alerts', () => {
  it('a connection waiting for approval alerts with the guard’s sentence, and resolves once it runs again', () => {
    const at = 1;
    const scope = { workspaceId: 'w', connectionId: 'c' };
    const message = 'The guard held this run back before its first write: it would change 3 records in B (the guard allows 2). Nothing was written.';
    expect(outcomesOf({ type: 'state', ...scope, state: 'awaitingApproval', at, error: { code: 'E_GUARD_TRIPPED', message } }, { failureShare: 0.1 })).toEqual([
      { kind: 'occur', cause: 'guardTripped', sentence: `${message} Review it and continue, or cancel.` },
    ]);
    expect(outcomesOf({ type: 'state', ...scope, state: 'live.syncing', at }, { failureShare: 0.1 })).toContainEqual({ kind: 'resolve', cause: 'guardTripped' });
  });
});
