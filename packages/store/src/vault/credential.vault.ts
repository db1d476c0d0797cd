import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UserError } from '@sluice/core';
import type { KeyRing } from './key-ring';

/** What is stored instead of a secret: AES-256-GCM ciphertext, its IV and tag, and the key's id. */
export interface SealedSecret {
  alg: 'aes-256-gcm';
  keyId: string;
  /** 12 random bytes, base64. */
  iv: string;
  /** 16-byte GCM authentication tag, base64. */
  tag: string;
  /** Ciphertext, base64. */
  data: string;
}

const IV_BYTES = 12;

/**
 * Encryption at rest for credentials. `aad` (additional authenticated data) binds a ciphertext to
 * the document it belongs to, so a sealed secret copied into another credential does not open.
 * @example
 * const sealed = vault.seal(JSON.stringify({ apiKey }), 'ws1/cred1');
 * JSON.parse(vault.open(sealed, 'ws1/cred1'));
 */
export class CredentialVault {
  constructor(private readonly ring: KeyRing) {}

  /** Id of the key new secrets are sealed with. */
  get currentKeyId(): string {
    return this.ring.current.id;
  }

  /** Ids of every key the vault can open, current first. */
  keyIds(): string[] {
    return this.ring.ids();
  }

  seal(plaintext: string, aad: string): SealedSecret {
    const { id, key } = this.ring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { alg: 'aes-256-gcm', keyId: id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /**
   * The plaintext, or `UserError('E_SECRET_UNREADABLE')` when the key it was sealed with is not in
   * the ring (the secret key changed) or the ciphertext does not authenticate.
   */
  open(sealed: SealedSecret, aad: string): string {
    const entry = this.ring.get(sealed.keyId);
    if (!entry) {
      throw new UserError(
        'E_SECRET_UNREADABLE',
        `A stored secret was encrypted with key ${sealed.keyId}, which this server does not have: the secret key changed. ` +
          'Restore the old SLUICE_SECRET_KEY (or list it in SLUICE_SECRET_KEY_PREVIOUS), or enter the credential again.',
        { keyId: sealed.keyId },
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new UserError(
        'E_SECRET_UNREADABLE',
        `A stored secret did not decrypt with key ${sealed.keyId}: the key changed or the stored secret was altered. Enter the credential again.`,
        { keyId: sealed.keyId },
      );
    }
  }

  /** True when `sealed` was made with an older key and `rotate()` would re-encrypt it. */
  isStale(sealed: SealedSecret): boolean {
    return sealed.keyId !== this.ring.current.id;
  }
}
