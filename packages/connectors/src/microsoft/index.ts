import type { ConnectorFactory } from '@sluice/engine';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { microsoftApp } from './microsoft.app';
import { createMicrosoftConnector } from './microsoft.connector';

export { microsoftApp } from './microsoft.app';
export { createMicrosoftConnector } from './microsoft.connector';
export { microsoftOAuth } from './microsoft.oauth';

/** Outlook contacts through Microsoft Graph (`"connector": "microsoft-365"`), its requests made under `deps`. */
export const createMicrosoftFactory = (deps: HttpDeps = {}): ConnectorFactory => ({ app: microsoftApp, create: (context) => createMicrosoftConnector(context, deps) });
