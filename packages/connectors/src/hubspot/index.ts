import type { ConnectorFactory } from '@sluice/engine';
import { hubspotApp } from './hubspot.app';
import { createHubSpotConnector } from './hubspot.connector';

export { hubspotApp } from './hubspot.app';
export { createHubSpotConnector } from './hubspot.connector';
export { hubspotOAuth } from './hubspot.oauth';

/** Registers HubSpot (`"connector": "hubspot"`). */
export const hubspotConnector: ConnectorFactory = { app: hubspotApp, create: (context) => createHubSpotConnector(context) };
