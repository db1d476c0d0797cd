import { keyIdOf, KEY_BYTES } from './secret-key.parser';

/** One AES-256 key and its id. */
export interface VaultKey {
  id: string;
  key: Buffer;
}

/**
 * The keys the vault knows: the newest encrypts, every one decrypts (so a rotated-away key can still
 * open what was sealed before `rotate()` re-encrypted it).
 */
export class KeyRing {
  private readonly byId = new Map<string, VaultKey>();
  readonly current: VaultKey;

  /** `keys[0]` is the current key; the rest are older keys kept for reading. */
  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new Error('a key ring needs at least one key');
    for (const key of keys) {
      if (key.length !== KEY_BYTES) throw new Error(`a vault key must be ${KEY_BYTES} bytes`);
      const id = keyIdOf(key);
      if (!this.byId.has(id)) this.byId.set(id, { id, key });
    }
    this.current = this.byId.get(keyIdOf(keys[0]!))!;
  }

  /** The key with this id, or undefined when the ring does not hold it. */
  get(id: string): VaultKey | undefined {
    return this.byId.get(id);
  }

  /** Ids of every key, current first. */
  ids(): string[] {
    return [...this.byId.keys()];
  }
}
