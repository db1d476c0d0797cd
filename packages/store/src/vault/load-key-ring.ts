import { UserError } from '@sluice/core';
import { addKeyToFile, readKeyFile } from './key-file';
import { KeyRing } from './key-ring';
import { parseSecretKey } from './secret-key.parser';

export interface KeySources {
  /** `SLUICE_SECRET_KEY`: hex or base64 of 32 bytes, or a passphrase. Encrypts when given. */
  secretKey?: string;
  /** Older keys still accepted for reading (`SLUICE_SECRET_KEY_PREVIOUS`, comma-separated). */
  previousKeys?: readonly string[];
  /** Data folder holding (or receiving) the generated key file. */
  dataDir?: string;
}

/**
 * Builds the vault's key ring. With a secret key, it encrypts and any key-file keys stay readable;
 * without one, the data folder's key file is used, generated (mode 0600) on first start.
 */
export async function loadKeyRing(sources: KeySources): Promise<KeyRing> {
  const explicit = sources.secretKey?.trim() ? [parseSecretKey(sources.secretKey)] : [];
  const previous = (sources.previousKeys ?? []).filter((k) => k.trim()).map(parseSecretKey);
  let fileKeys: Buffer[] = [];
  if (sources.dataDir !== undefined && sources.dataDir !== ':memory:') {
    fileKeys = (await readKeyFile(sources.dataDir)) ?? (explicit.length ? [] : await addKeyToFile(sources.dataDir));
  }
  const keys = [...explicit, ...previous, ...fileKeys];
  if (keys.length === 0) {
    throw new UserError(
      'E_SECRET_KEY_MISSING',
      'No secret key: set SLUICE_SECRET_KEY or give a data folder where Sluice can keep its key file.',
    );
  }
  return new KeyRing(keys);
}
