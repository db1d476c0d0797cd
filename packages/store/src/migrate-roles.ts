import type { Db } from 'mongodb';
import { COLLECTIONS } from './collection-names';

/**
 * Installs from before the four roles stored `member` for everyone who was not owner or admin: such a
 * person could change everything but people, which is what `editor` may do now. Idempotent; run at open.
 */
export async function migrateLegacyRoles(db: Db): Promise<number> {
  let changed = 0;
  for (const name of [COLLECTIONS.members, COLLECTIONS.invitations]) {
    changed += (await db.collection(name).updateMany({ role: 'member' }, { $set: { role: 'editor' } })).modifiedCount;
  }
  return changed;
}
