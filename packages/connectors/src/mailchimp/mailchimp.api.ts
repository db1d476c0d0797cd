import { createHash } from 'node:crypto';
import { UserError, isUserError } from '@sluice/core';
import type { ConnectorContext } from '@sluice/engine';
import { type HttpClient, type HttpClientOptions, createHttpClient } from '../http/http-client';
import { apiRootOf, dataCentreOfKey } from './mailchimp.endpoint';
import { OAUTH_METADATA_URL } from './mailchimp.oauth';
import { type McMember, mcMemberSchema, mcOAuthMetadataSchema } from './mailchimp.schemas';

/**
 * What Mailchimp requests run under: the operator's private-address setting, and test seams
 * (simulated time, a fixed random, another fetch, where OAuth metadata is read).
 */
export type McDeps = Pick<HttpClientOptions, 'allowPrivateUrls' | 'clock' | 'random' | 'fetch' | 'retry'> & { oauthMetadataUrl?: string };

export const AUTH_HELP =
  'Create a new key in Mailchimp (profile → Extras → API keys) and paste it in the connection, with its ending such as "-us6", or reconnect with Mailchimp.';

/** Members requests read only what the mapping uses (Mailchimp's `fields` parameter). */
export const MEMBER_FIELDS = ['id', 'contact_id', 'email_address', 'status', 'merge_fields', 'tags', 'last_changed'];

/** An HTTP client bound to the right data centre, and the member calls every part of the connector makes. */
export interface McApi {
  http(): Promise<HttpClient>;
  /** The member at `idOrHash` (contact id, subscriber hash), or undefined when the audience has none. */
  member(listId: string, idOrHash: string, signal?: AbortSignal): Promise<McMember | undefined>;
}

/**
 * Where requests go and how they authenticate, from the credential: an API key (HTTP Basic, the data
 * centre from its ending) or an OAuth access token (Bearer, the data centre from Mailchimp's OAuth
 * metadata, read once). `config.baseUrl` or the credential's sealed `apiBaseUrl` replace the root.
 */
export function createMailchimpApi(context: ConnectorContext, deps: McDeps): McApi {
  const cred = context.credential ?? {};
  const apiKey = (cred.apiKey ?? cred.apiToken)?.trim();
  const token = cred.accessToken?.trim();
  if (!apiKey && !token) throw new UserError('E_CONFIG', `Mailchimp needs an API key. ${AUTH_HELP}`);
  const explicit = context.config.baseUrl ?? cred.apiBaseUrl;
  if (apiKey && !explicit && !dataCentreOfKey(apiKey)) {
    throw new UserError('E_CONFIG', `This Mailchimp API key has no data-centre ending (such as "-us6"): copy the whole key from Mailchimp → profile → Extras → API keys.`);
  }
  const secret = apiKey ?? token!;
  const seams = { allowPrivateUrls: deps.allowPrivateUrls, clock: deps.clock, random: deps.random, fetch: deps.fetch, retry: deps.retry };
  const app = { id: 'mailchimp', name: 'Mailchimp', authHelp: AUTH_HELP };
  let client: Promise<HttpClient> | undefined;

  async function root(): Promise<string> {
    if (explicit) return String(explicit);
    if (apiKey) return apiRootOf(dataCentreOfKey(apiKey)!);
    const url = deps.oauthMetadataUrl ?? OAUTH_METADATA_URL;
    const metadata = createHttpClient({ app, baseUrl: url, headers: { authorization: `OAuth ${token}` }, budget: false, ...seams });
    return apiRootOf((await metadata.get(url, { schema: mcOAuthMetadataSchema })).dc);
  }

  const api: McApi = {
    http() {
      client ??= root().then((baseUrl) =>
        createHttpClient({
          app,
          baseUrl,
          account: createHash('sha256').update(secret).digest('hex').slice(0, 16),
          // Mailchimp takes the key as the password of HTTP Basic (any user name), OAuth tokens as Bearer.
          headers: { authorization: apiKey ? `Basic ${Buffer.from(`sluice:${apiKey}`).toString('base64')}` : `Bearer ${token}` },
          // No rate-limit headers: Mailchimp allows 10 connections at once per account. Stay under that.
          budget: { capacity: 10, refillPerSecond: 10 },
          ...seams,
        }),
      );
      // A failed lookup (metadata unreachable) is not kept: the next call tries again.
      client.catch(() => (client = undefined));
      return client;
    },
    async member(listId, idOrHash, signal) {
      const http = await api.http();
      try {
        return await http.get(`/lists/${encodeURIComponent(listId)}/members/${encodeURIComponent(idOrHash)}`, {
          query: { fields: MEMBER_FIELDS.join(',') },
          schema: mcMemberSchema,
          signal,
        });
      } catch (error) {
        if (isUserError(error) && error.code === 'E_APP_REJECTED' && error.details?.status === 404) return undefined;
        throw error;
      }
    },
  };
  return api;
}
