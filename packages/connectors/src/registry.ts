import { UserError } from '@sluice/core';
import type { AppDescription, ConnectorFactory } from '@sluice/engine';
import { csvConnectorFactory } from './files/csv.connector';
import { jsonlConnectorFactory } from './files/jsonl.connector';
import { createGoogleContactsFactory } from './google';
import { createHubSpotFactory } from './hubspot';
import { createIntercomFactory } from './intercom';
import { createMailchimpFactory } from './mailchimp';
import { createMicrosoftFactory } from './microsoft';
import { createPipedriveFactory } from './pipedrive';
import { createWoodpeckerFactory } from './woodpecker';
import { createMemorySandboxStore } from './sandbox/memory-sandbox.store';
import { createSandboxCrmFactory } from './sandbox/sandbox-crm.connector';
import { createSandboxOutreachFactory } from './sandbox/sandbox-outreach.connector';
import type { SandboxStore } from './sandbox/sandbox-store.port';

/** Every app Sluice can connect to, by id (`"connector": "<id>"` in `sluice.connection/v1`). */
export interface ConnectorRegistry {
  /** The factory of an app; `UserError('E_UNKNOWN_APP')` naming the known ones when there is none. */
  getConnectorFactory(id: string): ConnectorFactory;
  has(id: string): boolean;
  /** Descriptions of every app (logo, auth help, fields, capabilities), sorted by name. */
  listApps(): AppDescription[];
  /** Adds an app, or replaces the one with the same id. */
  register(factory: ConnectorFactory): void;
}

export interface ConnectorRegistryOptions {
  /** Where the sandbox apps keep their data: the MongoDB store in the server, memory otherwise. */
  sandboxStore?: SandboxStore;
  /** More apps (or replacements of built-in ones, by id). */
  factories?: readonly ConnectorFactory[];
  now?: () => Date;
  /**
   * Whether the HTTP apps may call loopback, private and link-local addresses (the operator's
   * `SLUICE_ALLOW_PRIVATE_URLS`: self-hosted apps on their own network, and tests' local fakes).
   * Default off: such URLs are refused (SSRF guard).
   */
  allowPrivateUrls?: boolean;
}

/**
 * A registry with the built-in apps (jsonl, csv, Sandbox CRM, Sandbox Outreach, HubSpot, Pipedrive,
 * Woodpecker, Google Contacts, Mailchimp, Intercom, Outlook (Microsoft 365)) and any `factories`.
 * @example
 * const registry = createConnectorRegistry({ sandboxStore: mongoSandboxStore, allowPrivateUrls: config.allowPrivateUrls });
 * const connector = registry.getConnectorFactory('pipedrive').create({ config, credential });
 */
export function createConnectorRegistry(options: ConnectorRegistryOptions = {}): ConnectorRegistry {
  const sandboxStore = options.sandboxStore ?? createMemorySandboxStore();
  const byId = new Map<string, ConnectorFactory>();
  const register = (factory: ConnectorFactory) => {
    byId.set(factory.app.id, factory);
  };
  const http = { allowPrivateUrls: options.allowPrivateUrls === true };
  for (const factory of [
    jsonlConnectorFactory,
    csvConnectorFactory,
    createSandboxCrmFactory(sandboxStore, { now: options.now }),
    createSandboxOutreachFactory(sandboxStore, { now: options.now }),
    createHubSpotFactory(http),
    createPipedriveFactory(http),
    createWoodpeckerFactory(http),
    createGoogleContactsFactory(http),
    createMailchimpFactory(http),
    createIntercomFactory(http),
    createMicrosoftFactory(http),
    ...(options.factories ?? []),
  ]) {
    register(factory);
  }
  return {
    register,
    has: (id) => byId.has(id),
    getConnectorFactory(id) {
      const factory = byId.get(id);
      if (!factory) {
        throw new UserError('E_UNKNOWN_APP', `There is no app "${id}". Known apps: ${[...byId.keys()].sort().join(', ')}.`);
      }
      return factory;
    },
    listApps: () => [...byId.values()].map((f) => f.app).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * The process-wide registry: built-in apps, sandbox data in memory. The server builds its own with
 * `createConnectorRegistry({ sandboxStore })` to keep sandbox data in its database.
 */
export const connectorRegistry: ConnectorRegistry = createConnectorRegistry();

/** `connectorRegistry.getConnectorFactory(id)`. */
export function getConnectorFactory(id: string): ConnectorFactory {
  return connectorRegistry.getConnectorFactory(id);
}

/** `connectorRegistry.listApps()`. */
export function listApps(): AppDescription[] {
  return connectorRegistry.listApps();
}
