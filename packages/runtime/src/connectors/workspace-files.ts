import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { relativeFilePath, resolveInFolder } from '@sluice/connectors';
import { UnexpectedError, UserError } from '@sluice/core';

/** The apps whose config names files on the server. */
export const FILE_APPS: ReadonlySet<string> = new Set(['jsonl', 'csv']);

/** How workspace ids (random UUIDs) look: a first path segment like this is a workspace's folder. */
export const WORKSPACE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where a workspace's files live: `<files root>/<workspace id>`. Pure.
 * @example workspaceFilesPath('/srv/sluice/files', ws.id) // '/srv/sluice/files/3f0c…'
 */
export function workspaceFilesPath(filesRoot: string, workspaceId: string): string {
  // Only a plain name may become a folder (ids are UUIDs; a bug must not make one climb out).
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(workspaceId)) throw new UnexpectedError('a workspace id cannot name a folder', { workspaceId: workspaceId.slice(0, 80) });
  return join(filesRoot, workspaceId);
}

/** The workspace's files folder, created (owner-only) when missing. */
export async function workspaceFilesFolder(filesRoot: string, workspaceId: string): Promise<string> {
  const folder = workspaceFilesPath(filesRoot, workspaceId);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return folder;
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

/**
 * A file app's config with its paths confined to the workspace's files folder and made real and
 * absolute (see `resolveInFolder`). `baseDir` belongs to the command line and is refused. A file
 * missing from the workspace's folder but still at the same place in the folder every workspace
 * shared before (`<files root>/<path>`) is refused with what the operator must do: reading it as
 * empty would report every record as deleted.
 */
export async function confineFileConfig(filesRoot: string, workspaceId: string, appName: string, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (config.baseDir !== undefined) {
    throw new UserError('E_CONFIG', `${appName}: "baseDir" is for the command line; on the server, paths are relative to this workspace's files folder.`);
  }
  const folder = await workspaceFilesFolder(filesRoot, workspaceId);
  const path = await resolveInFolder(folder, appName, 'path', config.path, 'file');
  const out: Record<string, unknown> = { ...config, path };
  if (config.stateDir !== undefined) out.stateDir = await resolveInFolder(folder, appName, 'stateDir', config.stateDir, 'folder');
  const rel = relativeFilePath(appName, 'path', config.path, 'file');
  if (!(await exists(path)) && !WORKSPACE_ID.test(rel.split('/')[0]!) && (await exists(join(filesRoot, rel)))) {
    throw new UserError(
      'E_FILE_NOT_MOVED',
      `${appName}: "${rel}" is not in this workspace's files folder yet; it is still in the folder all workspaces shared before each got its own. ` +
        `Ask whoever runs this Sluice server to move it to ${join(folder, rel)} (see "Files folder" in docs/security.md).`,
    );
  }
  return out;
}
