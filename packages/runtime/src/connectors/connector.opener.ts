import { assertPublicUrl, guardRequestUrl } from '@sluice/connectors';
import type { Connector, ConnectionConfig } from '@sluice/engine';
import { UserError } from '@sluice/core';
import type { Store } from '@sluice/store';
import type { ConnectorDirectory } from './connector-directory';
import { ENDPOINT_FIELDS, endpointSettings } from './credential-endpoint';
import { FILE_APPS, confineFileConfig } from './workspace-files';

type AppSide = ConnectionConfig['apps']['a'];

const URL_KEYS = ['baseUrl', 'apiBaseUrl', 'tokenUrl', 'url'];

/**
 * Checks what a user put in a connector config before anything is stored or called: URLs must be
 * public (SSRF guard; the directory's `allowPrivateUrls` lifts it) and file apps stay inside the
 * workspace's files folder. Returns the config with file paths made real and absolute.
 */
export async function checkAppConfig(directory: ConnectorDirectory, workspaceId: string, side: AppSide): Promise<Record<string, unknown>> {
  const factory = directory.get(side.connector);
  if (!factory) throw new UserError('E_UNKNOWN_APP', `There is no app "${side.connector}".`);
  const config = { ...side.config };
  for (const key of URL_KEYS) {
    const value = config[key];
    if (typeof value !== 'string' || value.length === 0) continue;
    // A URL that parses is checked in the app's name, so a name that does not resolve reads as "could not reach <App>".
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url) await guardRequestUrl(factory.app.name, url, { allowPrivateUrls: directory.allowPrivateUrls === true });
    else await assertPublicUrl(value, { allowPrivate: directory.allowPrivateUrls === true });
  }
  if (!FILE_APPS.has(side.connector)) return config;
  if (!directory.filesRoot) throw new UserError('E_FILE_APPS_DISABLED', 'File apps are not available on this server.');
  return confineFileConfig(directory.filesRoot, workspaceId, factory.app.name, config);
}

/**
 * Builds the connector of one side of a connection: checked config, decrypted credential (never
 * leaves this call), refreshed OAuth tokens stored back encrypted.
 */
export async function openConnector(db: Store, directory: ConnectorDirectory, workspaceId: string, side: AppSide): Promise<Connector> {
  const factory = directory.get(side.connector);
  if (!factory) throw new UserError('E_UNKNOWN_APP', `There is no app "${side.connector}".`);
  const config = await checkAppConfig(directory, workspaceId, side);
  const credentialId = side.credentialId;
  const credential = credentialId ? await revealFor(db, workspaceId, credentialId, side.connector) : undefined;
  if (factory.app.auth.kind !== 'none' && !credential) {
    throw new UserError('E_NO_CREDENTIAL', `${factory.app.name} needs an account: add one under Credentials and pick it for this connection.`);
  }
  // With a credential, where requests go is the credential's to say (and the token URL the app's).
  const bound = credential ? endpointSettings(factory.app.name, config, credential, directory.tokenUrls?.[side.connector]) : config;
  return factory.create({
    // Sandbox apps keep their records in Sluice's own database, per workspace.
    config: side.connector.startsWith('sandbox-') ? { ...bound, workspaceId } : bound,
    ...(credential ? { credential } : {}),
    ...(credentialId
      ? {
          onCredentialRefresh: async (next: Record<string, string>) => {
            // New tokens; the address the credential was added for stays.
            await db.credentials.replaceSecret(workspaceId, credentialId, { ...next, ...pickEndpoint(credential!) });
            await db.credentials.markChecked(workspaceId, credentialId, 'ok');
          },
        }
      : {}),
  });
}

/** The secret of a credential of this workspace made for `app`; another app's key is never handed over. */
async function revealFor(db: Store, workspaceId: string, credentialId: string, app: string): Promise<Record<string, string>> {
  const info = await db.credentials.get(workspaceId, credentialId);
  if (info && info.app !== app) throw new UserError('E_CREDENTIAL_APP', `Credential "${info.label}" is for ${info.app}, not ${app}.`);
  return db.credentials.revealForEngine(workspaceId, credentialId);
}

function pickEndpoint(secret: Record<string, string>): Record<string, string> {
  return Object.fromEntries(ENDPOINT_FIELDS.filter((f) => f !== 'tokenUrl' && secret[f] !== undefined).map((f) => [f, secret[f]!]));
}

/** Both sides of a connection. */
export async function openConnectors(db: Store, directory: ConnectorDirectory, workspaceId: string, config: Pick<ConnectionConfig, 'apps'>): Promise<{ a: Connector; b: Connector }> {
  const a = await openConnector(db, directory, workspaceId, config.apps.a);
  try {
    return { a, b: await openConnector(db, directory, workspaceId, config.apps.b) };
  } catch (e) {
    await a.close?.();
    throw e;
  }
}

/** Closes both, ignoring close failures. */
export async function closeConnectors(connectors: { a: Connector; b: Connector }): Promise<void> {
  await Promise.allSettled([connectors.a.close?.(), connectors.b.close?.()]);
}
