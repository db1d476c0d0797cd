import { readFile } from 'node:fs/promises';
import { UserError } from '@sluice/core';

/** Reads a UTF-8 file, or throws a one-line UserError naming it (missing, a folder, unreadable). */
export async function readTextFile(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UserError('E_FILE', `${file}: ${why}`);
  }
}
