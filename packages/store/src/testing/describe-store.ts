import { randomBytes } from 'node:crypto';
import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../open-store';

/** A fixed test key (hex), so tests never touch a key file unless they mean to. */
export const TEST_SECRET_KEY = 'a1'.repeat(32);

export interface StoreContext {
  /** The open store (valid inside tests). */
  readonly store: Store;
  /** The MongoDB URI the store talks to. */
  readonly uri: string;
  /** A database name for this suite (tests opening a second store use the same). */
  readonly dbName: string;
}

const REAL_URI = process.env.MONGODB_URI_TEST;
let noted = false;

/**
 * Runs `body` twice: against a throwaway embedded server (always) and against the real MongoDB at
 * `MONGODB_URI_TEST` (skipped, with a note, when it is not set). Each run gets its own database.
 */
export function describeStore(title: string, body: (ctx: StoreContext) => void, options: Partial<OpenStoreOptions> = {}): void {
  variant(`${title} [embedded]`, false, body, options);
  if (!REAL_URI && !noted) {
    noted = true;
    console.warn('note: store tests against real MongoDB are skipped; set MONGODB_URI_TEST=mongodb://… to run them.');
  }
  describe.skipIf(!REAL_URI)(`${title} [real MongoDB${REAL_URI ? '' : ': set MONGODB_URI_TEST'}]`, () => {
    variantBody(true, body, options);
  });
}

function variant(title: string, real: boolean, body: (ctx: StoreContext) => void, options: Partial<OpenStoreOptions>): void {
  describe(title, () => variantBody(real, body, options));
}

function variantBody(real: boolean, body: (ctx: StoreContext) => void, options: Partial<OpenStoreOptions>): void {
  let server: EmbeddedMongo | undefined;
  let store: Store | undefined;
  let uri = '';
  const dbName = `sluice_test_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    if (real) uri = REAL_URI!;
    else {
      server = await startEmbeddedMongo({ dataDir: ':memory:' });
      uri = server.uri;
    }
    store = await openStore({ uri, dbName, secretKey: TEST_SECRET_KEY, ...options });
  });
  afterAll(async () => {
    if (real) await store?.db.dropDatabase().catch(() => undefined);
    await store?.close();
    await server?.close();
  });
  body({
    get store() {
      if (!store) throw new Error('store not open yet: use ctx.store inside a test');
      return store;
    },
    get uri() {
      return uri;
    },
    dbName,
  });
}
