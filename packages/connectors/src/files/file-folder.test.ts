import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeFilePath, resolveInFolder } from './file-folder';

let base: string;
let folder: string;
let outside: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'sluice-folder-')));
  folder = join(base, 'ws');
  outside = join(base, 'other');
  await mkdir(join(folder, 'exports'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(folder, 'contacts.jsonl'), '');
  await writeFile(join(outside, 'secret.jsonl'), '{"id":"s1"}\n');
  await symlink(join(outside, 'secret.jsonl'), join(folder, 'to-secret.jsonl'));
  await symlink('/etc/passwd', join(folder, 'passwd.jsonl'));
  await symlink(outside, join(folder, 'elsewhere'));
  await symlink(join(folder, 'contacts.jsonl'), join(folder, 'alias.jsonl'));
  await symlink(join(outside, 'not-yet.jsonl'), join(folder, 'dangling.jsonl'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

const resolve = (value: unknown, kind: 'file' | 'folder' = 'file') => resolveInFolder(folder, 'JSON Lines file', 'path', value, kind);

describe('relativeFilePath', () => {
  it('normalises a relative path', () => {
    expect(relativeFilePath('JSON Lines file', 'path', 'exports//./march.jsonl', 'file')).toBe('exports/march.jsonl');
    expect(relativeFilePath('JSON Lines file', 'stateDir', 'state/', 'folder')).toBe('state');
  });

  it.each([
    ['', /needs "path"/],
    ['   ', /needs "path"/],
    [42, /needs "path"/],
    ['.', /names a folder/],
    ['exports/', /names a folder/],
    ['a\u0000.jsonl', /contains a NUL character/],
    ['/etc/passwd', /not as an absolute path \("\/etc\/passwd"\)/],
    ['C:\\data\\a.jsonl', /not as an absolute path/],
    ['../other/secret.jsonl', /climbs out .*".." is not allowed/],
    ['exports/../../x.jsonl', /climbs out/],
    ['exports\\..\\..\\x.jsonl', /climbs out/],
    ['x'.repeat(1001), /at most 1,000/],
  ])('refuses %j with a sentence', (value, message) => {
    expect(() => relativeFilePath('JSON Lines file', 'path', value, 'file')).toThrow(message);
  });
});

describe('resolveInFolder', () => {
  it('resolves files inside the folder, existing or not, and links that stay inside', async () => {
    expect(await resolve('contacts.jsonl')).toBe(join(folder, 'contacts.jsonl'));
    expect(await resolve('new/deeper/file.jsonl')).toBe(join(folder, 'new/deeper/file.jsonl'));
    expect(await resolve('alias.jsonl')).toBe(join(folder, 'contacts.jsonl'));
    expect(await resolve('exports', 'folder')).toBe(join(folder, 'exports'));
  });

  it.each([
    ['to-secret.jsonl', 'a link to a file outside'],
    ['passwd.jsonl', 'a link to /etc/passwd'],
    ['elsewhere/secret.jsonl', 'a path through a linked folder'],
    ['elsewhere/new.jsonl', 'a new file in a linked folder'],
    ['dangling.jsonl', 'a link to nothing yet'],
  ])('refuses %s (%s) and quotes only the path given', async (value) => {
    const error = (await resolve(value).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'E_PATH_OUTSIDE' });
    expect(error.message).toContain(`"${value}" is a link that leads out of this workspace's files folder`);
    expect(error.message).not.toContain(outside);
    expect(error.message).not.toContain('root:');
  });

  it('refuses a folder given as a file and a file given as a folder', async () => {
    await expect(resolve('exports')).rejects.toThrow(/"exports" is a folder; give a contacts file/);
    await expect(resolve('contacts.jsonl', 'folder')).rejects.toThrow(/"contacts.jsonl" is a file, not a folder/);
    await expect(resolve('contacts.jsonl/x.jsonl')).rejects.toThrow(/a part of "contacts.jsonl\/x.jsonl" is a file/);
  });
});
