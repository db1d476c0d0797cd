import { assertPublicUrl } from '@sluice/connectors';
import { z } from 'zod';
import { audit } from '../audit/audit.recorder';
import { adminProcedure, router } from '../trpc';

const alertSettingsInput = z
  .object({
    emails: z.array(z.email().max(320)).max(20),
    /** Empty: no webhook. */
    webhookUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]).optional(),
    failureShare: z.number().min(0).max(1),
  })
  .strict();

/**
 * Where a workspace's alerts go (docs/go-live.md, "Alerts"): email addresses (sent when the operator
 * configured SMTP) and a Slack-compatible webhook. Admins and the owner only.
 */
export const alertsRouter = router({
  get: adminProcedure.query(async ({ ctx }) => {
    const settings = await ctx.db.alerts.getSettings(ctx.user.workspaceId);
    return { ...settings, webhookUrl: settings.webhookUrl ?? '' };
  }),

  /** Replaces the settings. A webhook URL must pass the SSRF guard now, and again at each send. */
  update: adminProcedure.input(alertSettingsInput).mutation(async ({ ctx, input }) => {
    const webhookUrl = input.webhookUrl || undefined;
    if (webhookUrl) await assertPublicUrl(webhookUrl, { allowPrivate: ctx.connectors.allowPrivateUrls === true });
    const emails = [...new Set(input.emails.map((e) => e.trim().toLowerCase()))];
    await ctx.db.alerts.setSettings(ctx.user.workspaceId, { emails, failureShare: input.failureShare, ...(webhookUrl ? { webhookUrl } : {}) }, ctx.now());
    await audit(ctx, {
      action: 'alerts.updated',
      target: { type: 'alerts', id: ctx.user.workspaceId },
      summary: `Set alerts to ${emails.length === 0 ? 'no email address' : emails.length === 1 ? '1 email address' : `${emails.length} email addresses`}${webhookUrl ? ' and a webhook' : ''}.`,
      details: { emails: emails.length, webhook: webhookUrl !== undefined, failureShare: input.failureShare },
    });
    return { emails, webhookUrl: webhookUrl ?? '', failureShare: input.failureShare };
  }),
});
