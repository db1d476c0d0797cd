/**
 * How Sluice asks a vendor for access with the OAuth 2.0 authorization-code grant (RFC 6749 §4.1):
 * where the consent page and the token endpoint are, which scopes to ask for and how the client
 * proves who it is. The client id and secret are the operator's, so they are not part of this.
 */
export interface OAuthProvider {
  /** The Sluice app id this provider grants access to (`google-contacts`, `hubspot`, `pipedrive`). */
  appId: string;
  /** Prefix of the operator's environment variables: `SLUICE_<envPrefix>_CLIENT_ID`, `…_CLIENT_SECRET`. */
  envPrefix: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** Scopes to ask for (space-separated in the URL); empty when the vendor sets them on the app itself. */
  scopes: readonly string[];
  /** Whether the vendor supports PKCE with S256 (RFC 7636): Sluice then always sends a challenge. */
  pkce: boolean;
  /** Where the client id/secret go on the token endpoint: the form body or HTTP Basic. */
  clientAuth: 'body' | 'basic';
  /** Extra query parameters of the authorize URL (e.g. Google's `access_type=offline`). */
  authorizeParams?: Readonly<Record<string, string>>;
  /** Where the vendor's developers register the redirect URL, for the operator's docs and messages. */
  consoleHelp: string;
}
