import { describe, expect, it } from 'vitest';
import { compileAction } from './action.compiler';
import { compileActionInPlace } from './action.in-place';
import type { Contact } from './contact.schema';
import type { ActionDo } from './graph.schema';
import { contact } from './testing/graph.fixture';

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
};

const RECORDS: Contact[] = [
  contact({ firstName: 'ada', email: '  Ada@Example.com ', phone: '0049 (30) 123-45', tags: ['Lead'], lists: ['news'], owner: 'u1', address: { city: 'berlin' }, custom: { tier: 'gold' } }),
  contact({ tags: [], lists: [], unsubscribed: true, deals: { count: 2, open: 1, won: 1, value: 40 } }),
  contact({ company: 'Acme', tags: ['NEW', 'vip'], custom: {} }),
  // Keys present with an undefined value, which the actions treat as missing.
  { ...contact({ tags: ['x'] }), mobile: undefined, jobTitle: undefined } as Contact,
].map(deepFreeze);

/** Every op, on top-level, nested, missing and list fields, including ones that change nothing. */
const ACTIONS: ActionDo[] = [
  { op: 'addTag', value: 'New' },
  { op: 'addTag', value: 'lead' },
  { op: 'removeTag', value: 'LEAD' },
  { op: 'removeTag', value: 'none' },
  { op: 'addToList', value: 'News' },
  { op: 'removeFromList', value: 'news' },
  { op: 'set', field: 'jobTitle', value: 'CTO' },
  { op: 'set', field: 'custom.tier', value: 'gold' },
  { op: 'set', field: 'custom.greeting', value: 'Hi {{firstName}}' },
  { op: 'set', field: 'address.country', value: '{{company}}' },
  { op: 'set', field: 'owner', value: '{{owner}}' },
  { op: 'set', field: 'custom.a.b', value: 3 },
  { op: 'clear', field: 'phone' },
  { op: 'clear', field: 'mobile' },
  { op: 'clear', field: 'tags' },
  { op: 'clear', field: 'custom' },
  { op: 'clear', field: 'address.city' },
  { op: 'copy', from: 'email', to: 'custom.login' },
  { op: 'copy', from: 'tags', to: 'lists' },
  { op: 'copy', from: 'mobile', to: 'phone' },
  { op: 'format', field: 'email', as: 'trim' },
  { op: 'format', field: 'tags', as: 'uppercase' },
  { op: 'format', field: 'address.city', as: 'titleCase' },
  { op: 'setOwner', value: 'u1' },
  { op: 'setOwner', value: '{{email}}' },
  { op: 'unsubscribe' },
  { op: 'resubscribe' },
];

describe('actions in place', () => {
  it('give the same record as the copying action, and say whether it changed', () => {
    for (const record of RECORDS) {
      for (const action of ACTIONS) {
        const want = compileAction<Contact>(action)(record);
        const draft = { ...record } as unknown as Record<string, unknown>;
        const changed = compileActionInPlace(action)(draft);
        expect({ action, draft }).toEqual({ action, draft: want });
        expect({ action, changed }).toEqual({ action, changed: want !== record });
      }
    }
  });
  it('apply a chain to one copy as the copying actions would, leaving nested values of the input alone', () => {
    for (const record of RECORDS) {
      let want = record;
      for (const action of ACTIONS) want = compileAction<Contact>(action)(want);
      // The input and its nested objects and lists are frozen: a write to any of them would throw.
      const draft = { ...record } as unknown as Record<string, unknown>;
      for (const action of ACTIONS) compileActionInPlace(action)(draft);
      expect(draft).toEqual(want);
      expect(Object.keys(draft)).toEqual(Object.keys(want));
    }
  });
});
