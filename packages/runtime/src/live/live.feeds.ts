import type { LiveEventsRepo, Store } from '@sluice/store';
import type { SyncRuntime } from '../runtime.port';
import type { WorkerLog } from '../worker/worker.log';
import { LivePublisher } from './live.publisher';
import { LiveTail } from './live.tail';

/**
 * One tail per live-events repository and one publisher per runtime in this process, shared by
 * every subscription, so N open pages cost one query per workspace and poll, not N.
 */
const tails = new WeakMap<LiveEventsRepo, LiveTail>();
const publishers = new WeakMap<SyncRuntime, LivePublisher>();

/** The tail of this database's live feed in this process. */
export function liveTail(repo: LiveEventsRepo): LiveTail {
  let tail = tails.get(repo);
  if (!tail) {
    tail = new LiveTail(repo);
    tails.set(repo, tail);
  }
  return tail;
}

/**
 * Publishes a runtime's events to the database's live feed. A process that runs sync workers
 * calls this once, before starting them, and hands the workers `publisher.watchingActive(store)`
 * so that every workspace they work for is published. The API's subscriptions also ask the
 * runtime's publisher (`publisherOf`) to watch their workspace, which covers runtimes no one set up.
 * @example
 * const live = livePublisher(store, { log });
 * const worker = new SyncWorker({ db: live.watchingActive(store), connectors, log });
 * attachLivePublisher(live, worker);
 */
export function livePublisher(store: Store, options: { log?: WorkerLog } = {}): LivePublisher {
  return new LivePublisher({ repo: store.live, log: options.log, onWritten: () => liveTail(store.live).poke() });
}

/** The publisher of this runtime's events (made on first use when the process did not set one up). */
export function publisherOf(runtime: SyncRuntime, store: Store): LivePublisher {
  let publisher = publishers.get(runtime);
  if (!publisher) {
    publisher = livePublisher(store).attach(runtime);
    publishers.set(runtime, publisher);
  }
  return publisher;
}

/** Attaches `publisher` to the runtime and records it as the runtime's one (so the API makes no second). */
export function attachLivePublisher(publisher: LivePublisher, runtime: SyncRuntime): LivePublisher {
  publishers.set(runtime, publisher.attach(runtime));
  return publisher;
}
