import type { ConnectorFactory } from '@sluice/engine';
import type { HttpDeps } from './pipedrive.connector';
import { pipedriveApp } from './pipedrive.app';
import { createPipedriveConnector } from './pipedrive.connector';

export { pipedriveApp } from './pipedrive.app';
export { createPipedriveConnector, type HttpDeps } from './pipedrive.connector';
export { pipedriveOAuth } from './pipedrive.oauth';

/** Pipedrive (`"connector": "pipedrive"`), its requests made under `deps` (whether private addresses may be called). */
export const createPipedriveFactory = (deps: HttpDeps = {}): ConnectorFactory => ({ app: pipedriveApp, create: (context) => createPipedriveConnector(context, deps) });
