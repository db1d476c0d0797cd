import type { Graph } from '@sluice/graph';

/**
 * The built-in example the playground opens with: Pipedrive → Woodpecker, skip unsubscribed people,
 * tag prospects without deals "New", and pass customers on with their email lower-cased.
 */
export const exampleGraph: Graph = {
  format: 'sluice.graph/v1',
  name: 'Prospects without deals',
  description: 'Send Pipedrive people to Woodpecker; tag the ones without deals "New".',
  source: { app: 'pipedrive' },
  target: { app: 'woodpecker' },
  nodes: [
    { id: 'in', kind: 'source', label: 'Pipedrive person' },
    { id: 'c1', kind: 'condition', label: 'Is subscribed', when: { field: 'unsubscribed', op: 'ne', value: true } },
    { id: 'c2', kind: 'condition', label: 'Has no deals', when: { field: 'deals.count', op: 'eq', value: 0 } },
    { id: 'a1', kind: 'action', label: 'Tag as New', do: { op: 'addTag', value: 'New' } },
    { id: 'c3', kind: 'condition', label: 'Is a customer', when: { field: 'tags', op: 'contains', value: 'customer' } },
    { id: 'a2', kind: 'action', do: { op: 'format', field: 'email', as: 'lowercase' } },
    { id: 'out', kind: 'sync', label: 'Sync to Woodpecker' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'c2' },
    { from: 'c2', to: 'a1' },
    { from: 'a1', to: 'out' },
    { from: 'c2', to: 'c3', branch: 'else' },
    { from: 'c3', to: 'a2' },
    { from: 'a2', to: 'out' },
  ],
  layout: {
    in: { x: 0, y: 120 },
    c1: { x: 236, y: 120 },
    c2: { x: 472, y: 120 },
    a1: { x: 708, y: 30 },
    c3: { x: 708, y: 210 },
    a2: { x: 944, y: 210 },
    out: { x: 1180, y: 120 },
  },
};
