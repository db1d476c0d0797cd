// Development entry of the embedded server's worker thread (see embedded-mongo.thread.ts): the
// sources are TypeScript, and loader hooks do not reach worker threads on Node 20 even when the
// process has them, so the thread registers tsx for itself. The production build puts a compiled
// file of this name beside the server's bundle instead, which loads no TypeScript loader.
const { register } = await import('tsx/esm/api');
register();
await import('./embedded-mongo.thread-main.ts');
