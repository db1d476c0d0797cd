import type { ConnectorFactory } from '@sluice/engine';
import { mailchimpApp } from './mailchimp.app';
import { type McDeps, createMailchimpConnector } from './mailchimp.connector';

export { mailchimpApp } from './mailchimp.app';
export { createMailchimpConnector, type McDeps } from './mailchimp.connector';
export { mailchimpOAuth } from './mailchimp.oauth';
export { subscriberHash } from './mailchimp.mapping';

/** Mailchimp (`"connector": "mailchimp"`), its requests made under `deps` (whether private addresses may be called). */
export const createMailchimpFactory = (deps: McDeps = {}): ConnectorFactory => ({ app: mailchimpApp, create: (context) => createMailchimpConnector(context, deps) });
