import { createHash, scryptSync } from 'node:crypto';

/** Bytes in an AES-256 key. */
export const KEY_BYTES = 32;

/** Salt for passphrase keys: fixed, so the same passphrase gives the same key on every start. */
const PASSPHRASE_SALT = 'sluice/secret-key/v1';

/**
 * Turns the `SLUICE_SECRET_KEY` text into 32 key bytes: 64 hex digits or base64 of 32 bytes are used
 * as they are; anything else is a passphrase stretched with scrypt (N = 2^15). Pure apart from CPU.
 * @example parseSecretKey(randomBytes(32).toString('base64')).length === 32
 */
export function parseSecretKey(text: string): Buffer {
  const value = text.trim();
  if (value.length === 0) throw new Error('empty secret key');
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return scryptSync(value, PASSPHRASE_SALT, KEY_BYTES, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

/**
 * A key's id: the first 12 hex digits of SHA-256 over a label and the key. Stored beside each
 * ciphertext so the vault knows which key of the ring opens it, without revealing the key. Pure.
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('sluice-key-id:').update(key).digest('hex').slice(0, 12);
}
