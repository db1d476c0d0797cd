import { lastValueFrom } from 'rxjs';
import type { Run } from '../ports/runs.port';
import type { SyncRunOptions } from './run-options';
import { runPipeline } from './run-pipeline';

export { directionsOf, type SyncRunOptions } from './run-options';

/**
 * One sync pass of a connection, as a promise of the finished run (see `runPipeline`, which this
 * runs to its end). Connector and store errors reject it after the run is stored as failed (the
 * connection machine retries them); aborting `options.signal` stops it the same way.
 */
export function runSync(options: SyncRunOptions): Promise<Run> {
  return lastValueFrom(runPipeline(options));
}
