import type { Contact, FieldCatalog } from '@sluice/graph';

/**
 * The port every app plugs into (implemented in packages/connectors). The engine only ever talks to
 * apps through this interface. Errors: throw `UserError` (bad key, bad config: `E_AUTH_REJECTED`,
 * `E_CONFIG`...) or `OperationalError` (network, 5xx, 429 with `retryAfterMs`); a record the app
 * refused is a `WriteResult` with `ok: false`, not a thrown error.
 */
export interface Connector {
  readonly app: AppDescription;
  /** The live field catalog (custom fields included). Defaults to `app.fields` for fixed apps. */
  fieldCatalog(signal?: AbortSignal): Promise<FieldCatalog>;
  /** Resolves when the credentials work; throws `UserError('E_AUTH_REJECTED', …)` when the app refuses them. */
  checkAuth(signal?: AbortSignal): Promise<void>;
  /**
   * Everything changed after `cursor` (`null`: everything), one page at a time. Pulled, so the
   * consumer's pace is the producer's pace (back-pressure). Each page carries the cursor that resumes
   * right after it; the engine stores it only after the page's writes are committed. Deleted records
   * come as `{ id, deleted: true, ... }` when the app reports deletions.
   */
  changes(cursor: string | null, options?: ChangesOptions): AsyncIterable<ChangePage>;
  /** Records by id; ids that do not exist are left out of the answer. */
  getMany(ids: readonly string[], signal?: AbortSignal): Promise<Contact[]>;
  /** Records whose `key` equals one of `values` (emails compared trimmed and lower-cased, phones as E.164). */
  findByKey(key: MatchKey, values: readonly string[], signal?: AbortSignal): Promise<Map<string, Contact[]>>;
  /**
   * Creates (no `id`) or updates (with `id`) up to `app.batchLimit` records. Calling again with the same
   * `idempotencyKey` and writes must not create anything twice (a retried batch whose answer was lost).
   */
  upsertBatch(writes: readonly ContactWrite[], idempotencyKey: string, signal?: AbortSignal): Promise<WriteResult[]>;
  /**
   * The values a setting whose choices come from the account (`AppSetting.choices: 'account'`) may
   * take, e.g. a Mailchimp key's audiences. Needs only the credential, not the setting itself.
   */
  settingChoices?(key: string, signal?: AbortSignal): Promise<SettingChoice[]>;
  /** Releases sockets, file handles, timers. */
  close?(): Promise<void>;
}

/** One value a connection setting may take. */
export interface SettingChoice {
  value: string;
  label: string;
  /** A sentence that helps choose (what the choice does, how many contacts an audience holds). */
  help?: string;
}

/**
 * A setting a connection side needs besides its credential, asked for when the connection is set up
 * (the wizard's access step), stored in that side's `config` under `key`.
 */
export interface AppSetting {
  key: string;
  label: string;
  help?: string;
  /** `'account'`: read from the app once the credential is checked (`Connector.settingChoices`); else these. */
  choices: 'account' | readonly SettingChoice[];
  /** Used when the side's config has no value. */
  default?: string;
  /** A connection cannot sync without it. */
  required?: boolean;
}

export type AuthKind = 'none' | 'apiKey' | 'oauth2';
export type MatchKey = 'email' | 'phone';

export interface AppCapabilities {
  /** `changes(cursor)` returns only what changed since the cursor (else every run reads everything). */
  incremental: boolean;
  /** Deleted records are reported (`deleted: true`) by `changes`. */
  deletions: boolean;
  /** Records carry `deals` counts. */
  deals: boolean;
  tags: boolean;
  lists: boolean;
  owner: boolean;
  unsubscribe: boolean;
  /** The app can call us back when something changes. */
  webhooks: boolean;
}

export interface AppDescription {
  /** Stable id used in `sluice.connection/v1` (`"connector": "pipedrive"`) and in graphs (`source.app`). */
  id: string;
  name: string;
  /** SVG markup of the app's logo (square, small). */
  logo: string;
  auth: {
    kind: AuthKind;
    /** Where a user finds the key, in one or two sentences. */
    help?: string;
    /**
     * Choices asked next to the key that are stored with it in the credential, because the key works
     * only with them (Intercom's region: a token is valid on its workspace's host only). Fixed choices.
     */
    keySettings?: readonly AppSetting[];
  };
  /** The fields every account of this app has (custom fields come from `fieldCatalog()`). */
  fields: FieldCatalog;
  capabilities: AppCapabilities;
  /** Most records one `upsertBatch` call may carry. */
  batchLimit: number;
  /** Settings each connection side chooses (an audience, how new contacts are added). */
  settings?: readonly AppSetting[];
}

export interface ChangesOptions {
  signal?: AbortSignal;
  /** Preferred page size; connectors clamp it to what the app allows. */
  pageSize?: number;
}

/**
 * A record a connector could not read (a JSONL line that is not JSON, a CSV row that does not
 * parse): the engine records it as failed in history, with the message, and syncs the rest of the
 * page. The connector must keep the unreadable data where it is (a file rewrite copies the line).
 */
export interface ReadFailure {
  /** The record's id when it could be read, else where it sits: `contacts.jsonl line 17`. */
  ref: string;
  /** Stable code, e.g. `E_FILE_FORMAT`. */
  code: string;
  /** One sentence for the user, naming the file and line where there is one. */
  message: string;
}

export interface ChangePage {
  records: Contact[];
  /** Records of this page that could not be read (optional; most apps never have any). */
  failures?: ReadFailure[];
  /** Resumes right after this page. Opaque to the engine. */
  cursor: string;
  /** False on the last page of this pass. */
  hasMore: boolean;
}

/**
 * One write. `fields` is keyed by dotted canonical path (`email`, `address.city`, `custom.industry`,
 * `tags`); `null` clears the field. Only the fields listed are touched.
 */
export interface ContactWrite {
  /** The caller's correlation id, echoed in the result (the engine uses the source record's id). */
  ref: string;
  /** The target record to update; absent to create one. */
  id?: string;
  fields: Record<string, unknown>;
}

export type WriteResult =
  | { ref: string; ok: true; id: string; created: boolean; record: Contact }
  | { ref: string; ok: false; code: string; message: string };

/** What a connector is built from: the connection's `config` for its side and the decrypted credential. */
export interface ConnectorContext {
  config: Record<string, unknown>;
  /** Decrypted secret fields (API key, OAuth tokens); never logged. */
  credential?: Record<string, string>;
  /** Called when OAuth tokens were refreshed, so the caller can store the new ones encrypted. */
  onCredentialRefresh?(credential: Record<string, string>): Promise<void>;
  signal?: AbortSignal;
}

export interface ConnectorFactory {
  app: AppDescription;
  create(context: ConnectorContext): Connector;
}
