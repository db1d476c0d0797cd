import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '@sluice/core';
import { z } from 'zod';
import { quotePath } from './file-folder';

const configSchema = z.object({
  path: z.string().min(1),
  /** Folder for change-tracking state; default `.<file name>.sluice/` beside the file. */
  stateDir: z.string().min(1).optional(),
  /** Relative paths are resolved against it; default the working directory. */
  baseDir: z.string().min(1).optional(),
});
export type FileConnectorConfig = z.infer<typeof configSchema>;

/**
 * Reads a file app's config (`{ path, stateDir?, baseDir? }`) into absolute paths, or a `UserError`
 * saying what is missing or wrong. It takes any path the process can reach: the server confines
 * paths to the workspace's files folder before they get here (`resolveInFolder`); the command line
 * uses the paths of the user's own connection file.
 */
export function parseFileConfig(appName: string, config: Record<string, unknown>): { path: string; stateDir: string } {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    throw new UserError('E_CONFIG', `${appName} needs "path": the file to sync, e.g. { "path": "contacts.${appName === 'CSV file' ? 'csv' : 'jsonl'}" }.`);
  }
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value.includes('\u0000')) throw new UserError('E_PATH_INVALID', `${appName}: "${key}" contains a NUL character, which no file name can hold.`);
  }
  const last = parsed.data.path.split(/[\\/]/).pop();
  if (last === '' || last === '.' || last === '..') {
    throw new UserError('E_PATH_INVALID', `${appName}: ${quotePath(parsed.data.path)} names a folder; give the file's name.`);
  }
  const base = parsed.data.baseDir ?? process.cwd();
  const path = resolve(base, parsed.data.path);
  const stateDir = parsed.data.stateDir ? resolve(base, parsed.data.stateDir) : join(dirname(path), `.${basename(path)}.sluice`);
  return { path, stateDir };
}
