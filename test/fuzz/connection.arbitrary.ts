import fc from 'fast-check';
import { graphLike, minimalGraph } from './graph.arbitrary';

// Fuzzed `sluice.connection/v1` documents: each part plausible or wrong, over file apps (so a valid
// one can really run), the sandbox apps and API apps with odd base URLs.

const odd = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '\u0000', '\ud800', '🦆', 'x'.repeat(2000), '__proto__', 'constructor') },
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });

const paths = ['a.jsonl', 'b.jsonl', 'a.csv', 'missing.jsonl', 'dir', '', '../outside.jsonl', 'sub/../a.jsonl', 'a.jsonl\u0000.txt'];
const baseUrls = ['https://api.example.com', 'http://127.0.0.1:1/', 'http://169.254.169.254/', 'file:///etc/passwd', 'not a url', ''];

const app = fc.oneof(
  { weight: 6, arbitrary: fc.record({ connector: fc.constantFrom('jsonl', 'jsonl', 'csv'), config: fc.record({ path: fc.constantFrom(...paths) }, { requiredKeys: [] }) }, { requiredKeys: ['connector'] }) },
  { weight: 2, arbitrary: fc.record({ connector: fc.constantFrom('sandbox-crm', 'sandbox-outreach'), config: fc.constant({}) }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { connector: fc.constantFrom('pipedrive', 'hubspot', 'woodpecker', 'google', 'nope', ''), config: fc.record({ baseUrl: fc.constantFrom(...baseUrls) }, { requiredKeys: [] }), credentialId: odd },
      { requiredKeys: ['connector'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const fieldPath = fc.constantFrom('email', 'firstName', 'custom.industry', 'custom.sector', 'tags', 'fullName', 'deals.count', '', 'nope.nope', '__proto__.x');

/** Anything-goes connection documents: every part may be wrong. */
const wildDocument = fc.record(
  {
    format: fc.oneof({ weight: 9, arbitrary: fc.constant('sluice.connection/v1') }, { weight: 1, arbitrary: fc.constantFrom('sluice.graph/v1', 'sluice.connection/v2') }),
    name: maybe(odd),
    apps: maybe(fc.record({ a: app, b: app }, { requiredKeys: ['a', 'b'] })),
    mode: maybe(fc.constantFrom('two-way', 'a-to-b', 'b-to-a', 'sideways')),
    rules: maybe(fc.record({ aToB: fc.oneof(fc.constant(minimalGraph), graphLike), bToA: graphLike }, { requiredKeys: [] })),
    conflict: maybe(fc.record({ winner: fc.constantFrom('a', 'b', 'newest', 'c'), fields: fc.dictionary(fieldPath, fc.constantFrom('a', 'b', 'newest', 'merge', 'max'), { maxKeys: 3 }) }, { requiredKeys: [] })),
    match: maybe(fc.record({ keys: fc.array(fc.constantFrom('email', 'phone', 'id', ''), { maxLength: 3 }), defaultCountry: fc.constantFrom('DE', 'US', 'XX', 'usa', '') }, { requiredKeys: [] })),
    mappings: maybe(fc.array(fc.record({ a: fieldPath, b: fieldPath, direction: fc.constantFrom('both', 'aToB', 'bToA', 'up') }, { requiredKeys: ['a', 'b'] }), { maxLength: 4 })),
    options: maybe(fc.dictionary(fc.constantFrom('avoidDuplicates', 'syncDeletions', 'syncUnsubscribes', 'turbo'), fc.oneof(fc.boolean(), odd), { maxKeys: 3 })),
    extra: odd,
  },
  { requiredKeys: ['format'] },
);

const fileApp = (path: string) => fc.record({ connector: fc.constantFrom('jsonl'), config: fc.constant({ path }) });

/** Mostly right: the parts a user would write, with at most one of them wrong. */
const plausibleDocument = fc
  .tuple(
    fc.record(
      {
        format: fc.constant('sluice.connection/v1'),
        name: fc.string({ minLength: 1, maxLength: 30 }),
        apps: fc.record({ a: fileApp('a.jsonl'), b: fc.oneof(fileApp('b.jsonl'), fc.constant({ connector: 'csv', config: { path: 'a.csv' } })) }),
        mode: fc.constantFrom('two-way', 'a-to-b', 'b-to-a'),
        rules: fc.record({ aToB: fc.constant(minimalGraph) }, { requiredKeys: [] }),
        conflict: fc.record({ winner: fc.constantFrom('a', 'b'), fields: fc.dictionary(fc.constantFrom('phone', 'tags', 'firstName'), fc.constantFrom('a', 'b', 'newest', 'merge'), { maxKeys: 2 }) }),
        match: fc.record({ keys: fc.constantFrom(['email'], ['email', 'phone'], ['phone']) }),
        mappings: fc.array(fc.record({ a: fc.constantFrom('custom.industry', 'firstName'), b: fc.constantFrom('custom.sector', 'firstName'), direction: fc.constantFrom('both', 'aToB', 'bToA') }), { maxLength: 2 }),
        options: fc.record({ avoidDuplicates: fc.boolean(), syncDeletions: fc.boolean(), syncUnsubscribes: fc.boolean() }, { requiredKeys: [] }),
      },
      { requiredKeys: ['format', 'name', 'apps'] },
    ),
    fc.option(fc.tuple(fc.constantFrom('name', 'apps', 'mode', 'rules', 'conflict', 'match', 'mappings', 'options', 'extra'), fc.jsonValue({ maxDepth: 2 })), { freq: 2 }),
  )
  .map(([doc, damage]) => (damage ? { ...doc, [damage[0]]: damage[1] } : doc));

/** A connection document (file form, with `format`): half mostly right, half wild. */
export const connectionDocument: fc.Arbitrary<Record<string, unknown>> = fc.oneof(plausibleDocument, wildDocument);

/** The same document as a `connections.create` draft (no `format`). */
export function asDraft(doc: Record<string, unknown>): Record<string, unknown> {
  const { format: _format, ...draft } = doc;
  return draft;
}
