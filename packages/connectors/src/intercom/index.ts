import type { ConnectorFactory } from '@sluice/engine';
import { intercomApp } from './intercom.app';
import { type IcDeps, createIntercomConnector } from './intercom.connector';

export { intercomApp } from './intercom.app';
export { createIntercomConnector, type IcDeps } from './intercom.connector';

/** Intercom (`"connector": "intercom"`), its requests made under `deps` (whether private addresses may be called). */
export const createIntercomFactory = (deps: IcDeps = {}): ConnectorFactory => ({ app: intercomApp, create: (context) => createIntercomConnector(context, deps) });
