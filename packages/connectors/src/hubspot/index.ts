import type { ConnectorFactory } from '@sluice/engine';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { hubspotApp } from './hubspot.app';
import { createHubSpotConnector } from './hubspot.connector';

export { hubspotApp } from './hubspot.app';
export { createHubSpotConnector } from './hubspot.connector';
export { hubspotOAuth } from './hubspot.oauth';

/** HubSpot (`"connector": "hubspot"`), its requests made under `deps` (whether private addresses may be called). */
export const createHubSpotFactory = (deps: HttpDeps = {}): ConnectorFactory => ({ app: hubspotApp, create: (context) => createHubSpotConnector(context, deps) });
