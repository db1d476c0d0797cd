export { openTestEnv, silentLog, type TestEnv } from './test-env';
export { placeholderIds, procedureInputs, publicProcedures, scopedProcedures, type OwnerIds } from './procedure-inputs';
export { liveListenerCount } from './live-signal';
export { until } from './until';
export { smtpListener, webhookReceiver, type SmtpListener, type WebhookReceiver } from './alert-receivers';
