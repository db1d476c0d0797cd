/** One delivered event with its place in the workspace's feed (the SSE event id). */
export interface Sequenced<E> {
  seq: number;
  event: E;
}

/**
 * Turns a listener registration into an async iterable that ends when `signal` aborts. Events
 * queue while the consumer is busy (bounded: the oldest progress-like events, as `droppable`
 * says, go first, since a later one carries newer counts).
 */
export async function* eventStream<E>(
  listen: (push: (item: Sequenced<E>) => void) => Promise<() => void>,
  signal: AbortSignal | undefined,
  droppable: (event: E) => boolean = () => false,
  max = 1_000,
): AsyncGenerator<Sequenced<E>> {
  const queue: Sequenced<E>[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await listen((item) => {
    queue.push(item);
    if (queue.length > max) {
      const i = queue.findIndex((q) => droppable(q.event));
      queue.splice(i >= 0 ? i : 0, 1);
    }
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
