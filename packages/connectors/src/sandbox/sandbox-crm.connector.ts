import { type Contact } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { AppDescription, Connector, ConnectorFactory } from '@sluice/engine';
import { appCatalog } from '../sdk/app-catalog';
import { groupByKey, normalizeKeyValue } from '../sdk/match-value';
import { idempotentBatch, sandboxChanges } from './sandbox-batch';
import { parseSandboxConfig } from './sandbox-config';
import { createCrmService } from './sandbox-crm.service';
import { ensureSandboxSeeded } from './sandbox-seed';
import { SANDBOX_INDUSTRIES, type SandboxStore } from './sandbox-store.port';

const logo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0f766e"/><circle cx="32" cy="24" r="9" fill="#ccfbf1"/><path d="M15 50c2-10 9-15 17-15s15 5 17 15" fill="#ccfbf1"/><circle cx="48" cy="16" r="7" fill="#fbbf24"/><path d="M45 16h6M48 13v6" stroke="#0f766e" stroke-width="2.2" stroke-linecap="round"/></svg>`;

export const sandboxCrmApp: AppDescription = {
  id: 'sandbox-crm',
  name: 'Sandbox CRM',
  logo,
  auth: {
    kind: 'none',
    help: 'A demo CRM (Pipedrive-like: people, organizations, deals) stored inside Sluice, seeded with demo contacts. No key needed; edit its records in Sluice to watch changes sync.',
  },
  fields: [
    ...appCatalog(
      ['id', 'email', 'firstName', 'lastName', 'phone', 'mobile', 'company', 'jobTitle', 'address.street', 'address.city', 'address.zip', 'address.state', 'address.country', 'tags', 'owner', 'deleted', 'deals.count', 'deals.open', 'deals.won', 'deals.value', 'updatedAt'],
      { tags: { label: 'Labels' }, company: { label: 'Organization' }, owner: { label: 'Owner (sales rep)' } },
    ),
    { path: 'custom.industry', type: 'string', label: 'Industry', custom: true, options: SANDBOX_INDUSTRIES },
  ],
  capabilities: { incremental: true, deletions: true, deals: true, tags: true, lists: false, owner: true, unsubscribe: false, webhooks: false },
  batchLimit: 500,
};

/**
 * The Sandbox CRM app over a sandbox store. Config `{ workspaceId?, seed? }`.
 * @example createSandboxCrmFactory(store).create({ config: { workspaceId: 'ws1' } })
 */
export function createSandboxCrmFactory(store: SandboxStore, options: { now?: () => Date } = {}): ConnectorFactory {
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const crm = createCrmService(store, now);
  return {
    app: sandboxCrmApp,
    create(context): Connector {
      const { workspaceId, seed } = parseSandboxConfig(sandboxCrmApp.name, context.config);
      const ready = async () => {
        if (seed) await ensureSandboxSeeded(store, workspaceId);
      };
      return {
        app: sandboxCrmApp,
        fieldCatalog: async () => sandboxCrmApp.fields,
        checkAuth: ready,
        async *changes(cursor, opts = {}) {
          await ready();
          const pageSize = Math.max(1, Math.min(opts.pageSize ?? 500, 1000));
          yield* sandboxChanges(store, workspaceId, 'people', cursor, pageSize, (docs) => crm.toContacts(workspaceId, docs), opts.signal);
        },
        async getMany(ids) {
          await ready();
          return crm.getContacts(workspaceId, ids);
        },
        async findByKey(key, values) {
          await ready();
          const normalized = [...new Set(values.map((v) => normalizeKeyValue(key, v)).filter((v): v is string => v !== undefined))];
          const people = normalized.length ? await store.findBy(workspaceId, 'people', key === 'email' ? 'emailKey' : 'phoneKeys', normalized) : [];
          const contacts: Contact[] = await crm.toContacts(workspaceId, people);
          return groupByKey(key, values, contacts);
        },
        async upsertBatch(writes, idempotencyKey) {
          if (writes.length > sandboxCrmApp.batchLimit) {
            throw new UserError('E_BATCH_TOO_LARGE', `Sandbox CRM takes at most ${sandboxCrmApp.batchLimit} records per batch.`);
          }
          await ready();
          return idempotentBatch(store, workspaceId, sandboxCrmApp.id, writes, idempotencyKey, now, (planned) =>
            crm.applyWrites(workspaceId, planned, sandboxCrmApp.fields),
          );
        },
      };
    },
  };
}
