import { Observable } from 'rxjs';

/**
 * The round trips a run has started and not yet seen settle. A promise cannot be cancelled, only
 * abandoned: when a pipeline stops (an error in one stage, or unsubscription), the stores and apps
 * may still be answering calls it made. Every stage makes its calls through one of these, so the
 * run can wait until nothing of it is still writing before it reports itself stopped (a stopped
 * run's worker may hand the connection to another one at once).
 */
export class InFlightWork {
  private readonly pending = new Set<Promise<unknown>>();

  /**
   * `call` as an Observable: made on subscription, with a signal that aborts when the subscriber
   * unsubscribes before the answer (apps' HTTP calls give up; stores ignore it). Emits the answer
   * and completes, or errors.
   */
  run<T>(call: (signal: AbortSignal) => Promise<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      const controller = new AbortController();
      let settled = false;
      this.start(() => call(controller.signal)).then(
        (value) => {
          settled = true;
          subscriber.next(value);
          subscriber.complete();
        },
        (error: unknown) => {
          settled = true;
          subscriber.error(error);
        },
      );
      return () => {
        if (!settled) controller.abort();
      };
    });
  }

  /**
   * Makes `call` now and returns its promise, tracked until it settles: for work started in one
   * stage and awaited in a later one (write intents, history). Its failure is reported to whoever
   * awaits the promise; when nobody does any more (the pipeline stopped), it is not reported as
   * unhandled.
   */
  start<T>(call: () => Promise<T>): Promise<T> {
    let promise: Promise<T>;
    try {
      promise = call();
    } catch (e) {
      promise = Promise.reject(e);
    }
    this.pending.add(promise);
    const forget = () => {
      this.pending.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Resolves once every call made so far, and every call those made meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** Waits for every call, then throws the first failure: nothing is still running when one is reported. */
export async function allSettledOrThrow(calls: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  for (const r of await Promise.allSettled(calls)) if (r.status === 'rejected') throw r.reason;
}
