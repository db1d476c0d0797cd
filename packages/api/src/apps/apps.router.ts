import { checkMapping, defaultPairs, mappingSchema, valueTableProblems } from '@sluice/engine';
import { UserError } from '@sluice/core';
import { z } from 'zod';
import { openConnector } from '@sluice/runtime';
import type { ConnectorDirectory } from '@sluice/runtime';
import { FILE_APPS, workspaceFilesFolder } from '@sluice/runtime';
import { router, viewerProcedure } from '../trpc';

const appId = z.string().min(1).max(64);

export function appOrThrow(directory: ConnectorDirectory, id: string) {
  const factory = directory.get(id);
  if (!factory) throw new UserError('E_NOT_FOUND', `There is no app "${id}".`);
  return factory.app;
}

/** The connector catalog: apps, their logos and auth, field catalogs, and default mappings of a pair. */
export const appsRouter = router({
  /**
   * Every app. File apps (jsonl, csv) also give `filesFolder`: the folder on the server that holds
   * this workspace's files, where their paths start (created when missing, so it can be shown).
   */
  list: viewerProcedure.query(async ({ ctx }) => {
    const root = ctx.connectors.filesRoot;
    const filesFolder = root ? await workspaceFilesFolder(root, ctx.user.workspaceId) : undefined;
    return ctx.connectors
      .list()
      .map((app) => ({
        id: app.id,
        name: app.name,
        logo: app.logo,
        auth: app.auth,
        capabilities: app.capabilities,
        batchLimit: app.batchLimit,
        // What each side of a connection to this app chooses besides its key (a Mailchimp audience).
        settings: app.settings ?? [],
        ...(filesFolder && FILE_APPS.has(app.id) ? { filesFolder } : {}),
      }))
      .sort((x, y) => x.name.localeCompare(y.name));
  }),

  get: viewerProcedure.input(z.object({ id: appId }).strict()).query(({ ctx, input }) => appOrThrow(ctx.connectors, input.id)),

  /** The app's fields: the live catalog (custom fields included) when a credential is given. */
  fields: viewerProcedure
    .input(z.object({ id: appId, credentialId: z.string().min(1).max(1000).optional(), config: z.record(z.string(), z.unknown()).optional() }).strict())
    .query(async ({ ctx, input }) => {
      const app = appOrThrow(ctx.connectors, input.id);
      if (!input.credentialId && app.auth.kind !== 'none') return app.fields;
      ctx.work.readFromApps('field list');
      const connector = await openConnector(ctx.db, ctx.connectors, ctx.user.workspaceId, {
        connector: input.id,
        config: input.config ?? {},
        ...(input.credentialId ? { credentialId: input.credentialId } : {}),
      });
      try {
        return await connector.fieldCatalog();
      } finally {
        await connector.close?.();
      }
    }),

  /**
   * The values one of the app's settings may take: its own list, or for `choices: 'account'` what the
   * account behind the credential holds (a Mailchimp key's audiences), read from the app.
   */
  settingChoices: viewerProcedure
    .input(z.object({ id: appId, key: z.string().min(1).max(64), credentialId: z.string().min(1).max(1000) }).strict())
    .query(async ({ ctx, input }) => {
      const app = appOrThrow(ctx.connectors, input.id);
      // The credential first: another workspace's id is not found, whatever else the input says.
      const credential = await ctx.db.credentials.get(ctx.user.workspaceId, input.credentialId);
      if (!credential) throw new UserError('E_NOT_FOUND', `No credential "${input.credentialId}" in this workspace.`);
      const setting = app.settings?.find((s) => s.key === input.key);
      if (!setting) throw new UserError('E_CONFIG', `${app.name} has no setting "${input.key}".`);
      if (setting.choices !== 'account') return [...setting.choices];
      ctx.work.readFromApps('setting choices');
      const connector = await openConnector(ctx.db, ctx.connectors, ctx.user.workspaceId, { connector: input.id, config: {}, credentialId: input.credentialId });
      try {
        return (await connector.settingChoices?.(input.key, AbortSignal.timeout(20_000))) ?? [];
      } finally {
        await connector.close?.();
      }
    }),

  /** The mapping a new connection between these apps starts with. */
  defaultMapping: viewerProcedure.input(z.object({ a: appId, b: appId }).strict()).query(({ ctx, input }) => {
    const a = appOrThrow(ctx.connectors, input.a);
    const b = appOrThrow(ctx.connectors, input.b);
    return defaultPairs(a.fields, b.fields).map((p) => ({
      a: p.a,
      b: p.b,
      direction: p.aToB && p.bToA ? ('both' as const) : p.aToB ? ('aToB' as const) : ('bToA' as const),
    }));
  }),

  /**
   * Whether a custom field mapping between these apps can work, and if not, why (`E_TYPE_MISMATCH: …`):
   * its fields and types, its transforms step by step, and its value table both ways it flows.
   */
  checkMapping: viewerProcedure
    .input(z.object({ a: appId, b: appId, mapping: mappingSchema.extend({ a: z.string().min(1).max(1000), b: z.string().min(1).max(1000) }) }).strict())
    .query(({ ctx, input }) => {
      const [problem] = input.mapping.values ? valueTableProblems({ ...input.mapping, values: input.mapping.values }) : [];
      if (problem) return { ok: false as const, reason: `E_VALUE_TABLE: ${problem}` };
      const checked = checkMapping(input.mapping, appOrThrow(ctx.connectors, input.a).fields, appOrThrow(ctx.connectors, input.b).fields);
      return checked.ok ? { ok: true as const } : { ok: false as const, reason: checked.reason };
    }),
});
