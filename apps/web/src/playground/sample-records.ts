import type { Contact } from '@sluice/graph';

const firstNames = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Eve', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kemal', 'Lena', 'Mia', 'Noor', 'Oskar', 'Priya'];
const lastNames = ['Lovelace', 'Okafor', 'Martin', 'Ivanov', 'Nguyen', 'Haddad', 'Berg', 'Sato', 'Petrov', 'Kim', 'Yilmaz', 'Schulz', 'Rossi', 'Ali'];
const companies = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Tyrell'];
const cities = ['Ghent', 'Berlin', 'Lisbon', 'Austin', 'Toronto', 'Osaka'];
const tagPool = ['customer', 'prospect', 'vip', 'partner', 'competitor', 'New'];
const listPool = ['Newsletter', 'Webinar', 'Trial users'];
const owners = ['ann@example.com', 'bob@example.com', 'sales@example.com'];

/** A small deterministic PRNG (mulberry32), so the sample is the same on every load. Pure. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` varied canonical contacts: some without email, with or without deals, tagged,
 * unsubscribed, with mixed-case emails. Deterministic for a seed. Pure.
 */
export function sampleRecords(count = 200, seed = 7): Contact[] {
  const r = prng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Contact[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = pick(firstNames);
    const lastName = pick(lastNames);
    const company = pick(companies);
    const dealCount = r() < 0.45 ? 0 : 1 + Math.floor(r() * 4);
    const won = dealCount ? Math.floor(r() * (dealCount + 1)) : 0;
    const tags = tagPool.filter(() => r() < 0.18);
    if (won > 0 && !tags.includes('customer')) tags.push('customer');
    const email =
      r() < 0.08 ? undefined : `${firstName}.${lastName}${i}@${company.toLowerCase().replace(/\s+/g, '')}.example`;
    const c: Contact = {
      id: `p${String(i + 1).padStart(3, '0')}`,
      firstName,
      lastName,
      company,
      jobTitle: pick(['CEO', 'CTO', 'Sales lead', 'Engineer', 'Marketing manager']),
      tags,
      lists: listPool.filter(() => r() < 0.25),
      owner: pick(owners),
      deals: { count: dealCount, open: dealCount - won, won, value: dealCount ? Math.round(r() * 50_000) : 0 },
      address: { city: pick(cities) },
      custom: { industry: pick(['software', 'retail', 'finance', 'health']) },
      updatedAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(r() * 300))).toISOString(),
    };
    if (email) c.email = r() < 0.2 ? email.toUpperCase() : email;
    if (r() < 0.6) c.phone = `+32 4${Math.floor(r() * 1e8).toString().padStart(8, '0')}`;
    if (r() < 0.12) c.unsubscribed = true;
    out.push(c);
  }
  return out;
}
