import type { Connector } from '@sluice/engine';

/**
 * The connector without the run's abort signal on its calls: stopping a run (pause, shutdown)
 * unsubscribes the engine's pipeline, which abandons the answers of calls in flight, but a batch
 * already sent is completed by the app rather than cut off half-way (the engine waits for it before
 * it reports the run stopped, and the next run replays its creates from their write intents).
 */
export function shieldedConnector(inner: Connector): Connector {
  return {
    get app() {
      return inner.app;
    },
    fieldCatalog: () => inner.fieldCatalog(),
    checkAuth: () => inner.checkAuth(),
    changes: (cursor, options) => inner.changes(cursor, options?.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    getMany: (ids) => inner.getMany(ids),
    findByKey: (key, values) => inner.findByKey(key, values),
    upsertBatch: (writes, key) => inner.upsertBatch(writes, key),
    close: async () => {
      await inner.close?.();
    },
  };
}

/**
 * A source that yields exactly the records with these ids (one page), whatever the cursor: a
 * one-record resync reads only that record.
 */
export function onlyRecords(inner: Connector, ids: readonly string[]): Connector {
  const shielded = shieldedConnector(inner);
  return {
    ...shielded,
    get app() {
      return inner.app;
    },
    changes: async function* () {
      const records = ids.length > 0 ? await inner.getMany(ids) : [];
      yield { records, cursor: 'resync', hasMore: false };
    },
  };
}
