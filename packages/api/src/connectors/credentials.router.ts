import { OperationalError, UserError } from '@sluice/core';
import type { CredentialInfo } from '@sluice/store';
import { z } from 'zod';
import { appOrThrow } from '../apps/apps.router';
import { audit } from '../audit/audit.recorder';
import type { ApiContext } from '../context';
import { adminProcedure, editorProcedure, viewerProcedure, router } from '../trpc';
import { checkAppConfig } from '@sluice/runtime';
import { secretWithEndpoint } from '@sluice/runtime';
import { oauthStatus } from '@sluice/runtime';

/** A credential as an audit target: its label and app, never its secret. */
const credentialTarget = (c: Pick<CredentialInfo, 'id' | 'label'>) => ({ type: 'credential' as const, id: c.id, name: c.label });

const secret = z.record(z.string().min(1).max(64), z.string().min(1).max(8000)).refine((s) => Object.keys(s).length > 0, 'give at least one secret field');

/** What a client sees of a credential: never the secret, only the names of its fields. */
function publicInfo(c: CredentialInfo) {
  return { id: c.id, app: c.app, label: c.label, status: c.status, checkedAt: c.checkedAt ?? null, fields: c.fields, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** How long a person waits for a key check. */
const CHECK_TIMEOUT_MS = 20_000;

/**
 * Checks a secret against its app at once; `E_AUTH_REJECTED` when the app refuses it (401/403),
 * `E_NETWORK`/`E_TIMEOUT` ("Could not reach <App> (network)") when the app cannot be reached.
 */
async function checkAgainstApp(ctx: ApiContext & { user: { workspaceId: string } }, app: string, config: Record<string, unknown>, credential: Record<string, string>): Promise<void> {
  const factory = ctx.connectors.get(app);
  if (!factory) throw new UserError('E_NOT_FOUND', `There is no app "${app}".`);
  const checked = await checkAppConfig(ctx.connectors, ctx.user.workspaceId, { connector: app, config });
  const connector = factory.create({ config: checked, credential });
  const timeout = AbortSignal.timeout(CHECK_TIMEOUT_MS);
  try {
    await connector.checkAuth(timeout);
  } catch (error) {
    // Out of time while still retrying an app that does not answer: a network failure, not a refused key.
    if (timeout.aborted && error === timeout.reason) {
      throw new OperationalError('E_TIMEOUT', `Could not reach ${factory.app.name} (network): no answer within ${CHECK_TIMEOUT_MS / 1000} s.`, undefined, { cause: error });
    }
    throw error;
  } finally {
    await connector.close?.();
  }
}

/** API keys and OAuth tokens: added (checked against the app at once), listed (never the secret), re-authorised, deleted. */
export const credentialsRouter = router({
  list: viewerProcedure.input(z.object({ app: z.string().min(1).max(1000).optional() }).strict().optional()).query(async ({ ctx, input }) => {
    const list = await ctx.db.credentials.list(ctx.user.workspaceId, input?.app ? { app: input.app } : {});
    return list.map(publicInfo);
  }),

  /**
   * Apps that can be connected through an OAuth consent (POST /oauth/start), and for those the
   * operator has not configured, the environment variables to set.
   */
  oauthApps: viewerProcedure.query(({ ctx }) => oauthStatus(ctx.settings.oauth).filter((s) => ctx.connectors.get(s.app))),

  add: editorProcedure
    .input(
      z
        .object({
          app: z.string().min(1).max(64),
          label: z.string().trim().min(1).max(100),
          secret,
          /** Connector settings the check needs (e.g. a self-hosted base URL). */
          config: z.record(z.string(), z.unknown()).default({}),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      appOrThrow(ctx.connectors, input.app);
      const bound = secretWithEndpoint(input.secret, input.config);
      await checkAgainstApp(ctx, input.app, input.config, bound);
      const info = await ctx.db.credentials.create(ctx.user.workspaceId, { app: input.app, label: input.label, secret: bound, status: 'ok', checkedAt: Date.now() });
      await audit(ctx, { action: 'credential.added', target: credentialTarget(info), summary: `Added the ${input.app} credential “${info.label}”.`, details: { app: input.app, fields: info.fields } });
      return publicInfo(info);
    }),

  /** A new key or token for an existing credential (the app revoked the old one). */
  reauthorize: adminProcedure
    .input(z.object({ id: z.string().min(1).max(1000), secret, config: z.record(z.string(), z.unknown()).default({}) }).strict())
    .mutation(async ({ ctx, input }) => {
      const existing = await ctx.db.credentials.get(ctx.user.workspaceId, input.id);
      if (!existing) throw new UserError('E_NOT_FOUND', `No credential "${input.id}" in this workspace.`);
      // A new key comes with its address: the base URL given now, else the app's own.
      const bound = secretWithEndpoint(input.secret, input.config);
      await checkAgainstApp(ctx, existing.app, input.config, bound);
      await ctx.db.credentials.replaceSecret(ctx.user.workspaceId, input.id, bound);
      await ctx.db.credentials.markChecked(ctx.user.workspaceId, input.id, 'ok');
      const users = await ctx.db.connections.usingCredential(ctx.user.workspaceId, input.id);
      for (const connectionId of users) await ctx.engine.send({ workspaceId: ctx.user.workspaceId, connectionId }, 'reauthorized');
      await audit(ctx, { action: 'credential.reauthorized', target: credentialTarget(existing), summary: `Gave the ${existing.app} credential “${existing.label}” a new key.`, details: { app: existing.app, connections: users.length } });
      return publicInfo((await ctx.db.credentials.get(ctx.user.workspaceId, input.id))!);
    }),

  rename: adminProcedure.input(z.object({ id: z.string().min(1).max(1000), label: z.string().trim().min(1).max(100) }).strict()).mutation(async ({ ctx, input }) => {
    const before = await ctx.db.credentials.get(ctx.user.workspaceId, input.id);
    if (!before || !(await ctx.db.credentials.rename(ctx.user.workspaceId, input.id, input.label))) throw new UserError('E_NOT_FOUND', `No credential "${input.id}" in this workspace.`);
    await audit(ctx, { action: 'credential.renamed', target: credentialTarget({ id: input.id, label: input.label }), summary: `Renamed the credential “${before.label}” to “${input.label}”.` });
    return publicInfo((await ctx.db.credentials.get(ctx.user.workspaceId, input.id))!);
  }),

  delete: adminProcedure.input(z.object({ id: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    const users = await ctx.db.connections.usingCredential(ctx.user.workspaceId, input.id);
    if (users.length > 0) {
      throw new UserError('E_CONFLICT', `This credential is used by ${users.length} connection${users.length > 1 ? 's' : ''}; delete or change ${users.length > 1 ? 'them' : 'it'} first.`);
    }
    const before = await ctx.db.credentials.get(ctx.user.workspaceId, input.id);
    if (!before || !(await ctx.db.credentials.remove(ctx.user.workspaceId, input.id))) throw new UserError('E_NOT_FOUND', `No credential "${input.id}" in this workspace.`);
    await audit(ctx, { action: 'credential.deleted', target: credentialTarget(before), summary: `Deleted the ${before.app} credential “${before.label}”.` });
    return { deleted: true };
  }),
});
