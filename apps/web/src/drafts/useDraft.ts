import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { draftStore, type DraftStore } from './draft.store';
import { useDraftScope } from './useDraftScope';

export interface DraftOptions<T> {
  connectionId: string;
  /** Which part of the connection, e.g. `rules:aToB` or `settings`. */
  part: string;
  /** What is saved now. */
  saved: T;
  /** Identifies the saved version (a version number or a fingerprint); a draft remembers the one it started from. */
  base: string;
  /** Whether two values hold the same content (a draft equal to the saved value is no draft). */
  same: (a: T, b: T) => boolean;
  /** Checks a stored value (it may come from an older app); undefined drops it. */
  parse: (value: unknown) => T | undefined;
  store?: DraftStore;
}

export interface DraftState<T> {
  /** The draft when there is one, else the saved value. */
  value: T;
  /** There are unsaved edits. */
  dirty: boolean;
  /** The saved version moved on since the edits started (someone saved, a template was applied). */
  stale: boolean;
  /** Keeps the edits (or drops them when `value` equals the saved one). */
  set(value: T): void;
  /** Forgets the edits. */
  discard(): void;
  /** Keeps stale edits, now against the current saved version. */
  rebase(): void;
}

/**
 * An unsaved edit of one part of a connection, kept per user, workspace, connection and part in
 * the browser (see draft.store.ts): it survives switching direction or tab and reloading.
 */
export function useDraft<T>({ connectionId, part, saved, base, same, parse, store = draftStore }: DraftOptions<T>): DraftState<T> {
  const scope = useDraftScope();
  const key = useMemo(() => ({ scope, connectionId, part }), [scope, connectionId, part]);
  const stored = useSyncExternalStore(store.subscribe, () => store.get(key));
  const draftValue = useMemo(() => (stored ? parse(stored.value) : undefined), [stored, parse]);
  const dirty = draftValue !== undefined && !same(draftValue, saved);
  // A draft the saved version caught up with (it was just saved), or one that no longer reads: gone.
  useEffect(() => {
    if (stored && !dirty) store.remove(key);
  }, [stored, dirty, store, key]);

  const set = useCallback(
    (value: T) => {
      const current = store.get(key);
      if (same(value, saved)) store.remove(key);
      // Stored drafts are plain JSON of T, so `same` compares them as they are.
      else if (!current || !same(current.value as T, value)) store.set(key, { value, base: current?.base ?? base, savedAt: Date.now() });
    },
    [store, key, same, saved, base],
  );
  const discard = useCallback(() => store.remove(key), [store, key]);
  const rebase = useCallback(() => {
    const d = store.get(key);
    if (d) store.set(key, { ...d, base });
  }, [store, key, base]);

  return {
    value: dirty ? draftValue : saved,
    dirty,
    stale: dirty && stored!.base !== base,
    set,
    discard,
    rebase,
  };
}

/** The parts of a connection with unsaved edits, e.g. `['rules:aToB', 'settings']`; live. */
export function useDraftParts(connectionId: string, store: DraftStore = draftStore): string[] {
  const scope = useDraftScope();
  const text = useSyncExternalStore(store.subscribe, () => store.parts(scope, connectionId).join('\n'));
  return useMemo(() => (text ? text.split('\n') : []), [text]);
}

/** Forgets every draft of a connection (after "discard and leave"). */
export function discardDrafts(scope: string, connectionId: string, store: DraftStore = draftStore): void {
  for (const part of store.parts(scope, connectionId)) store.remove({ scope, connectionId, part });
}
