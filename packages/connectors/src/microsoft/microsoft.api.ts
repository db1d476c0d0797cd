import { createHash } from 'node:crypto';
import { UserError, isUserError } from '@sluice/core';
import type { ConnectorContext } from '@sluice/engine';
import { type HttpClient, createHttpClient } from '../http/http-client';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { refresherOfContext } from '../google/oauth-refresher';
import { CONTACT_SELECT } from './microsoft.mapping';
import { microsoftOAuth } from './microsoft.oauth';
import { type MsContact, msContactSchema } from './microsoft.schemas';

export const GRAPH_ROOT = 'https://graph.microsoft.com/v1.0';
export const RECONNECT = 'Reconnect Outlook (Microsoft 365) in the connection settings and allow Sluice to read and write your contacts.';

/** A Graph client bound to one account, its token kept fresh, and the calls every part of the connector makes. */
export interface MsApi {
  http: HttpClient;
  /** Where requests go (`https://graph.microsoft.com/v1.0`, or the operator's override). */
  root: string;
  /** Runs `fn`; on a refused access token, refreshes once and runs it again. */
  call<T>(fn: () => Promise<T>): Promise<T>;
  /** The contact with `id`, or undefined when Outlook has none (deleted). */
  contact(id: string, signal?: AbortSignal): Promise<MsContact | undefined>;
}

/** Whether an error is the app's 404 (the contact or folder does not exist). */
export const isNotFound = (error: unknown) => isUserError(error) && error.code === 'E_APP_REJECTED' && error.details?.status === 404;

/**
 * The Graph client of a credential: OAuth Bearer tokens refreshed before they expire or when Graph
 * answers 401 (one refresh at a time, the new tokens handed to `onCredentialRefresh` for the vault),
 * requests paced for Outlook's limit of 10,000 a mailbox in 10 minutes, 429 and 503 waited out as
 * `Retry-After` says (the HTTP client's policy). `config.baseUrl` or the credential's `apiBaseUrl`
 * replace the root (the operator's proxy, tests); `config.tokenUrl` is the operator's token endpoint.
 */
export function createMicrosoftApi(context: ConnectorContext, deps: HttpDeps): MsApi {
  const cred = context.credential ?? {};
  if (!cred.accessToken && !cred.refreshToken) throw new UserError('E_CONFIG', `Outlook (Microsoft 365) is not connected yet. ${RECONNECT}`);
  // The app's token endpoint, or the operator's override in `config`; never one a credential names.
  const oauth = refresherOfContext(context, { appName: 'Microsoft', tokenUrl: microsoftOAuth.tokenUrl, reconnectHelp: RECONNECT }, deps);
  const root = String(context.config.baseUrl ?? cred.apiBaseUrl ?? GRAPH_ROOT).replace(/\/+$/, '');
  const http = createHttpClient({
    app: { id: 'microsoft-365', name: 'Outlook (Microsoft 365)', authHelp: RECONNECT },
    baseUrl: root,
    // The refresh token outlives access tokens, so the request budget stays the same across refreshes.
    account: createHash('sha256').update(cred.refreshToken ?? cred.accessToken ?? '').digest('hex').slice(0, 16),
    headers: () => oauth.headers(),
    // Outlook allows 10,000 requests per mailbox in 10 minutes (about 16 a second).
    budget: { capacity: 20, refillPerSecond: 15 },
    ...deps,
  });
  const call = <T>(fn: () => Promise<T>) => oauth.withToken(fn);
  return {
    http,
    root,
    call,
    async contact(id, signal) {
      try {
        return await call(() => http.get(`/me/contacts/${encodeURIComponent(id)}`, { query: { $select: CONTACT_SELECT }, schema: msContactSchema, signal }));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}
