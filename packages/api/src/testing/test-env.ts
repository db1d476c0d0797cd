import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectorRegistry, createSandboxEditor, type SandboxEditor } from '@sluice/connectors';
import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';
import type { ConnectorFactory } from '@sluice/engine';
import { openStore, type Store } from '@sluice/store';
import type { ApiSettings } from '../api.settings';
import { defaultAuthSettings, type AuthSettings } from '../auth/auth.settings';
import { createContextInner, memorySessionCookie, type ApiUser } from '../context';
import { directoryFromRegistry, type ConnectorDirectory } from '@sluice/runtime';
import { workspaceFilesFolder } from '@sluice/runtime';
import { userForSession } from '../auth/session.resolver';
import { createCaller } from '../root';
import { SyncWorker } from '@sluice/runtime';

export const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A real stack for router tests: embedded database, store, file apps in a temp folder, real workers. */
export interface TestEnv {
  mongo: EmbeddedMongo;
  store: Store;
  connectors: ConnectorDirectory;
  sandbox: SandboxEditor;
  worker: SyncWorker;
  /** The server's files root; each workspace's files are in its own folder under it (`filesOf`). */
  filesRoot: string;
  /** The files folder of a workspace (created), where its file apps' paths start. */
  filesOf(workspaceId: string): Promise<string>;
  /** Sign-up mode and limits every caller of this env sees. */
  auth: AuthSettings;
  /** A caller with no session. */
  anonymous(): ReturnType<typeof createCaller>;
  /** Signs up a new account (its own workspace) and returns a caller signed in as it. */
  signUp(email?: string, password?: string): Promise<{ caller: ReturnType<typeof createCaller>; user: ApiUser; token: string }>;
  /** A caller for an existing session token. */
  as(token: string): Promise<ReturnType<typeof createCaller>>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * `workers: false` leaves the env's sync worker stopped (for tests that run their own); `tokenUrls` and
 * `allowPrivateUrls` (apps on local fakes) as the server's directory has them. Sign-up is open unless `auth` says otherwise, so each test can make
 * as many separate workspaces as it needs.
 */
export async function openTestEnv(
  options: {
    factories?: ConnectorFactory[];
    mongo?: EmbeddedMongo;
    workers?: boolean;
    tokenUrls?: Record<string, string>;
    allowPrivateUrls?: boolean;
    auth?: Partial<AuthSettings>;
    /** The clock procedures stamp audit entries and versions with (default: the wall clock). */
    now?: () => number;
    /** The operator's settings procedures see (default: none configured). */
    settings?: ApiSettings;
  } = {},
): Promise<TestEnv> {
  const auth: AuthSettings = { ...defaultAuthSettings, signUp: 'open', ...options.auth };
  const mongo = options.mongo ?? (await startEmbeddedMongo({ dataDir: ':memory:' }));
  const filesRoot = await mkdtemp(join(tmpdir(), 'sluice-api-'));
  const store = await openStore({ uri: mongo.uri, dbName: `api_test_${process.pid}_${++counter}`, secretKey: randomBytes(32).toString('hex') });
  const sandboxStore = store.sandbox;
  const { allowPrivateUrls } = options;
  const connectors = directoryFromRegistry(createConnectorRegistry({ sandboxStore, factories: options.factories ?? [], allowPrivateUrls }), { filesRoot, tokenUrls: options.tokenUrls, allowPrivateUrls });
  const sandbox = createSandboxEditor(sandboxStore);
  const worker = new SyncWorker({ db: store, connectors, log: silentLog, pollMs: 50, leaseTtlMs: 10_000, intervalMs: 60_000 });
  if (options.workers !== false) worker.start();
  const context = (user: ApiUser | null, token: string | null) =>
    createContextInner({ db: store, engine: worker, connectors, sandbox, user, session: memorySessionCookie(token), origin: 'http://127.0.0.1:3000', auth, now: options.now, settings: options.settings });
  const env: TestEnv = {
    mongo,
    store,
    connectors,
    sandbox,
    worker,
    filesRoot,
    filesOf: (workspaceId) => workspaceFilesFolder(filesRoot, workspaceId),
    auth,
    anonymous: () => createCaller(context(null, null)),
    async as(token) {
      return createCaller(context(await userForSession(store, token), token));
    },
    async signUp(email = `user${++counter}@example.com`, password = 'correct horse battery') {
      const jar = memorySessionCookie();
      await createCaller(createContextInner({ db: store, engine: worker, connectors, session: jar, auth, now: options.now })).auth.signUp({ email, password, name: email.split('@')[0]! });
      const token = jar.token!;
      const user = (await userForSession(store, token))!;
      return { caller: createCaller(context(user, token)), user, token };
    },
    async close() {
      await worker.stop();
      await store.close();
      if (!options.mongo) await mongo.close();
      await rm(filesRoot, { recursive: true, force: true });
    },
  };
  return env;
}
