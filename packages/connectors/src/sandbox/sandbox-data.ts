// The English locale only: the package root builds a Faker for each of its 70+ locales, 16 MB of
// heap and 0.6 s at start-up in every process that loads a connector (2.6 MB and 0.2 s for this one).
// Even that is loaded only when a workspace's sandbox apps are first seeded (sandbox-seed.ts).
import { faker } from '@faker-js/faker/locale/en';
import { orgIdFor } from './sandbox-crm.service';
import { orgNameKey, withPersonKeys } from './sandbox-crm.mapping';
import type { SandboxSeedOptions } from './sandbox-seed';
import { SANDBOX_INDUSTRIES as INDUSTRIES, type DealStatus, type ProspectStatus, type SandboxDeal, type SandboxOrg, type SandboxPerson, type SandboxProspect } from './sandbox-store.port';

const OWNERS = ['Maya Lindqvist', 'Tom Okafor', 'Priya Raman', 'Lucas Meyer', 'Ana Sousa'];
const LABELS = ['Hot lead', 'Customer', 'Partner', 'VIP', 'Cold', 'Churn risk'];
const TAGS = ['Newsletter', 'Webinar 2025', 'Trial', 'Conference', 'Cold outreach', 'Warm', 'Ebook'];

/**
 * Generates the sandbox demo data: deterministic (fixed Faker seed and dates), realistic people
 * spread over the CRM (with organizations, owners, labels, deals) and Outreach (with tags and
 * statuses, some blacklisted), with a shared middle third so matching by email is visible. The
 * result depends on `options` alone.
 */
export function generateSandboxData(options: SandboxSeedOptions = {}) {
  const count = options.count ?? 500;
  // Seeding resets the generator; nothing runs between here and the last draw (no await), so the shared instance is safe.
  faker.seed(options.seed ?? 20240915);
  const refDate = new Date('2026-01-15T09:00:00.000Z');
  const when = () => faker.date.between({ from: '2025-06-01T00:00:00.000Z', to: refDate }).toISOString();

  const orgs: SandboxOrg[] = [];
  for (let i = 0; i < Math.max(5, Math.round(count / 8)); i++) {
    const name = faker.company.name();
    if (orgs.some((o) => o.nameKey === orgNameKey(name))) continue;
    orgs.push({ id: orgIdFor(name), name, nameKey: orgNameKey(name), website: `https://${faker.internet.domainName()}`, updatedAt: when() });
  }

  const crmEnd = Math.round(count * 0.7);
  const outreachStart = Math.round(count * 0.4);
  const people: SandboxPerson[] = [];
  const prospects: SandboxProspect[] = [];
  const deals: SandboxDeal[] = [];
  let shared = 0;

  for (let i = 0; i < count; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const org = faker.helpers.arrayElement(orgs);
    const domain = org.website!.replace('https://', '');
    const email = faker.internet.email({ firstName, lastName, provider: faker.datatype.boolean(0.7) ? domain : undefined }).toLowerCase();
    const phone = faker.datatype.boolean(0.8) ? faker.phone.number({ style: 'international' }) : undefined;
    const jobTitle = faker.person.jobTitle();
    const address = { city: faker.location.city(), country: faker.location.country() };
    const num = String(i + 1).padStart(4, '0');
    const inCrm = i < crmEnd;
    const inOutreach = i >= outreachStart;
    if (inCrm && inOutreach) shared++;

    if (inCrm) {
      const id = `p-${num}`;
      people.push(
        withPersonKeys({
          id,
          firstName,
          lastName,
          email,
          phone,
          mobile: faker.datatype.boolean(0.3) ? faker.phone.number({ style: 'international' }) : undefined,
          jobTitle,
          orgId: org.id,
          owner: faker.helpers.arrayElement(OWNERS),
          labels: faker.helpers.arrayElements(LABELS, { min: 0, max: 2 }),
          address,
          custom: { industry: faker.helpers.arrayElement(INDUSTRIES) },
          phoneKeys: [],
          updatedAt: when(),
        }),
      );
      if (faker.datatype.boolean(0.45)) {
        const n = faker.number.int({ min: 1, max: 3 });
        for (let d = 0; d < n; d++) {
          deals.push({
            id: `d-${num}-${d + 1}`,
            personId: id,
            title: `${org.name} – ${faker.commerce.productName()}`,
            value: faker.number.int({ min: 5, max: 500 }) * 100,
            status: faker.helpers.weightedArrayElement<DealStatus>([
              { weight: 5, value: 'open' },
              { weight: 3, value: 'won' },
              { weight: 2, value: 'lost' },
            ]),
            updatedAt: when(),
          });
        }
      }
    }

    if (inOutreach) {
      // Some shared contacts are spelled differently in Outreach, as real data is.
      const spelled = inCrm && faker.datatype.boolean(0.2) ? email.replace(/^./, (ch) => ch.toUpperCase()) : email;
      prospects.push(
        withPersonKeys({
          id: `w-${num}`,
          email: spelled,
          firstName,
          lastName,
          company: org.name,
          website: org.website,
          title: faker.datatype.boolean(0.6) ? jobTitle : undefined,
          phone: inCrm ? undefined : phone,
          address: { city: address.city, country: address.country },
          tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 3 }),
          status: faker.helpers.weightedArrayElement<ProspectStatus>([
            { weight: 84, value: 'ACTIVE' },
            { weight: 8, value: 'BLACKLIST' },
            { weight: 5, value: 'REPLIED' },
            { weight: 3, value: 'BOUNCED' },
          ]),
          custom: { snippet1: faker.company.catchPhrase() },
          phoneKeys: [],
          updatedAt: when(),
        }),
      );
    }
  }
  return { orgs, people, deals, prospects, shared };
}
