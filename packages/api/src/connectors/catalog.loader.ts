import type { ConnectionConfig, Side } from '@sluice/engine';
import type { FieldCatalog } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { ApiContext } from '../context';
import { openConnector } from '@sluice/runtime';

/**
 * The field catalog of one side of a connection: live from the app (custom fields included) when it
 * answers within a few seconds, else the app's fixed fields.
 */
export async function catalogOf(ctx: ApiContext & { user: { workspaceId: string } }, apps: ConnectionConfig['apps'], side: Side): Promise<FieldCatalog> {
  const app = apps[side];
  const factory = ctx.connectors.get(app.connector);
  if (!factory) throw new UserError('E_UNKNOWN_APP', `There is no app "${app.connector}".`);
  let connector;
  try {
    connector = await openConnector(ctx.db, ctx.connectors, ctx.user.workspaceId, app);
    return await connector.fieldCatalog(AbortSignal.timeout(5_000));
  } catch {
    return factory.app.fields;
  } finally {
    await connector?.close?.();
  }
}
