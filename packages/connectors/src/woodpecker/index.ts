import type { ConnectorFactory } from '@sluice/engine';
import { woodpeckerApp } from './woodpecker.app';
import { createWoodpeckerConnector } from './woodpecker.connector';

export { woodpeckerApp } from './woodpecker.app';
export { createWoodpeckerConnector } from './woodpecker.connector';

/** Registers Woodpecker (`"connector": "woodpecker"`). */
export const woodpeckerConnector: ConnectorFactory = { app: woodpeckerApp, create: (context) => createWoodpeckerConnector(context) };
