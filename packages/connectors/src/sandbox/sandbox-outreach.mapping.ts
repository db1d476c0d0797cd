import type { Contact } from '@sluice/graph';
import { compact } from '../sdk/compact';
import { withPersonKeys } from './sandbox-crm.mapping';
import type { SandboxProspect } from './sandbox-store.port';

/** A prospect as a canonical contact: title → jobTitle, status BLACKLIST → unsubscribed. Pure. */
export function prospectToContact(p: SandboxProspect): Contact {
  return compact<Contact>({
    id: p.id,
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    phone: p.phone,
    company: p.company,
    jobTitle: p.title,
    website: p.website,
    // Stored documents may be frozen (memory store): the contact gets its own copies of nested values.
    address: p.address && { ...p.address },
    tags: [...p.tags],
    lists: [],
    unsubscribed: p.status === 'BLACKLIST',
    deleted: p.deleted ? true : undefined,
    custom: { ...p.custom, status: p.status },
    updatedAt: p.updatedAt,
  });
}

/**
 * The prospect a contact describes. Unsubscribing blacklists; resubscribing a blacklisted prospect
 * makes it ACTIVE again; other statuses (REPLIED, BOUNCED) are the app's own and kept. Pure.
 */
export function contactToProspect(c: Contact, base: SandboxProspect, updatedAt: string): SandboxProspect {
  let status = base.status;
  if (c.unsubscribed === true) status = 'BLACKLIST';
  else if (base.status === 'BLACKLIST') status = 'ACTIVE';
  const { status: _computed, ...custom } = c.custom;
  return withPersonKeys({
    id: base.id,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    company: c.company,
    title: c.jobTitle,
    website: c.website,
    address: c.address,
    tags: [...c.tags],
    status,
    custom,
    updatedAt,
    phoneKeys: [],
  }, base);
}
