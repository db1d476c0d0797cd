import type { Direction, Side } from '../ports/scope.port';
import type { OrientedPair } from './oriented-pair';
import type { PagesInFlight } from './pages-in-flight';
import type { RunParams } from './run-params';

/** What the stages of one pass (one direction, read once) share. */
export interface PassParams {
  run: RunParams;
  direction: Direction;
  source: Side;
  target: Side;
  /** The field pairs seen from this direction. */
  pairs: readonly OrientedPair[];
  /** The pass's pages between screening and stored history. */
  pages: PagesInFlight;
}
