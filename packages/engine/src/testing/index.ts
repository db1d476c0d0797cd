export { MemoryLinks } from './memory-links';
export { MemoryCheckpoints } from './memory-checkpoints';
export { MemoryRuns } from './memory-runs';
export { MemoryRecordEvents } from './memory-record-events';
export { MemoryHealth } from './memory-health';
export { MemoryLeases } from './memory-leases';
export { MemoryMachineSnapshots } from './memory-machine-snapshots';
export { MemoryWriteIntents } from './memory-write-intents';
export { createMemoryStores } from './memory-stores';
export { ManualClock } from './manual-clock';
export { MemoryConnector, rateLimited, type MemoryConnectorOptions } from './memory-connector';
/** XState's simulated clock, for driving connection-machine timers in tests without real waits. */
export { SimulatedClock } from 'xstate';
