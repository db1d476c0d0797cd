import type { ConnectorFactory } from '@sluice/engine';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { googleApp } from './google.app';
import { createGoogleContactsConnector } from './google.connector';

export { googleApp } from './google.app';
export { createGoogleContactsConnector } from './google.connector';
export { OAuthRefresher, type OAuthCredential } from './oauth-refresher';
export { googleOAuth } from './google.oauth';
export type { OAuthProvider } from './oauth-provider';

/** Google Contacts (`"connector": "google-contacts"`), its requests made under `deps` (whether private addresses may be called). */
export const createGoogleContactsFactory = (deps: HttpDeps = {}): ConnectorFactory => ({ app: googleApp, create: (context) => createGoogleContactsConnector(context, deps) });
