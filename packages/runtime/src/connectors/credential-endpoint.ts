import { UserError } from '@sluice/core';

/** Connector settings that say where requests go; with a credential, only the credential decides. */
const ENDPOINT_KEYS = ['baseUrl', 'apiBaseUrl', 'url'] as const;
/** Secret fields that say where the credential may be sent: written by whoever adds it, never by a connection. */
export const ENDPOINT_FIELDS = ['apiBaseUrl', 'apiDomain', 'tokenUrl'] as const;

const normalised = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();

/**
 * The address a credential is bound to: `apiBaseUrl` in its (encrypted) secret, set from the base URL
 * given when the credential was added or from the operator's API URL at an OAuth consent; undefined
 * means the app's own address. Pure.
 */
export function credentialEndpoint(secret: Readonly<Record<string, string>>): string | undefined {
  return secret.apiBaseUrl || undefined;
}

/**
 * A connection side's settings as its connector gets them when a credential is used: any base URL the
 * connection names must be the credential's own (else `E_CREDENTIAL_ENDPOINT`, so a member cannot point
 * the owner's key at their server), and is then dropped, since the connector reads it from the
 * credential; a token URL is never the connection's to choose: it is the app's (the operator's
 * override when there is one). Pure.
 * @example endpointSettings('Woodpecker', { baseUrl: 'https://evil.example' }, { apiKey: 'k' }) // throws E_CREDENTIAL_ENDPOINT
 */
export function endpointSettings(appName: string, config: Readonly<Record<string, unknown>>, secret: Readonly<Record<string, string>>, tokenUrl?: string): Record<string, unknown> {
  const bound = credentialEndpoint(secret);
  const out: Record<string, unknown> = { ...config };
  for (const key of ENDPOINT_KEYS) {
    const value = out[key];
    delete out[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (bound === undefined || normalised(value) !== normalised(bound)) {
      throw new UserError(
        'E_CREDENTIAL_ENDPOINT',
        `This connection would send its ${appName} credential to ${value}, but the credential was added for ${bound ?? `${appName}'s own address`}. A credential's address is fixed when it is added: add a credential for ${value} instead.`,
      );
    }
  }
  delete out.tokenUrl;
  if (tokenUrl) out.tokenUrl = tokenUrl;
  return out;
}

/**
 * The secret to store for a credential someone adds by hand: the endpoint fields are Sluice's to
 * write (a `tokenUrl` planted there would receive the refresh token and client secret), and the base
 * URL given with it becomes its bound address. Throws `E_SECRET_FIELD`. Pure.
 */
export function secretWithEndpoint(secret: Readonly<Record<string, string>>, config: Readonly<Record<string, unknown>>): Record<string, string> {
  const reserved = ENDPOINT_FIELDS.filter((f) => f in secret);
  if (reserved.length > 0) {
    throw new UserError('E_SECRET_FIELD', `"${reserved[0]}" cannot be part of a secret: give the app's address as the base URL next to the key, and Sluice binds the key to it.`);
  }
  const baseUrl = ENDPOINT_KEYS.map((k) => config[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return baseUrl ? { ...secret, apiBaseUrl: baseUrl.trim() } : { ...secret };
}
