import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '@sluice/graph';
import { z } from 'zod';

const configSchema = z.object({
  path: z.string().min(1),
  /** Folder for change-tracking state; default `.<file name>.sluice/` beside the file. */
  stateDir: z.string().min(1).optional(),
  /** Relative paths are resolved against it; default the working directory. */
  baseDir: z.string().min(1).optional(),
});
export type FileConnectorConfig = z.infer<typeof configSchema>;

/** Reads a file app's config (`{ path, stateDir?, baseDir? }`), or a `UserError('E_CONFIG')` saying what is missing. */
export function parseFileConfig(appName: string, config: Record<string, unknown>): { path: string; stateDir: string } {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    throw new UserError('E_CONFIG', `${appName} needs "path": the file to sync, e.g. { "path": "contacts.${appName === 'CSV file' ? 'csv' : 'jsonl'}" }.`);
  }
  const base = parsed.data.baseDir ?? process.cwd();
  const path = resolve(base, parsed.data.path);
  const stateDir = parsed.data.stateDir ? resolve(base, parsed.data.stateDir) : join(dirname(path), `.${basename(path)}.sluice`);
  // A shared server confines file apps to one folder, so a connection cannot read or replace any file
  // the server can reach.
  const root = process.env.SLUICE_FILE_ROOT;
  if (root) {
    const inside = (p: string) => {
      const rel = relative(resolve(root), p);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    };
    if (!inside(path) || !inside(stateDir)) {
      throw new UserError('E_CONFIG', `${appName}: "${parsed.data.path}" is outside the folder this server allows for files (${root}).`);
    }
  }
  return { path, stateDir };
}
