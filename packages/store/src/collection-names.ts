/** Every collection the store uses (DESIGN.md "Storage"; `record_health` and `write_intents` back engine ports). */
export const COLLECTIONS = {
  users: 'users',
  workspaces: 'workspaces',
  members: 'members',
  invitations: 'invitations',
  sessions: 'sessions',
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
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
