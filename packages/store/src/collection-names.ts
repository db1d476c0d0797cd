/**
 * Every collection the store uses: DESIGN.md "Storage", plus `members`/`invitations` (accounts),
 * `auth_attempts` (sign-in limits), `instance` (installation-wide claims),
 * `record_health` and `write_intents` (engine ports), `audit_log` and `connection_versions` (who changed
 * what), `alert_settings` and `alert_states` (alerts and their once-an-hour bookkeeping) and `sandbox_*`
 * (the sandbox demo apps).
 */
export const COLLECTIONS = {
  users: 'users',
  workspaces: 'workspaces',
  members: 'members',
  invitations: 'invitations',
  sessions: 'sessions',
  authAttempts: 'auth_attempts',
  instance: 'instance',
  credentials: 'credentials',
  connections: 'connections',
  graphs: 'graphs',
  templates: 'templates',
  links: 'links',
  checkpoints: 'checkpoints',
  runs: 'runs',
  recordEvents: 'record_events',
  recordHealth: 'record_health',
  writeIntents: 'write_intents',
  leases: 'leases',
  machineSnapshots: 'machine_snapshots',
  liveEvents: 'live_events',
  auditLog: 'audit_log',
  connectionVersions: 'connection_versions',
  alertSettings: 'alert_settings',
  alertStates: 'alert_states',
  sandboxPeople: 'sandbox_people',
  sandboxOrgs: 'sandbox_orgs',
  sandboxDeals: 'sandbox_deals',
  sandboxProspects: 'sandbox_prospects',
  sandboxIdempotency: 'sandbox_idempotency',
  sandboxCounters: 'sandbox_counters',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
