import type { Graph } from '@sluice/graph';

/** A built-in template: a `sluice.graph/v1` rule graph with tests, plus words for the gallery. */
export interface GalleryTemplate {
  id: string;
  title: string;
  summary: string;
  graph: Graph;
}

const graph = (g: Omit<Graph, 'format'>): Graph => ({ format: 'sluice.graph/v1', ...g });

/**
 * The template gallery (DESIGN.md: a template is a graph with only app types and rules). Each one
 * carries `tests`, which import runs; apps are suggestions: importing into a connection between
 * other apps checks the fields against those apps' catalogs instead.
 */
export const templateGallery: readonly GalleryTemplate[] = [
  {
    id: 'prospects-without-deals',
    title: 'Prospects without deals → outreach, tagged "New"',
    summary: 'CRM people with no deals go to the outreach tool with the tag "New"; people with deals stay out.',
    graph: graph({
      name: 'Prospects without deals',
      source: { app: 'pipedrive' },
      target: { app: 'woodpecker' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', label: 'has no deals', when: { field: 'deals.count', op: 'eq', value: 0 } },
        { id: 'a1', kind: 'action', label: 'tag New', do: { op: 'addTag', value: 'New' } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'a1' },
        { from: 'a1', to: 'out' },
      ],
      tests: [
        { name: 'no deals syncs with tag New', record: { email: 'ann@example.com', deals: { count: 0, open: 0, won: 0, value: 0 } }, expect: 'sync', expectFields: { tags: ['New'] } },
        { name: 'a person with a deal stays out', record: { email: 'bo@example.com', deals: { count: 2, open: 1, won: 1, value: 900 } }, expect: 'exclude', excludedBy: 'c1' },
      ],
    }),
  },
  {
    id: 'only-customers',
    title: 'Only customers',
    summary: 'Syncs contacts tagged "customer" (any case) and nobody else.',
    graph: graph({
      name: 'Only customers',
      source: { app: 'hubspot' },
      target: { app: 'google-contacts' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', label: 'is a customer', when: { field: 'tags', op: 'contains', value: 'customer' } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'out' },
      ],
      tests: [
        { name: 'a customer syncs', record: { email: 'c@example.com', tags: ['Customer'] }, expect: 'sync' },
        { name: 'a lead stays out', record: { email: 'l@example.com', tags: ['lead'] }, expect: 'exclude', excludedBy: 'c1' },
      ],
    }),
  },
  {
    id: 'skip-unsubscribed',
    title: 'Skip unsubscribed contacts',
    summary: 'Everyone syncs except contacts who unsubscribed.',
    graph: graph({
      name: 'Skip unsubscribed',
      source: { app: 'woodpecker' },
      target: { app: 'pipedrive' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', label: 'is subscribed', when: { field: 'unsubscribed', op: 'ne', value: true } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'out' },
      ],
      tests: [
        { name: 'a subscribed contact syncs', record: { email: 's@example.com', unsubscribed: false }, expect: 'sync' },
        { name: 'a contact without the flag syncs', record: { email: 'n@example.com' }, expect: 'sync' },
        { name: 'an unsubscribed contact stays out', record: { email: 'u@example.com', unsubscribed: true }, expect: 'exclude', excludedBy: 'c1' },
      ],
    }),
  },
  {
    id: 'clean-emails-only',
    title: 'Contacts with an email, cleaned up',
    summary: 'Skips contacts without an email and lower-cases and trims the ones that sync.',
    graph: graph({
      name: 'Contacts with an email',
      source: { app: 'google-contacts' },
      target: { app: 'hubspot' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', label: 'has an email', when: { field: 'email', op: 'isNotEmpty' } },
        { id: 'a1', kind: 'action', label: 'lower-case email', do: { op: 'format', field: 'email', as: 'lowercase' } },
        { id: 'a2', kind: 'action', label: 'trim email', do: { op: 'format', field: 'email', as: 'trim' } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'a1' },
        { from: 'a1', to: 'a2' },
        { from: 'a2', to: 'out' },
      ],
      tests: [
        { name: 'an email is cleaned', record: { email: ' Ann@Example.COM ' }, expect: 'sync', expectFields: { email: 'ann@example.com' } },
        { name: 'no email stays out', record: { firstName: 'Nobody' }, expect: 'exclude', excludedBy: 'c1' },
      ],
    }),
  },
  {
    id: 'won-deals-are-vips',
    title: 'Customers with won deals tagged "VIP", other prospects tagged "Prospect"',
    summary: 'Two rules OR-ed: people with a won deal sync tagged VIP; the rest with an email sync tagged Prospect.',
    graph: graph({
      name: 'VIPs and prospects',
      source: { app: 'pipedrive' },
      target: { app: 'hubspot' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', label: 'won a deal', when: { field: 'deals.won', op: 'gt', value: 0 } },
        { id: 'a1', kind: 'action', label: 'tag VIP', do: { op: 'addTag', value: 'VIP' } },
        { id: 'c2', kind: 'condition', label: 'has an email', when: { field: 'email', op: 'isNotEmpty' } },
        { id: 'a2', kind: 'action', label: 'tag Prospect', do: { op: 'addTag', value: 'Prospect' } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'a1' },
        { from: 'a1', to: 'out' },
        { from: 'c1', to: 'c2', branch: 'else' },
        { from: 'c2', to: 'a2' },
        { from: 'a2', to: 'out' },
      ],
      tests: [
        { name: 'a won deal makes a VIP', record: { email: 'v@example.com', deals: { count: 1, open: 0, won: 1, value: 5000 } }, expect: 'sync', expectFields: { tags: ['VIP'] } },
        { name: 'others are prospects', record: { email: 'p@example.com' }, expect: 'sync', expectFields: { tags: ['Prospect'] } },
        { name: 'no email and no deal stays out', record: { firstName: 'X' }, expect: 'exclude', excludedBy: 'c2' },
      ],
    }),
  },
  {
    id: 'company-contacts-only',
    title: 'Business contacts only',
    summary: 'Syncs contacts that have a company, and sets their owner.',
    graph: graph({
      name: 'Business contacts only',
      source: { app: 'google-contacts' },
      target: { app: 'pipedrive' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', label: 'has a company', when: { field: 'company', op: 'isNotEmpty' } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'out' },
      ],
      tests: [
        { name: 'a contact with a company syncs', record: { email: 'b@acme.test', company: 'Acme' }, expect: 'sync' },
        { name: 'a private contact stays out', record: { email: 'mum@example.com' }, expect: 'exclude', excludedBy: 'c1' },
      ],
    }),
  },
];

/** A gallery template by id. */
export function galleryTemplate(id: string): GalleryTemplate | undefined {
  return templateGallery.find((t) => t.id === id);
}
