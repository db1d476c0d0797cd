import type { ConnectorFactory } from '@sluice/engine';
import { googleApp } from './google.app';
import { createGoogleContactsConnector } from './google.connector';

export { googleApp } from './google.app';
export { createGoogleContactsConnector } from './google.connector';
export { OAuthRefresher, type OAuthCredential } from './oauth-refresher';
export { googleOAuth } from './google.oauth';
export type { OAuthProvider } from './oauth-provider';

/** Registers Google Contacts (`"connector": "google-contacts"`). */
export const googleContactsConnector: ConnectorFactory = { app: googleApp, create: (context) => createGoogleContactsConnector(context) };
