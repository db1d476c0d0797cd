import type { AppCapabilities } from '@sluice/engine';
import { appCatalog, allCanonicalPaths } from '../sdk/app-catalog';

/** What both file apps can do: everything a contact holds; deletions are lines that disappear. */
export const fileCapabilities: AppCapabilities = {
  incremental: true,
  deletions: true,
  deals: true,
  tags: true,
  lists: true,
  owner: true,
  unsubscribe: true,
  webhooks: false,
};

/** Every canonical field; `deleted` and `deals.*` stay read-only as in the canonical catalog. */
export const fileCatalog = appCatalog(allCanonicalPaths);

/** Every rewrite costs a pass over the file, so batches are large. */
export const fileBatchLimit = 5000;
