/**
 * @sluice/store — MongoDB repositories (one per collection, every method scoped by workspace),
 * their indexes, and the credential vault.
 */
export { openStore, type OpenStoreOptions, type Store } from './open-store';
export { COLLECTIONS, type CollectionName } from './collection-names';
export { ensureIndexes, STORE_INDEXES } from './store-indexes';
export { DEFAULT_RETENTION, retentionIndexes, type Retention } from './retention';
export { AuditRepo, AUDIT_TARGETS, auditId, type AuditActor, type AuditEntry, type AuditInput, type AuditTarget, type AuditTargetType } from './repos/audit.repo';
export { AlertsRepo, ALERT_CAUSES, DEFAULT_ALERT_SETTINGS, type AlertCause, type AlertSettings, type DueDigest } from './repos/alerts.repo';
export { ConnectionVersionsRepo, type ConnectionVersion, type VersionAuthor, type VersionChange } from './repos/connection-versions.repo';
export { purgeConnection, CONNECTION_DATA } from './purge-connection';
export { CredentialVault, type SealedSecret } from './vault/credential.vault';
export { KeyRing, type VaultKey } from './vault/key-ring';
export { loadKeyRing, type KeySources } from './vault/load-key-ring';
export { addKeyToFile, readKeyFile, KEY_FILE_NAME } from './vault/key-file';
export { parseSecretKey, keyIdOf } from './vault/secret-key.parser';
export { UsersRepo, normalizeUserEmail, type User } from './repos/users.repo';
export { WorkspacesRepo, type Workspace } from './repos/workspaces.repo';
export { MembersRepo, MEMBER_ROLES, type Member, type MemberRole } from './repos/members.repo';
export { InvitationsRepo, type Invitation } from './repos/invitations.repo';
export { SessionsRepo, type Session } from './repos/sessions.repo';
export { AuthAttemptsRepo, type AttemptCount } from './repos/auth-attempts.repo';
export { InstanceRepo } from './repos/instance.repo';
export { CredentialsRepo, type CredentialInfo, type CredentialStatus } from './repos/credentials.repo';
export {
  ConnectionsRepo,
  type ConnectionRecord,
  type ConnectionSettings,
  type ConnectionStatus,
  type GraphPointer,
} from './repos/connections.repo';
export { GraphsRepo, type GraphVersionInfo, type StoredGraph } from './repos/graphs.repo';
export { TemplatesRepo, type TemplateInfo, type StoredTemplate } from './repos/templates.repo';
export { LinksRepo } from './repos/links.repo';
export { CheckpointsRepo } from './repos/checkpoints.repo';
export { RunsRepo } from './repos/runs.repo';
export { RecordEventsRepo } from './repos/record-events.repo';
export { HealthRepo } from './repos/health.repo';
export { WriteIntentsRepo } from './repos/write-intents.repo';
export { LeasesRepo } from './repos/leases.repo';
export { MachineSnapshotsRepo } from './repos/machine-snapshots.repo';
export { LiveEventsRepo, type LiveEventRecord } from './repos/live-events.repo';
export { SandboxRepo, SANDBOX_COLLECTIONS, SANDBOX_FIELDS } from './repos/sandbox.repo';
export { SandboxCounters } from './repos/sandbox-counters.repo';
