import type { ConnectionRecord, ConnectionVersion } from '@sluice/store';
import type { ApiContext } from '../context';
import { diffVersions, graphLoader, type VersionDiff } from './version.diff';
import type { SideNames } from './settings-diff.sentences';

type Ctx = Pick<ApiContext, 'db' | 'connectors'>;

/** The apps' display names of a connection's settings ("HubSpot"), for sentences. */
export function sideNames(ctx: Ctx, settings: ConnectionRecord['settings']): SideNames {
  const name = (id: string) => ctx.connectors.get(id)?.app.name ?? id;
  return { a: name(settings.apps.a.connector), b: name(settings.apps.b.connector) };
}

/** A stored connection as a version (for comparing what a save changed). */
export function asVersion(record: ConnectionRecord): ConnectionVersion {
  return { connectionId: record.id, version: record.version, at: record.updatedAt, change: 'settings', name: record.name, settings: record.settings, graphs: record.graphs };
}

/** Every sentence of a version diff, settings first, then each direction's rules (prefixed with it). */
export function diffSentences(diff: VersionDiff): string[] {
  return [...diff.settings, ...diff.rules.flatMap((r) => r.sentences.map((s) => `${r.label}: ${s}`))];
}

/** What a save changed, in sentences (for the audit entry of the save). */
export async function changesBetween(ctx: Ctx, workspaceId: string, before: ConnectionRecord, after: ConnectionRecord): Promise<string[]> {
  const diff = await diffVersions(asVersion(before), asVersion(after), { names: sideNames(ctx, after.settings), load: graphLoader(ctx.db, workspaceId) });
  return diffSentences(diff);
}
