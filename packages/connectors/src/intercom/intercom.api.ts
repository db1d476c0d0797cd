import { createHash } from 'node:crypto';
import { UserError } from '@sluice/core';
import type { ConnectorContext } from '@sluice/engine';
import { type HttpClient, type HttpClientOptions, createHttpClient } from '../http/http-client';
import { REGION_HOSTS, regionOf } from './intercom.endpoint';

/** What Intercom requests run under: the operator's private-address setting, and test seams. */
export type IcDeps = Pick<HttpClientOptions, 'allowPrivateUrls' | 'clock' | 'random' | 'fetch' | 'retry'>;

/** The API version every request names (`Intercom-Version`), the one the vendor description is of. */
export const INTERCOM_VERSION = '2.16';

export const AUTH_HELP =
  'In Intercom open Settings → Integrations → Developer Hub, open your app → Configure → Authentication and copy its access token; check that the region matches your workspace (US, EU or Australia).';

/**
 * The HTTP client for one Intercom workspace: Bearer token (an app's access token, or an OAuth token),
 * `Intercom-Version: 2.16`, the region's host (the credential's `region`, else `config.region`) unless
 * `config.baseUrl` or the credential's sealed `apiBaseUrl` replace it. Intercom allows 10,000 calls a
 * minute per app, spread over 10-second windows; its `X-RateLimit-*` headers drive the budget.
 */
export function createIntercomHttp(context: ConnectorContext, deps: IcDeps): HttpClient {
  const cred = context.credential ?? {};
  const token = (cred.accessToken ?? cred.apiKey ?? cred.apiToken)?.trim();
  if (!token) throw new UserError('E_CONFIG', `Intercom needs an access token. ${AUTH_HELP}`);
  const explicit = context.config.baseUrl ?? cred.apiBaseUrl;
  const baseUrl = explicit ? String(explicit) : REGION_HOSTS[regionOf(cred.region ?? context.config.region)];
  return createHttpClient({
    app: { id: 'intercom', name: 'Intercom', authHelp: AUTH_HELP },
    baseUrl,
    account: createHash('sha256').update(token).digest('hex').slice(0, 16),
    headers: { authorization: `Bearer ${token}`, 'intercom-version': INTERCOM_VERSION },
    // 10,000 a minute is ~166 a second; the headers' remaining count slows Sluice before the window runs out.
    budget: { capacity: 50, refillPerSecond: 100 },
    allowPrivateUrls: deps.allowPrivateUrls,
    clock: deps.clock,
    random: deps.random,
    fetch: deps.fetch,
    retry: deps.retry,
  });
}
