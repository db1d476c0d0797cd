import type { ConnectorFactory } from '@sluice/engine';
import { pipedriveApp } from './pipedrive.app';
import { createPipedriveConnector } from './pipedrive.connector';

export { pipedriveApp } from './pipedrive.app';
export { createPipedriveConnector } from './pipedrive.connector';
export { pipedriveOAuth } from './pipedrive.oauth';

/** Registers Pipedrive (`"connector": "pipedrive"`). */
export const pipedriveConnector: ConnectorFactory = { app: pipedriveApp, create: (context) => createPipedriveConnector(context) };
