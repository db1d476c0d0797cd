import { concatMap, defer, pipe, type Observable } from 'rxjs';
import type { Direction } from '../ports/scope.port';
import { directionPipeline } from './direction-pipeline';
import { orientPairs, sidesOf } from './oriented-pair';
import { PagesInFlight } from './pages-in-flight';
import type { PassParams } from './pass-params';
import type { RunParams } from './run-params';
import { matchStage } from './stages/match.stage';
import { planStage } from './stages/plan.stage';
import { readPages } from './stages/read-pages.stage';
import { screenStage } from './stages/screen.stage';
import { settleStage, type SettledPage } from './stages/settle.stage';
import { writeStage } from './stages/write.stage';

/**
 * One pass of a run over one direction: the source's changes from the stored checkpoint, page by
 * page, through the stages (read → screen and decide → match → plan writes → write → settle; see
 * directionPipeline for how they overlap). Emits each page once it has settled, with what it
 * counted. `pass`: the two-way echo sweep reads A again in the same run, and its pages must not
 * reuse the first pass's idempotency keys (an app would refuse them, or answer from its cache and
 * drop an edit made since).
 */
export function directionPass(run: RunParams, direction: Direction, pass: 'main' | 'sweep' = 'main'): Observable<SettledPage> {
  const { source, target } = sidesOf(direction);
  return defer(() => run.work.run(() => run.stores.checkpoints.get(run.scope, direction))).pipe(
    concatMap((checkpoint) => {
      const params: PassParams = { run, direction, source, target, pairs: orientPairs(run.pairs, direction), pages: new PagesInFlight() };
      return directionPipeline({
        read: readPages({
          source: run.connectors[source],
          cursor: checkpoint?.cursor ?? null,
          pageSize: run.pageSize,
          keyPrefix: `${run.runId}:${pass === 'main' ? direction : `${direction}~sweep`}`,
          work: run.work,
        }),
        prepare: pipe(screenStage(params), matchStage(params), planStage(params)),
        write: writeStage(params),
        settle: settleStage(params),
      });
    }),
  );
}
