import { describe, expect, it } from 'vitest';
import { InFlightWork } from './in-flight-work';

describe('InFlightWork', () => {
  it('aborts the signal of a call whose subscriber left, and is idle only once the call has settled', async () => {
    const work = new InFlightWork();
    let signal!: AbortSignal;
    let answer!: () => void;
    const sub = work
      .run((s) => {
        signal = s;
        return new Promise<string>((resolve) => (answer = () => resolve('late')));
      })
      .subscribe();
    sub.unsubscribe();
    expect(signal.aborted).toBe(true);
    let idle = false;
    const waiting = work.idle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    answer();
    await waiting;
    expect(idle).toBe(true);
  });

  it('keeps the failure of a started call for whoever awaits it, without reporting it unhandled meanwhile', async () => {
    const work = new InFlightWork();
    const started = work.start(async () => {
      throw new Error('store down');
    });
    await work.idle();
    await expect(started).rejects.toThrow('store down');
    // A call that throws before returning a promise is a failed call like any other.
    const thrown = work.start(() => {
      throw new Error('bad call');
    });
    await expect(thrown).rejects.toThrow('bad call');
  });
});
