/**
 * Unsaved edits of a connection (its rules per direction, its settings), kept in the browser so a
 * direction switch, a tab switch or a reload loses nothing. One entry per user, workspace,
 * connection and part; each remembers which saved version it started from (`base`), so an edit
 * made while someone else saved can be told apart.
 */
export interface Draft<T = unknown> {
  value: T;
  /** The saved version the edits started from (a version number or a content fingerprint). */
  base: string;
  /** Epoch ms of the last edit. */
  savedAt: number;
}

/** Whose and which draft: `scope` is the user and workspace, `part` e.g. `rules:aToB` or `settings`. */
export interface DraftKey {
  scope: string;
  connectionId: string;
  part: string;
}

export interface DraftStore {
  get(key: DraftKey): Draft | undefined;
  set(key: DraftKey, draft: Draft): void;
  remove(key: DraftKey): void;
  /** The parts of a connection that hold a draft. */
  parts(scope: string, connectionId: string): string[];
  /** Called after any change, here or in another tab of the same browser. */
  subscribe(listener: () => void): () => void;
}

const PREFIX = 'sluice.draft/v1';
const SEP = '\u001f';

const storageKey = (k: DraftKey) => [PREFIX, k.scope, k.connectionId, k.part].join(SEP);

function isDraft(v: unknown): v is Draft {
  return !!v && typeof v === 'object' && 'value' in v && typeof (v as Draft).base === 'string' && typeof (v as Draft).savedAt === 'number';
}

/**
 * A draft store over a Web Storage (localStorage in the app). Without storage (private mode, full
 * quota) drafts still survive direction and tab switches, in memory, but not a reload.
 */
export function createDraftStore(storage: Storage | null, events: Pick<Window, 'addEventListener' | 'removeEventListener'> | null = null): DraftStore {
  const memory = new Map<string, string>();
  // Parsed drafts by their text, so a snapshot stays the same object until its text changes.
  const parsed = new Map<string, Draft | undefined>();
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());

  const read = (key: string): string | null => {
    try {
      return storage ? storage.getItem(key) : (memory.get(key) ?? null);
    } catch {
      return memory.get(key) ?? null;
    }
  };
  const write = (key: string, text: string | null) => {
    memory.delete(key);
    try {
      if (!storage) throw new Error('no storage');
      if (text === null) storage.removeItem(key);
      else storage.setItem(key, text);
    } catch {
      if (text !== null) memory.set(key, text);
    }
  };
  const keys = (): string[] => {
    const out = new Set(memory.keys());
    try {
      for (let i = 0; storage && i < storage.length; i++) {
        const k = storage.key(i);
        if (k?.startsWith(PREFIX + SEP)) out.add(k);
      }
    } catch {
      // Storage went away: the memory keys are all there is.
    }
    return [...out];
  };

  const onStorage = (e: Event) => {
    const key = (e as StorageEvent).key;
    if (key === null || key.startsWith(PREFIX + SEP)) notify();
  };

  return {
    get(k) {
      const text = read(storageKey(k));
      if (text === null) return undefined;
      if (!parsed.has(text)) {
        let value: Draft | undefined;
        try {
          const json: unknown = JSON.parse(text);
          value = isDraft(json) ? json : undefined;
        } catch {
          value = undefined;
        }
        if (parsed.size > 100) parsed.clear();
        parsed.set(text, value);
      }
      return parsed.get(text);
    },
    set(k, draft) {
      write(storageKey(k), JSON.stringify(draft));
      notify();
    },
    remove(k) {
      if (read(storageKey(k)) === null) return;
      write(storageKey(k), null);
      notify();
    },
    parts(scope, connectionId) {
      const head = [PREFIX, scope, connectionId, ''].join(SEP);
      return keys()
        .filter((k) => k.startsWith(head))
        .map((k) => k.slice(head.length))
        .sort();
    },
    subscribe(listener) {
      if (listeners.size === 0) events?.addEventListener('storage', onStorage);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) events?.removeEventListener('storage', onStorage);
      };
    },
  };
}

function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The app's draft store (localStorage). */
export const draftStore: DraftStore = createDraftStore(browserStorage(), typeof window === 'undefined' ? null : window);

/**
 * A short fingerprint of a saved value's text, to notice that the saved version moved on. Pure.
 * @example fingerprint('{"a":1}') // 'f3b2…'
 */
export function fingerprint(text: string): string {
  // FNV-1a, 32 bits: enough to tell two saved versions apart, not a security measure.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
