import { normalizeContact, type Contact } from '@sluice/graph';
import type { ConnectionConfigInput } from '../../config/connection-config.schema';
import { parseConnectionConfig } from '../../config/parse-connection-config';
import { buildFieldMap } from '../../mapping/field-map';
import type { Direction } from '../../ports/scope.port';
import { ManualClock, MemoryConnector, createMemoryStores } from '../../testing';
import { InFlightWork } from '../in-flight-work';
import { orientPairs, sidesOf } from '../oriented-pair';
import { PageLog } from '../page-log';
import { PagesInFlight } from '../pages-in-flight';
import type { PassParams } from '../pass-params';
import type { RunParams } from '../run-params';

/** A pass over two memory apps and memory stores, for the stages' own tests. */
export function passFixture(config: Partial<ConnectionConfigInput> = {}, direction: Direction = 'aToB') {
  const clock = new ManualClock();
  const a = new MemoryConnector({ id: 'a', clock });
  const b = new MemoryConnector({ id: 'b', clock, batchLimit: 3 });
  const stores = createMemoryStores();
  const parsed = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A ↔ B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, ...config });
  const fieldMap = buildFieldMap(parsed, a.app.fields, b.app.fields);
  const run: RunParams = {
    scope: { workspaceId: 'w', connectionId: 'c' },
    config: parsed,
    connectors: { a, b },
    catalogs: { a: a.app.fields, b: b.app.fields },
    stores,
    clock,
    pairs: fieldMap.pairs,
    deciders: {},
    salt: 'salt',
    runId: 'run1',
    pageSize: 10,
    work: new InFlightWork(),
  };
  const pass: PassParams = { run, direction, ...sidesOf(direction), pairs: orientPairs(fieldMap.pairs, direction), pages: new PagesInFlight() };
  const log = () => new PageLog({ runId: 'run1', direction, at: 0 });
  return { a, b, stores, clock, run, pass, log };
}

/** A canonical contact with defaults filled in. */
export function contact(fields: Partial<Contact> & { id: string }): Contact {
  return normalizeContact({ updatedAt: '2026-01-01T00:00:00.000Z', ...fields });
}
