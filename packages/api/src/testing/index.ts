export { openTestEnv, silentLog, type TestEnv } from './test-env';
