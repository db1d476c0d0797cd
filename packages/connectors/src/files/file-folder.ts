import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import { UserError } from '@sluice/core';

/** Longest path a file app accepts: far beyond any real file name, short enough to quote. */
export const MAX_FILE_PATH_LENGTH = 1000;

/** What a path names: the contacts file (`path`) or its state folder (`stateDir`). */
export type FilePathKind = 'file' | 'folder';

/** The value as a user typed it, safe to put in a sentence: escaped, and cut when long. */
export function quotePath(value: string): string {
  const text = value.length > 120 ? `${value.slice(0, 117)}…` : value;
  return JSON.stringify(text);
}

/**
 * Checks the spelling of a path that must stay inside a folder, without touching the disk: a
 * non-empty relative path with no NUL, no `..` segment and, for a file, a name at the end (not `.`,
 * not a trailing `/`). Returns it normalised (`a//b/./c.jsonl` → `a/b/c.jsonl`), or throws a
 * `UserError` whose message says what to give instead. Pure.
 * @example relativeFilePath('CSV file', 'path', 'exports/march.csv', 'file') // 'exports/march.csv'
 */
export function relativeFilePath(appName: string, key: string, value: unknown, kind: FilePathKind): string {
  const example = appName === 'CSV file' ? 'contacts.csv' : 'contacts.jsonl';
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UserError('E_CONFIG', `${appName} needs "${key}": the ${kind === 'file' ? 'file' : 'folder'} inside this workspace's files folder, e.g. "${kind === 'file' ? example : '.sluice-state'}".`);
  }
  if (value.includes('\u0000')) throw new UserError('E_PATH_INVALID', `${appName}: "${key}" contains a NUL character, which no file name can hold.`);
  if (value.length > MAX_FILE_PATH_LENGTH) {
    throw new UserError('E_PATH_INVALID', `${appName}: "${key}" is ${value.length.toLocaleString('en')} characters long; a path may have at most ${MAX_FILE_PATH_LENGTH.toLocaleString('en')}.`);
  }
  if (isAbsolute(value) || posix.isAbsolute(value) || /^[A-Za-z]:/.test(value) || value.startsWith('\\')) {
    throw new UserError('E_PATH_OUTSIDE', `${appName}: give "${key}" relative to this workspace's files folder (like "${example}"), not as an absolute path (${quotePath(value)}).`);
  }
  // Both separators: a backslash is a plain character on Linux, but the path may be shown to, or
  // copied by, someone on Windows, where it would climb out.
  if (value.split(/[\\/]/).includes('..')) {
    throw new UserError('E_PATH_OUTSIDE', `${appName}: ${quotePath(value)} climbs out of this workspace's files folder; ".." is not allowed in "${key}".`);
  }
  const normal = posix.normalize(value);
  if (kind === 'file' && (normal === '.' || normal.endsWith('/'))) {
    throw new UserError('E_PATH_INVALID', `${appName}: ${quotePath(value)} names a folder; give the file's name, like "${example}".`);
  }
  return normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

const inside = (folder: string, path: string): boolean => {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
};

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * Where a path typed by a user lands inside `folder`, on disk: links are followed to their real
 * target, and one that leads out of the folder (or nowhere) is refused, as is anything that is not a
 * regular file (for `file`) or a folder (for `folder`). A path that does not exist yet is fine (the
 * file is created on the first write) as long as its deepest existing parent lies inside. Returns
 * the real, absolute path; messages quote the path given, never anything read from the disk.
 * @example await resolveInFolder('/srv/sluice/files/ws1', 'JSON Lines file', 'path', 'contacts.jsonl', 'file')
 */
export async function resolveInFolder(folder: string, appName: string, key: string, value: unknown, kind: FilePathKind): Promise<string> {
  const rel = relativeFilePath(appName, key, value, kind);
  const root = await realpath(folder);
  const outside = () => new UserError('E_PATH_OUTSIDE', `${appName}: ${quotePath(rel)} is a link that leads out of this workspace's files folder (or to nothing); Sluice does not follow it.`);
  // Walk up to the deepest part of the path that exists, and resolve that part's links.
  const missing: string[] = [];
  let probe = join(root, rel);
  let real: string;
  for (;;) {
    try {
      real = await realpath(probe);
      break;
    } catch (e) {
      if (errno(e) === 'ENOTDIR') throw new UserError('E_PATH_INVALID', `${appName}: a part of ${quotePath(rel)} is a file, not a folder.`);
      if (errno(e) !== 'ENOENT') throw e;
    }
    // A link whose target is missing: it could be made to point anywhere later.
    if (await lstat(probe).then(() => true, () => false)) throw outside();
    missing.unshift(basename(probe));
    probe = dirname(probe);
  }
  if (!inside(root, real)) throw outside();
  if (missing.length > 0) return join(real, ...missing);
  const found = await stat(real);
  if (kind === 'file' && !found.isFile()) {
    throw new UserError('E_PATH_INVALID', `${appName}: ${quotePath(rel)} is ${found.isDirectory() ? 'a folder' : 'not a regular file'}; give a contacts file.`);
  }
  if (kind === 'folder' && !found.isDirectory()) throw new UserError('E_PATH_INVALID', `${appName}: ${quotePath(rel)} is a file, not a folder.`);
  return real;
}
