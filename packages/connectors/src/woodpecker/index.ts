import type { ConnectorFactory } from '@sluice/engine';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { woodpeckerApp } from './woodpecker.app';
import { createWoodpeckerConnector } from './woodpecker.connector';

export { woodpeckerApp } from './woodpecker.app';
export { createWoodpeckerConnector } from './woodpecker.connector';

/** Woodpecker (`"connector": "woodpecker"`), its requests made under `deps` (whether private addresses may be called). */
export const createWoodpeckerFactory = (deps: HttpDeps = {}): ConnectorFactory => ({ app: woodpeckerApp, create: (context) => createWoodpeckerConnector(context, deps) });
