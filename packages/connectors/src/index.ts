// HTTP helper for API connectors
export * from './http/clock';
export * from './http/retry-policy';
export * from './http/request-budget';
export * from './http/ssrf-guard';
export * from './http/http-client';
export * from './http/paginate';
export * from './http/token-request';
export * from './http/network-failure';

// Connector SDK helpers
export * from './sdk/apply-write';
export * from './sdk/app-catalog';
export * from './sdk/contact-fingerprint';
export * from './sdk/created-id';
export * from './sdk/keyed-mutex';
export * from './sdk/map-concurrent';
export * from './sdk/match-value';

// File apps
export { jsonlApp, jsonlConnectorFactory } from './files/jsonl.connector';
export { csvApp, csvConnectorFactory } from './files/csv.connector';
export { createFileConnector, parseFileConfig, type FileConnectorConfig } from './files/file.connector';
export { MAX_FILE_PATH_LENGTH, relativeFilePath, resolveInFolder, type FilePathKind } from './files/file-folder';

// API apps (HubSpot, Pipedrive, Woodpecker, Google Contacts, Mailchimp, Intercom, Microsoft 365)
export { hubspotApp, createHubSpotFactory, createHubSpotConnector } from './hubspot';
export { pipedriveApp, createPipedriveFactory, createPipedriveConnector, type HttpDeps } from './pipedrive';
export { woodpeckerApp, createWoodpeckerFactory, createWoodpeckerConnector } from './woodpecker';
export { mailchimpApp, createMailchimpFactory, createMailchimpConnector, subscriberHash } from './mailchimp';
export { intercomApp, createIntercomFactory, createIntercomConnector } from './intercom';
export { microsoftApp, createMicrosoftFactory, createMicrosoftConnector } from './microsoft';
export { googleApp, createGoogleContactsFactory, createGoogleContactsConnector, OAuthRefresher, type OAuthCredential } from './google';
// Their OAuth 2.0 consent (authorize/token endpoints, scopes, PKCE)
export { googleOAuth, type OAuthProvider } from './google';
export { hubspotOAuth } from './hubspot';
export { pipedriveOAuth } from './pipedrive';
export { mailchimpOAuth } from './mailchimp';
export { microsoftOAuth } from './microsoft';

// Sandbox apps
export * from './sandbox/sandbox-store.port';
export { createMemorySandboxStore } from './sandbox/memory-sandbox.store';
export { sandboxCrmApp, createSandboxCrmFactory } from './sandbox/sandbox-crm.connector';
export { sandboxOutreachApp, createSandboxOutreachFactory } from './sandbox/sandbox-outreach.connector';
export { ensureSandboxSeeded, type SandboxSeedOptions, type SandboxSeedSummary } from './sandbox/sandbox-seed';
export * from './sandbox/sandbox-editor';

// Registry
export * from './registry';
export { AddressPins, sharedAddressPins } from './http/address-pins';
