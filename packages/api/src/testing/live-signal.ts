import type { Store } from '@sluice/store';
import { liveTail } from '@sluice/runtime';

/**
 * How many live streams of this process listen to a workspace: the signal that a subscription opened
 * without a cursor ("from now on") is registered, so events appended after it are delivered.
 * @example await waitFor(() => expect(liveListenerCount(env.store, workspaceId)).toBe(1));
 */
export function liveListenerCount(store: Store, workspaceId: string): number {
  return liveTail(store.live).listenerCount(workspaceId);
}
