import { createKeyedMutex } from '../sdk/keyed-mutex';
import type { SandboxStore } from './sandbox-store.port';

export interface SandboxSeedOptions {
  /** Faker seed: the same seed gives the same data, byte for byte. */
  seed?: number;
  /** People generated; about 70% land in the CRM and 60% in Outreach, 30% in both. */
  count?: number;
}

export interface SandboxSeedSummary {
  people: number;
  orgs: number;
  deals: number;
  prospects: number;
  /** Contacts present in both apps (same email, sometimes spelled differently). */
  shared: number;
}

const seedLock = createKeyedMutex();

/**
 * Seeds a workspace's sandbox apps once: does nothing when it already holds sandbox data.
 * @example await ensureSandboxSeeded(store, workspaceId) // 500 contacts, deterministic
 */
export async function ensureSandboxSeeded(store: SandboxStore, workspaceId: string, options: SandboxSeedOptions = {}): Promise<SandboxSeedSummary | undefined> {
  return seedLock(workspaceId, async () => {
    const existing = (await store.count(workspaceId, 'people')) + (await store.count(workspaceId, 'prospects')) + (await store.count(workspaceId, 'orgs'));
    if (existing > 0) return undefined;
    // Faker and the generator load here, on a workspace's first visit, not when the server starts.
    const { generateSandboxData } = await import('./sandbox-data');
    const data = generateSandboxData(options);
    await store.put(workspaceId, 'orgs', data.orgs);
    await store.put(workspaceId, 'people', data.people);
    await store.put(workspaceId, 'deals', data.deals);
    await store.put(workspaceId, 'prospects', data.prospects);
    return { people: data.people.length, orgs: data.orgs.length, deals: data.deals.length, prospects: data.prospects.length, shared: data.shared };
  });
}
