import type { ConnectionScope, SyncStores } from '@sluice/engine';
import { MongoClient, type Db } from 'mongodb';
import { AlertsRepo } from './repos/alerts.repo';
import { AuditRepo } from './repos/audit.repo';
import { AuthAttemptsRepo } from './repos/auth-attempts.repo';
import { CheckpointsRepo } from './repos/checkpoints.repo';
import { ConnectionsRepo } from './repos/connections.repo';
import { CredentialsRepo } from './repos/credentials.repo';
import { GraphsRepo } from './repos/graphs.repo';
import { HealthRepo } from './repos/health.repo';
import { InstanceRepo } from './repos/instance.repo';
import { InvitationsRepo } from './repos/invitations.repo';
import { LeasesRepo } from './repos/leases.repo';
import { LinksRepo } from './repos/links.repo';
import { MachineSnapshotsRepo } from './repos/machine-snapshots.repo';
import { LiveEventsRepo } from './repos/live-events.repo';
import { MembersRepo } from './repos/members.repo';
import { RecordEventsRepo } from './repos/record-events.repo';
import { RunsRepo } from './repos/runs.repo';
import { SandboxRepo } from './repos/sandbox.repo';
import { SessionsRepo } from './repos/sessions.repo';
import { TemplatesRepo } from './repos/templates.repo';
import { UsersRepo } from './repos/users.repo';
import { WorkspacesRepo } from './repos/workspaces.repo';
import { WriteIntentsRepo } from './repos/write-intents.repo';
import { purgeConnection } from './purge-connection';
import { ensureIndexes } from './store-indexes';
import { migrateLegacyRoles } from './migrate-roles';
import { DEFAULT_RETENTION, type Retention } from './retention';
import { CredentialVault } from './vault/credential.vault';
import { loadKeyRing } from './vault/load-key-ring';

export interface OpenStoreOptions {
  /** `mongodb://…` of the embedded server or a real MongoDB. */
  uri: string;
  /** Database name; default `sluice`. */
  dbName?: string;
  /** Data folder: where the generated key file lives when no secret key is given. */
  dataDir?: string;
  /** The key that encrypts credentials (the operator's `SLUICE_SECRET_KEY`); else the data folder's key file. */
  secretKey?: string;
  /** Older keys still readable (`SLUICE_SECRET_KEY_PREVIOUS`). */
  previousKeys?: string[];
  /** Days events, runs and audit entries are kept (TTL indexes); default 90, 90 and 365. */
  retention?: Partial<Retention>;
  /** Runs kept per connection, newest first; default 10,000. */
  runsKept?: number;
  /**
   * When the key ring holds older keys, re-encrypt every credential under the current key while
   * opening (default true): rotating is "set the new key, list the old one as previous, restart".
   */
  rotateOnOpen?: boolean;
  /** An already-connected client to use (it is not closed by `close()`). */
  client?: MongoClient;
}

/** Everything stored, one repository per collection, plus the vault. */
export interface Store {
  client: MongoClient;
  db: Db;
  vault: CredentialVault;
  users: UsersRepo;
  workspaces: WorkspacesRepo;
  members: MembersRepo;
  invitations: InvitationsRepo;
  sessions: SessionsRepo;
  /** Sign-in and sign-up attempt counters (limits shared by every server process). */
  authAttempts: AuthAttemptsRepo;
  /** Installation-wide claims (the first account). */
  instance: InstanceRepo;
  credentials: CredentialsRepo;
  /** Connections; their saved versions are `connections.versions`. */
  connections: ConnectionsRepo;
  /** Who changed what in a workspace (append-only). */
  audit: AuditRepo;
  /** Where alerts go, per workspace, and their once-an-hour bookkeeping. */
  alerts: AlertsRepo;
  /** The retention the TTL indexes were set to at open. */
  retention: Retention;
  graphs: GraphsRepo;
  templates: TemplatesRepo;
  links: LinksRepo;
  checkpoints: CheckpointsRepo;
  runs: RunsRepo;
  events: RecordEventsRepo;
  health: HealthRepo;
  intents: WriteIntentsRepo;
  leases: LeasesRepo;
  snapshots: MachineSnapshotsRepo;
  /** The cross-process live feed (state changes and run progress), tailed by API processes. */
  live: LiveEventsRepo;
  /** Storage of the sandbox demo apps (the connectors' `SandboxStore` port). */
  sandbox: SandboxRepo;
  /** What the re-encryption at open did (null when the ring had only one key or it was turned off). */
  rotation: { rotated: number; unreadable: number; current: number } | null;
  /** The engine's bundle of sync ports, backed by the repositories above. */
  syncStores: SyncStores;
  /** Deletes a removed connection's links, cursors, runs, events, health, intents, lease and machine. */
  purgeConnection(scope: ConnectionScope): Promise<Record<string, number>>;
  /** Answers when the database does (for `/healthz`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects, creates every index (idempotent) and loads the vault's keys.
 * @example
 * const store = await openStore({ uri: db.uri, dataDir: './.sluice' });
 * await store.links.findByA({ workspaceId, connectionId }, ['p1']);
 * await store.close();
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const ring = await loadKeyRing({
    secretKey: options.secretKey,
    previousKeys: options.previousKeys,
    dataDir: options.dataDir,
  });
  const vault = new CredentialVault(ring);
  const ownClient = !options.client;
  const client = options.client ?? new MongoClient(options.uri, { serverSelectionTimeoutMS: 10_000 });
  if (ownClient) await client.connect();
  try {
    // ignoreUndefined: an optional member left undefined is not stored (rather than stored as null).
    // forceServerObjectId: the database assigns the _id of inserted history and health documents,
    // which spares the sync's thread an ObjectId and a copy per document (nothing reads the ids back).
    const db = client.db(options.dbName ?? 'sluice', { ignoreUndefined: true, forceServerObjectId: true });
    const retention: Retention = { ...DEFAULT_RETENTION, ...options.retention };
    await ensureIndexes(db, retention);
    await migrateLegacyRoles(db);
    const links = new LinksRepo(db);
    const checkpoints = new CheckpointsRepo(db);
    const runs = new RunsRepo(db, { keep: options.runsKept });
    const events = new RecordEventsRepo(db);
    const health = new HealthRepo(db);
    const intents = new WriteIntentsRepo(db);
    const credentials = new CredentialsRepo(db, vault);
    const rotation = options.rotateOnOpen !== false && ring.ids().length > 1 ? await credentials.rotate() : null;
    return {
      client,
      db,
      vault,
      users: new UsersRepo(db),
      workspaces: new WorkspacesRepo(db),
      members: new MembersRepo(db),
      invitations: new InvitationsRepo(db),
      sessions: new SessionsRepo(db),
      authAttempts: new AuthAttemptsRepo(db),
      instance: new InstanceRepo(db),
      credentials,
      rotation,
      connections: new ConnectionsRepo(db),
      audit: new AuditRepo(db),
      alerts: new AlertsRepo(db),
      retention,
      graphs: new GraphsRepo(db),
      templates: new TemplatesRepo(db),
      links,
      checkpoints,
      runs,
      events,
      health,
      intents,
      leases: new LeasesRepo(db),
      snapshots: new MachineSnapshotsRepo(db),
      live: new LiveEventsRepo(db),
      sandbox: new SandboxRepo(db),
      syncStores: { links, checkpoints, runs, events, health, intents },
      purgeConnection: (scope) => purgeConnection(db, scope),
      async ping() {
        try {
          await db.command({ ping: 1 });
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        if (ownClient) await client.close();
      },
    };
  } catch (e) {
    if (ownClient) await client.close();
    throw e;
  }
}
