import { lstat, mkdir, rename } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import type { ConnectionRecord, Store } from '@sluice/store';
import { FILE_APPS, WORKSPACE_ID, workspaceFilesFolder } from './workspace-files';

interface MigrationLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What the move at start-up did, for the log and for tests. */
export interface SharedFilesReport {
  /** Files (and state folders) moved: paths relative to the files root. */
  moved: { from: string; to: string }[];
  /** Files left in the shared folder, with why. */
  left: { file: string; reason: string }[];
  /** Connections whose stored absolute paths were rewritten as relative ones. */
  rewritten: string[];
}

/** A path as stored, relative to the files root when it lies in it (the old layout), else undefined. */
function underRoot(filesRoot: string, value: unknown): { rel: string; absolute: boolean } | undefined {
  if (typeof value !== 'string' || value === '' || value.includes('\u0000')) return undefined;
  const absolute = isAbsolute(value);
  const rel = absolute ? relative(filesRoot, value).split(sep).join('/') : posix.normalize(value);
  if (rel === '' || rel === '.' || isAbsolute(rel) || rel.split('/').includes('..')) return undefined;
  // Already inside a workspace's folder: the new layout.
  if (WORKSPACE_ID.test(rel.split('/')[0]!)) return undefined;
  return { rel, absolute };
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

/** Moves `from` to `to` when `from` exists and `to` does not; true when it moved. */
async function moveIfFree(from: string, to: string): Promise<boolean> {
  if (!(await exists(from)) || (await exists(to))) return false;
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  await rename(from, to);
  return true;
}

/**
 * Before each workspace had its own files folder, every workspace's file apps shared
 * `<files root>`. At start-up this moves each file there that the connections of exactly one
 * workspace use into that workspace's folder (`<files root>/<workspace id>/<same path>`), with its
 * state folder, and rewrites stored absolute paths into the files root as relative ones. A file used
 * by several workspaces is left where it is and logged: copying it would hand each workspace the
 * others' records, so the operator decides. Runs of a connection whose file was not moved fail with
 * a sentence saying so (`confineFileConfig`). Safe to run again: what was moved is not found twice.
 */
export async function moveSharedFiles(db: Store, filesRoot: string, log: MigrationLog): Promise<SharedFilesReport> {
  const report: SharedFilesReport = { moved: [], left: [], rewritten: [] };
  const connections = await db.connections.listUsingApps([...FILE_APPS]);
  /** Relative path in the shared folder → the workspaces using it, and whether it is a state folder. */
  const users = new Map<string, { workspaces: Set<string>; state: boolean }>();
  const use = (rel: string, workspaceId: string, state: boolean) => {
    const entry = users.get(rel) ?? { workspaces: new Set<string>(), state };
    entry.workspaces.add(workspaceId);
    users.set(rel, entry);
  };
  const absoluteUsers: ConnectionRecord[] = [];
  for (const record of connections) {
    let hasAbsolute = false;
    for (const side of [record.settings.apps.a, record.settings.apps.b]) {
      if (!FILE_APPS.has(side.connector)) continue;
      const path = underRoot(filesRoot, side.config.path);
      if (!path) continue;
      hasAbsolute ||= path.absolute;
      use(path.rel, record.workspaceId, false);
      const stateDir = side.config.stateDir === undefined ? undefined : underRoot(filesRoot, side.config.stateDir);
      hasAbsolute ||= stateDir?.absolute ?? false;
      use(stateDir ? stateDir.rel : posix.join(posix.dirname(path.rel), `.${basename(path.rel)}.sluice`), record.workspaceId, true);
    }
    if (hasAbsolute) absoluteUsers.push(record);
  }

  for (const [rel, { workspaces, state }] of users) {
    const from = join(filesRoot, rel);
    if (!(await exists(from))) continue;
    const [workspaceId, ...others] = [...workspaces];
    if (others.length > 0) {
      if (state) continue; // its file's line says it all
      report.left.push({ file: rel, reason: `used by ${workspaces.size} workspaces` });
      log.warn(
        { file: from, workspaces: [...workspaces] },
        `files: ${rel} is used by connections of ${workspaces.size} workspaces, so it stays where it is; copy it into the folder of each workspace that should have it (${filesRoot}/<workspace id>/${rel}). Until then their runs stop with a message saying so.`,
      );
      continue;
    }
    const to = join(await workspaceFilesFolder(filesRoot, workspaceId!), rel);
    if (await moveIfFree(from, to)) {
      report.moved.push({ from: rel, to: relative(filesRoot, to).split(sep).join('/') });
      log.info({ from, to }, `files: moved ${rel} into the files folder of workspace ${workspaceId}`);
    } else if (!state) {
      report.left.push({ file: rel, reason: 'the workspace folder already holds one' });
      log.warn({ file: from, kept: to }, `files: ${rel} stays in the shared folder: workspace ${workspaceId} already has its own, which is the one used`);
    }
  }

  // Absolute paths into the old shared folder now name the workspace's folder by a relative path.
  for (const record of absoluteUsers) {
    const relApp = (side: typeof record.settings.apps.a) => {
      if (!FILE_APPS.has(side.connector)) return side;
      const config = { ...side.config };
      for (const key of ['path', 'stateDir'] as const) {
        const found = underRoot(filesRoot, config[key]);
        if (found?.absolute) config[key] = found.rel;
      }
      return { ...side, config };
    };
    const settings = { ...record.settings, apps: { a: relApp(record.settings.apps.a), b: relApp(record.settings.apps.b) } };
    const author = { by: { type: 'system' as const, name: 'Sluice (files moved to the workspace folder)' }, change: 'system' as const, note: 'File paths made relative to the workspace’s files folder' };
    await db.connections.update(record.workspaceId, record.id, { settings, author });
    report.rewritten.push(record.id);
    log.info({ workspaceId: record.workspaceId, connectionId: record.id }, 'files: a connection\'s absolute file paths were rewritten relative to its workspace\'s files folder');
  }
  return report;
}
