import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '@sluice/core';
import { KEY_BYTES } from './secret-key.parser';

/** Name of the key file inside the data folder. */
export const KEY_FILE_NAME = 'secret-keys.json';

interface KeyFileBody {
  format: 'sluice.keys/v1';
  /** Newest first; the first one encrypts. */
  keys: { key: string; createdAt: string }[];
}

/** The key file's keys, newest first, or null when the file does not exist. */
export async function readKeyFile(dataDir: string): Promise<Buffer[] | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, KEY_FILE_NAME), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let body: KeyFileBody;
  try {
    body = JSON.parse(text) as KeyFileBody;
  } catch {
    throw new UserError('E_KEY_FILE', `The key file ${join(dataDir, KEY_FILE_NAME)} is not valid JSON.`);
  }
  const keys = (body.keys ?? []).map((k) => Buffer.from(k.key, 'base64'));
  if (keys.length === 0 || keys.some((k) => k.length !== KEY_BYTES)) {
    throw new UserError('E_KEY_FILE', `The key file ${join(dataDir, KEY_FILE_NAME)} holds no valid 32-byte key.`);
  }
  return keys;
}

/**
 * Puts a freshly generated key in front of the key file (creating the file, mode 0600, when
 * missing) and returns the file's keys, newest first. Written to a temporary file and renamed, so a
 * crash never leaves a half-written key file.
 */
export async function addKeyToFile(dataDir: string, now = new Date()): Promise<Buffer[]> {
  const existing = (await readKeyFile(dataDir)) ?? [];
  const fresh = randomBytes(KEY_BYTES);
  const keys = [fresh, ...existing];
  // createdAt of older keys is not kept: only the order matters to the ring.
  const body: KeyFileBody = {
    format: 'sluice.keys/v1',
    keys: keys.map((k, i) => ({ key: k.toString('base64'), createdAt: i === 0 ? now.toISOString() : 'earlier' })),
  };
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, KEY_FILE_NAME);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
  return keys;
}
