import { assertPublicUrl } from '@sluice/connectors';
import { isOperationalError, isUserError } from '@sluice/core';
import { ALERT_CAUSES } from '@sluice/store';
import { z } from 'zod';
import { audit } from '../audit/audit.recorder';
import type { ApiContext } from '../context';
import { adminProcedure, router } from '../trpc';
import { createAlertSenders } from '@sluice/runtime';

const emails = z.array(z.email().max(320)).max(20);
/** Empty: no webhook. */
const webhookUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]).optional();

const alertSettingsInput = z
  .object({
    emails,
    webhookUrl,
    failureShare: z.number().min(0).max(1),
    /** Which causes alert; absent: every cause. */
    causes: z.array(z.enum(ALERT_CAUSES)).max(ALERT_CAUSES.length).optional(),
  })
  .strict();

/** What one channel of a test alert did, in a sentence. */
interface TestOutcome {
  channel: 'email' | 'webhook';
  ok: boolean;
  message: string;
}

const emailEnabled = (ctx: ApiContext) => Boolean(ctx.settings.alertMail?.smtpUrl);
const allowPrivate = (ctx: ApiContext) => ctx.connectors.allowPrivateUrls === true;
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** Sluice's own errors are sentences already; a raw network failure ("fetch failed") is put in one. */
const webhookProblem = (e: unknown) => (isUserError(e) || isOperationalError(e) ? reason(e) : `Could not reach the webhook: ${reason(e)}.`);

/**
 * Where a workspace's alerts go (docs/go-live.md, "Alerts"): email addresses (sent when the operator
 * configured SMTP) and a Slack-compatible webhook, for the causes chosen. Admins and the owner only.
 */
export const alertsRouter = router({
  /** The settings, every cause there is, and whether the operator configured SMTP (without it, email addresses get nothing). */
  get: adminProcedure.query(async ({ ctx }) => {
    const settings = await ctx.db.alerts.getSettings(ctx.user.workspaceId);
    return { ...settings, webhookUrl: settings.webhookUrl ?? '', emailEnabled: emailEnabled(ctx), allCauses: [...ALERT_CAUSES] };
  }),

  /** Replaces the settings. A webhook URL must pass the SSRF guard now, and again at each send. */
  update: adminProcedure.input(alertSettingsInput).mutation(async ({ ctx, input }) => {
    const webhookUrl = input.webhookUrl || undefined;
    if (webhookUrl) await assertPublicUrl(webhookUrl, { allowPrivate: allowPrivate(ctx) });
    const emails = [...new Set(input.emails.map((e) => e.trim().toLowerCase()))];
    const causes = ALERT_CAUSES.filter((c) => input.causes === undefined || input.causes.includes(c));
    await ctx.db.alerts.setSettings(ctx.user.workspaceId, { emails, failureShare: input.failureShare, causes, ...(webhookUrl ? { webhookUrl } : {}) }, ctx.now());
    await audit(ctx, {
      action: 'alerts.updated',
      target: { type: 'alerts', id: ctx.user.workspaceId },
      summary: `Set alerts to ${emails.length === 0 ? 'no email address' : emails.length === 1 ? '1 email address' : `${emails.length} email addresses`}${webhookUrl ? ' and a webhook' : ''}.`,
      details: { emails: emails.length, webhook: webhookUrl !== undefined, failureShare: input.failureShare, causes },
    });
    return { emails, webhookUrl: webhookUrl ?? '', failureShare: input.failureShare, causes };
  }),

  /**
   * Sends one test message to the addresses and webhook given (the form's values, saved or not), on
   * the same channels real alerts take, and says per channel what happened. Changes nothing.
   */
  test: adminProcedure.input(z.object({ emails, webhookUrl }).strict()).mutation(async ({ ctx, input }): Promise<{ outcomes: TestOutcome[] }> => {
    const senders = createAlertSenders({ smtpUrl: ctx.settings.alertMail?.smtpUrl, from: ctx.settings.alertMail?.from ?? 'sluice@localhost', allowPrivateUrls: allowPrivate(ctx) });
    const message = {
      subject: 'Sluice: test alert',
      text: `${ctx.user.name} sent this test from the alert settings. Real alerts come here when a connection fails, needs new access, or fails on too many records.`,
    };
    const outcomes: TestOutcome[] = [];
    try {
      if (input.emails.length > 0) {
        if (!senders.emailEnabled) {
          outcomes.push({ channel: 'email', ok: false, message: 'No email was sent: the operator has not set up an SMTP server for this Sluice (SLUICE_SMTP_URL).' });
        } else {
          const to = input.emails.map((e) => e.trim().toLowerCase());
          await senders.email(to, message).then(
            () => outcomes.push({ channel: 'email', ok: true, message: `Sent a test email to ${to.join(', ')}.` }),
            (e: unknown) => outcomes.push({ channel: 'email', ok: false, message: `The SMTP server did not take the test email: ${reason(e)}` }),
          );
        }
      }
      if (input.webhookUrl) {
        const url = input.webhookUrl;
        await assertPublicUrl(url, { allowPrivate: allowPrivate(ctx) })
          .then(() => senders.webhook(url, message))
          .then(
            () => outcomes.push({ channel: 'webhook', ok: true, message: 'The webhook accepted the test alert.' }),
            (e: unknown) => outcomes.push({ channel: 'webhook', ok: false, message: webhookProblem(e) }),
          );
      }
    } finally {
      await senders.close();
    }
    return { outcomes };
  }),
});
