import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialVault } from './credential.vault';
import { KEY_FILE_NAME } from './key-file';
import { KeyRing } from './key-ring';
import { loadKeyRing } from './load-key-ring';
import { keyIdOf, parseSecretKey } from './secret-key.parser';

describe('parseSecretKey', () => {
  it('takes 32 bytes as hex or base64 as they are', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64url'))).toEqual(key);
  });

  it('stretches anything else as a passphrase, the same way every time', () => {
    const a = parseSecretKey('correct horse battery staple');
    expect(a).toHaveLength(32);
    expect(parseSecretKey('correct horse battery staple')).toEqual(a);
    expect(parseSecretKey('correct horse battery stapler')).not.toEqual(a);
  });
});

describe('CredentialVault', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('seals with AES-256-GCM under the current key and opens it again', () => {
    const vault = new CredentialVault(new KeyRing([k1]));
    const sealed = vault.seal('{"apiKey":"sk-123"}', 'ws/1');
    expect(sealed).toMatchObject({ alg: 'aes-256-gcm', keyId: keyIdOf(k1) });
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
    expect(sealed.data).not.toContain('sk-123');
    expect(vault.open(sealed, 'ws/1')).toBe('{"apiKey":"sk-123"}');
    // A fresh IV every time.
    expect(vault.seal('{"apiKey":"sk-123"}', 'ws/1').iv).not.toBe(sealed.iv);
  });

  it('opens secrets sealed with an older key of the ring, and marks them stale', () => {
    const old = new CredentialVault(new KeyRing([k1]));
    const sealed = old.seal('s3cret', 'x');
    const rotated = new CredentialVault(new KeyRing([k2, k1]));
    expect(rotated.open(sealed, 'x')).toBe('s3cret');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal('s3cret', 'x'))).toBe(false);
  });

  it('refuses with E_SECRET_UNREADABLE when the key changed, the data was altered, or it belongs elsewhere', () => {
    const sealed = new CredentialVault(new KeyRing([k1])).seal('s3cret', 'ws/1');
    const other = new CredentialVault(new KeyRing([k2]));
    expect(() => other.open(sealed, 'ws/1')).toThrow(expect.objectContaining({ name: 'UserError', code: 'E_SECRET_UNREADABLE', message: expect.stringMatching(/secret key changed/) }));
    const vault = new CredentialVault(new KeyRing([k1]));
    const tampered = { ...sealed, data: Buffer.from('xxxxxx').toString('base64') };
    expect(() => vault.open(tampered, 'ws/1')).toThrow(expect.objectContaining({ code: 'E_SECRET_UNREADABLE' }));
    expect(() => vault.open(sealed, 'ws/2')).toThrow(expect.objectContaining({ code: 'E_SECRET_UNREADABLE' }));
  });
});

describe('loadKeyRing', () => {
  it('generates a key file with mode 0600 on first start and reuses it after', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-keys-'));
    const first = await loadKeyRing({ dataDir: dir });
    expect((await stat(join(dir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    const again = await loadKeyRing({ dataDir: dir });
    expect(again.current.id).toBe(first.current.id);
    expect(await readFile(join(dir, KEY_FILE_NAME), 'utf8')).toContain('sluice.keys/v1');
  });

  it('uses SLUICE_SECRET_KEY first, keeping previous and key-file keys readable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-keys-'));
    const fileRing = await loadKeyRing({ dataDir: dir });
    const explicit = randomBytes(32).toString('hex');
    const previous = randomBytes(32).toString('base64');
    const ring = await loadKeyRing({ secretKey: explicit, previousKeys: [previous], dataDir: dir });
    expect(ring.current.id).toBe(keyIdOf(Buffer.from(explicit, 'hex')));
    expect(ring.ids()).toEqual([ring.current.id, keyIdOf(Buffer.from(previous, 'base64')), fileRing.current.id]);
  });

  it('does not create a key file when a secret key is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-keys-'));
    await loadKeyRing({ secretKey: 'a passphrase', dataDir: dir });
    await expect(stat(join(dir, KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('asks for a key when there is neither a secret key nor a data folder', async () => {
    await expect(loadKeyRing({})).rejects.toMatchObject({ code: 'E_SECRET_KEY_MISSING' });
  });
});
