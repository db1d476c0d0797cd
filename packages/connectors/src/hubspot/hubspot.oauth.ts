import type { OAuthProvider } from '../google/oauth-provider';

/**
 * HubSpot's OAuth for public and private-distribution apps: the scopes the connector needs (lists are
 * optional, so a portal without list access can still connect), client credentials in the form body.
 * HubSpot does not document PKCE, so none is sent.
 */
export const hubspotOAuth: OAuthProvider = {
  appId: 'hubspot',
  envPrefix: 'HUBSPOT',
  authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
  tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
  scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read', 'crm.objects.deals.read'],
  pkce: false,
  clientAuth: 'body',
  authorizeParams: { optional_scope: 'crm.lists.read crm.lists.write' },
  consoleHelp: 'HubSpot developer account → Apps → your app → Auth (redirect URL and the scopes above)',
};
