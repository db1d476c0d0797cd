import { UserError } from '@sluice/core';
import type { AppDescription, Connector, ConnectorFactory } from '@sluice/engine';
import { appCatalog } from '../sdk/app-catalog';
import { groupByKey, normalizeKeyValue } from '../sdk/match-value';
import { idempotentBatch, sandboxChanges } from './sandbox-batch';
import { parseSandboxConfig } from './sandbox-config';
import { prospectToContact } from './sandbox-outreach.mapping';
import { createOutreachService } from './sandbox-outreach.service';
import { ensureSandboxSeeded } from './sandbox-seed';
import { PROSPECT_STATUSES, type SandboxStore } from './sandbox-store.port';

const logo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#7c3aed"/><path d="M12 20l20 14 20-14v24H12z" fill="#ede9fe"/><path d="M12 20h40L32 34z" fill="#c4b5fd"/><path d="M44 44l8 8M52 44l-8 8" stroke="#fbbf24" stroke-width="3" stroke-linecap="round"/></svg>`;

export const sandboxOutreachApp: AppDescription = {
  id: 'sandbox-outreach',
  name: 'Sandbox Outreach',
  logo,
  auth: {
    kind: 'none',
    help: 'A demo cold-email tool (Woodpecker-like: prospects with tags and a status) stored inside Sluice, seeded with demo contacts. No key needed.',
  },
  fields: [
    ...appCatalog(
      ['id', 'email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle', 'website', 'address.city', 'address.state', 'address.country', 'tags', 'unsubscribed', 'deleted', 'updatedAt'],
      { jobTitle: { label: 'Title' }, unsubscribed: { label: 'Blacklisted (unsubscribed)' } },
    ),
    { path: 'custom.snippet1', type: 'string', label: 'Snippet 1', custom: true },
    { path: 'custom.status', type: 'string', label: 'Prospect status', custom: true, readOnly: true, options: PROSPECT_STATUSES },
  ],
  capabilities: { incremental: true, deletions: true, deals: false, tags: true, lists: false, owner: false, unsubscribe: true, webhooks: false },
  batchLimit: 500,
};

/** The Sandbox Outreach app over a sandbox store. Config `{ workspaceId?, seed? }`. */
export function createSandboxOutreachFactory(store: SandboxStore, options: { now?: () => Date } = {}): ConnectorFactory {
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const outreach = createOutreachService(store, now);
  return {
    app: sandboxOutreachApp,
    create(context): Connector {
      const { workspaceId, seed } = parseSandboxConfig(sandboxOutreachApp.name, context.config);
      const ready = async () => {
        if (seed) await ensureSandboxSeeded(store, workspaceId);
      };
      return {
        app: sandboxOutreachApp,
        fieldCatalog: async () => sandboxOutreachApp.fields,
        checkAuth: ready,
        async *changes(cursor, opts = {}) {
          await ready();
          const pageSize = Math.max(1, Math.min(opts.pageSize ?? 500, 1000));
          yield* sandboxChanges(store, workspaceId, 'prospects', cursor, pageSize, async (docs) => docs.map(prospectToContact), opts.signal);
        },
        async getMany(ids) {
          await ready();
          return outreach.getContacts(workspaceId, ids);
        },
        async findByKey(key, values) {
          await ready();
          const normalized = [...new Set(values.map((v) => normalizeKeyValue(key, v)).filter((v): v is string => v !== undefined))];
          const found = normalized.length ? await store.findBy(workspaceId, 'prospects', key === 'email' ? 'emailKey' : 'phoneKeys', normalized) : [];
          return groupByKey(key, values, found.map(prospectToContact));
        },
        async upsertBatch(writes, idempotencyKey) {
          if (writes.length > sandboxOutreachApp.batchLimit) {
            throw new UserError('E_BATCH_TOO_LARGE', `Sandbox Outreach takes at most ${sandboxOutreachApp.batchLimit} records per batch.`);
          }
          await ready();
          return idempotentBatch(store, workspaceId, sandboxOutreachApp.id, writes, idempotencyKey, now, (planned) =>
            outreach.applyWrites(workspaceId, planned, sandboxOutreachApp.fields),
          );
        },
      };
    },
  };
}
