import type { CheckpointsPort } from './checkpoints.port';
import type { HealthPort } from './health.port';
import type { LinksPort } from './links.port';
import type { RecordEventsPort } from './record-events.port';
import type { RunsPort } from './runs.port';
import type { WriteIntentsPort } from './write-intents.port';

/** Everything a sync run persists through, as one bundle (packages/store provides a Mongo one). */
export interface SyncStores {
  links: LinksPort;
  checkpoints: CheckpointsPort;
  runs: RunsPort;
  events: RecordEventsPort;
  health: HealthPort;
  intents: WriteIntentsPort;
}
