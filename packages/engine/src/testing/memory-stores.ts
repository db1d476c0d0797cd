import type { SyncStores } from '../ports/sync-stores.port';
import { MemoryCheckpoints } from './memory-checkpoints';
import { MemoryHealth } from './memory-health';
import { MemoryLinks } from './memory-links';
import { MemoryRecordEvents } from './memory-record-events';
import { MemoryRuns } from './memory-runs';
import { MemoryWriteIntents } from './memory-write-intents';

/** A complete in-memory `SyncStores` (tests, and `sluice sync` without a database). */
export function createMemoryStores(): SyncStores & {
  links: MemoryLinks;
  checkpoints: MemoryCheckpoints;
  runs: MemoryRuns;
  events: MemoryRecordEvents;
  health: MemoryHealth;
  intents: MemoryWriteIntents;
} {
  return {
    links: new MemoryLinks(),
    checkpoints: new MemoryCheckpoints(),
    runs: new MemoryRuns(),
    events: new MemoryRecordEvents(),
    health: new MemoryHealth(),
    intents: new MemoryWriteIntents(),
  };
}
