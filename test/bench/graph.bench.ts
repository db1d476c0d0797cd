/**
 * `pnpm bench [--json]`: the compiled rule graph against a hand-written loop, json-rules-engine and
 * mingo, over 1,000,000 generated contacts (10 deterministic chunks of 100,000, generated outside
 * the timed sections). The rule: 3 conditions (an `all`, an `any`, an `in`) and 2 actions (add a
 * tag, set a field from a `{{placeholder}}`); every contender does the same work and produces the
 * same decisions (checked). json-rules-engine is asynchronous and slow, so it is timed on a sample
 * (the first 200 records of every 10,000-record slice, in turn with the others so that it runs under
 * the same load) and its rate extrapolated (the output says so; `--jre-sample N` changes the 200).
 * A second rule exercises `matches` (patterns typical of rules: a mail-domain alternation and an
 * anchored pattern with a class), compiled, against the same rule written with the JavaScript engine's
 * own RegExp (which backtracks, so rules may not use it: see docs/rules.md); both are timed in turn with
 * the others.
 * `--quick` runs 200,000 records.
 */
import { compileGraph, type Contact, type Decision, type Graph } from '@sluice/graph';
import { seededRandom } from '@sluice/graph/testing';
import { Engine } from 'json-rules-engine';
import { Query } from 'mingo';

const json = process.argv.includes('--json');
const CHUNK = 100_000;
const CHUNKS = process.argv.includes('--quick') ? 2 : 10;
/** `--jre-sample N`: records of each slice json-rules-engine is timed on (default 200; 2,000 times it in longer, hotter bursts). */
const JRE_PER_SLICE = (() => {
  const i = process.argv.indexOf('--jre-sample');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 200;
  return Number.isInteger(n) && n > 0 && n <= 10_000 ? n : 200;
})();
const SLICE = 10_000;
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'NL', 'BR', 'JP', 'IN'];
const MARKET = ['US', 'GB', 'DE', 'FR', 'NL'];
const TAGS = ['lead', 'vip', 'customer', 'partner', 'newsletter'];

const graph: Graph = {
  format: 'sluice.graph/v1',
  name: 'bench',
  source: { app: 'a' },
  target: { app: 'b' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', label: 'reachable', when: { all: [{ field: 'unsubscribed', op: 'ne', value: true }, { field: 'email', op: 'isNotEmpty' }] } },
    { id: 'c2', kind: 'condition', label: 'prospect', when: { any: [{ field: 'deals.count', op: 'eq', value: 0 }, { field: 'tags', op: 'contains', value: 'lead' }] } },
    { id: 'c3', kind: 'condition', label: 'target market', when: { field: 'address.country', op: 'in', value: MARKET } },
    { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
    { id: 'a2', kind: 'action', do: { op: 'set', field: 'custom.segment', value: '{{address.country}}-prospect' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'c2' },
    { from: 'c2', to: 'c3' },
    { from: 'c3', to: 'a1' },
    { from: 'a1', to: 'a2' },
    { from: 'a2', to: 'out' },
  ],
};

const PERSONAL_MAIL = '@(gmail|yahoo|hotmail|outlook)\\.com$';
const COMPANY_PATTERN = '^company \\d*[05]$';
const matchesGraph: Graph = {
  format: 'sluice.graph/v1',
  name: 'bench matches',
  source: { app: 'a' },
  target: { app: 'b' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'm1', kind: 'condition', label: 'work address', when: { not: { field: 'email', op: 'matches', value: PERSONAL_MAIL } } },
    { id: 'm2', kind: 'condition', label: 'key account', when: { field: 'company', op: 'matches', value: COMPANY_PATTERN } },
    { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'Key' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'm1' },
    { from: 'm1', to: 'm2' },
    { from: 'm2', to: 'a1' },
    { from: 'a1', to: 'out' },
  ],
};

function generate(chunk: number): Contact[] {
  const rand = seededRandom(chunk + 1);
  const out: Contact[] = new Array(CHUNK);
  for (let i = 0; i < CHUNK; i++) {
    const n = chunk * CHUNK + i;
    const count = rand() < 0.5 ? 0 : Math.floor(rand() * 5);
    out[i] = {
      id: `c${n}`,
      ...(rand() < 0.9 ? { email: `person${n}@example.com` } : {}),
      firstName: `First${n % 1000}`,
      lastName: `Last${n % 777}`,
      company: `Company ${n % 5000}`,
      address: { city: 'Springfield', country: COUNTRIES[Math.floor(rand() * COUNTRIES.length)] as string },
      tags: TAGS.filter(() => rand() < 0.25),
      lists: [],
      ...(rand() < 0.1 ? { unsubscribed: true } : {}),
      deals: { count, open: count, won: 0, value: count * 100 },
      custom: {},
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
  }
  return out;
}

// --- contenders -------------------------------------------------------------------------------

const compiled = compileGraph(graph);
const compiledMatches = compileGraph(matchesGraph);
const nativePersonal = new RegExp(PERSONAL_MAIL, 'i');
const nativeCompany = new RegExp(COMPANY_PATTERN, 'i');
/** The `matches` rule by hand with the JavaScript engine's RegExp: the record to sync, or null. */
function handMatches(r: Contact): Contact | null {
  if (r.email !== undefined && nativePersonal.test(r.email)) return null;
  if (r.company === undefined || !nativeCompany.test(r.company)) return null;
  return r.tags.some((t) => t.toLowerCase() === 'key') ? r : { ...r, tags: [...r.tags, 'Key'] };
}
const SYNC_PATH = ['in', 'c1', 'c2', 'c3', 'a1', 'a2', 'out'];
const lowerMarket = new Set(MARKET.map((c) => c.toLowerCase()));

const fmtTags = (tags: string[]) => (tags.length === 0 ? 'empty' : tags.map((t) => `"${t}"`).join(', '));
const MARKET_TEXT = MARKET.map((c) => `"${c}"`).join(', ');

/** The same rule written by hand, down to the same decisions and reason sentences. */
function handDecide(r: Contact): Decision {
  if (r.unsubscribed === true) {
    return { id: r.id, sync: false, path: ['in', 'c1'], excludedBy: 'c1', reason: 'unsubscribed is true, rule "reachable" wants anything but true', record: r };
  }
  if (r.email === undefined || r.email === '') {
    return { id: r.id, sync: false, path: ['in', 'c1'], excludedBy: 'c1', reason: 'email is empty, rule "reachable" wants a value', record: r };
  }
  let prospect = r.deals?.count === 0;
  if (!prospect) for (const t of r.tags) if (t.toLowerCase() === 'lead') prospect = true;
  if (!prospect) {
    const count = r.deals?.count;
    const reason = `none of rule "prospect" holds: deals.count is ${count === undefined ? 'empty' : count} (wants 0); tags is ${fmtTags(r.tags)} (wants it to include "lead")`;
    return { id: r.id, sync: false, path: ['in', 'c1', 'c2'], excludedBy: 'c2', reason, record: r };
  }
  const country = r.address?.country;
  if (country === undefined || !lowerMarket.has(country.toLowerCase())) {
    const reason = `address.country is ${country === undefined || country === '' ? 'empty' : `"${country}"`}, rule "target market" wants one of ${MARKET_TEXT}`;
    return { id: r.id, sync: false, path: ['in', 'c1', 'c2', 'c3'], excludedBy: 'c3', reason, record: r };
  }
  let tags = r.tags;
  if (!tags.some((t) => t.toLowerCase() === 'new')) tags = [...tags, 'New'];
  const record = { ...r, tags, custom: { ...r.custom, segment: `${country}-prospect` } };
  return { id: r.id, sync: true, path: SYNC_PATH, record };
}

/** The actions, applied by hand after a library that only filters. */
function applyActions(r: Contact): Contact {
  const tags = r.tags.some((t) => t.toLowerCase() === 'new') ? r.tags : [...r.tags, 'New'];
  return { ...r, tags, custom: { ...r.custom, segment: `${r.address?.country ?? ''}-prospect` } };
}

const mingoQuery = new Query<Contact>({
  $and: [
    { unsubscribed: { $ne: true } },
    { email: { $nin: [null, ''] } },
    { $or: [{ 'deals.count': 0 }, { tags: 'lead' }] },
    { 'address.country': { $in: MARKET } },
  ],
} as never, {});
function mingoDecide(r: Contact): boolean {
  if (!mingoQuery.test(r)) return false;
  applyActions(r);
  return true;
}

const jre = new Engine([], { allowUndefinedFacts: true });
jre.addOperator('isNotEmpty', (fact: unknown) => fact !== undefined && fact !== null && fact !== '');
jre.addRule({
  conditions: {
    all: [
      { all: [{ fact: 'unsubscribed', operator: 'notEqual', value: true }, { fact: 'email', operator: 'isNotEmpty', value: true }] },
      { any: [{ fact: 'deals', path: '$.count', operator: 'equal', value: 0 }, { fact: 'tags', operator: 'contains', value: 'lead' }] },
      { fact: 'address', path: '$.country', operator: 'in', value: MARKET },
    ],
  },
  event: { type: 'sync' },
});
async function jreDecide(r: Contact): Promise<boolean> {
  const { events } = await jre.run(r as unknown as Record<string, unknown>);
  if (events.length === 0) return false;
  applyActions(r);
  return true;
}

// --- timing -----------------------------------------------------------------------------------

// One loop per contender: a shared loop calling `fn(r)` would be one megamorphic call site that
// penalises whoever V8 would otherwise inline. A sync engine calls decide from its own loop too.
const loops = {
  compiled(records: Contact[]): number {
    let n = 0;
    for (let i = 0; i < records.length; i++) if (compiled.decide(records[i] as Contact).sync) n++;
    return n;
  },
  traced(records: Contact[]): number {
    let n = 0;
    for (let i = 0; i < records.length; i++) {
      const t = compiled.trace(records[i] as Contact);
      steps += t.trace.length;
      if (t.sync) n++;
    }
    return n;
  },
  handLoop(records: Contact[]): number {
    let n = 0;
    for (let i = 0; i < records.length; i++) if (handDecide(records[i] as Contact).sync) n++;
    return n;
  },
  mingo(records: Contact[]): number {
    let n = 0;
    for (let i = 0; i < records.length; i++) if (mingoDecide(records[i] as Contact)) n++;
    return n;
  },
  compiledMatches(records: Contact[]): number {
    let n = 0;
    for (let i = 0; i < records.length; i++) if (compiledMatches.decide(records[i] as Contact).sync) n++;
    return n;
  },
  handMatches(records: Contact[]): number {
    let n = 0;
    for (let i = 0; i < records.length; i++) if (handMatches(records[i] as Contact) !== null) n++;
    return n;
  },
};
let steps = 0;

function timed(loop: (records: Contact[]) => number, records: Contact[]): { ms: number; synced: number } {
  const t0 = performance.now();
  const synced = loop(records);
  return { ms: performance.now() - t0, synced };
}

async function main() {
  const totals = { compiled: 0, traced: 0, handLoop: 0, mingo: 0, compiledMatches: 0, handMatches: 0 };
  const synced = { compiled: 0, traced: 0, handLoop: 0, mingo: 0, compiledMatches: 0, handMatches: 0 };
  let jreMs = 0;
  let jreRecords = 0;
  let jreSynced = 0;
  let expectedJre = 0;

  // Warm up every contender so the JIT has seen them before timing.
  const warm = generate(CHUNKS);
  for (const loop of Object.values(loops)) loop(warm.slice(0, 20_000));
  for (const r of warm.slice(0, 1000)) await jreDecide(r);
  steps = 0;

  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const records = generate(chunk);
    const names = Object.keys(loops) as (keyof typeof loops)[];
    // Interleave the contenders slice by slice, rotating their order, so a load spike on a shared
    // machine or a GC left by the previous contender falls on all of them alike.
    for (let from = 0, round = 0; from < records.length; from += SLICE, round++) {
      const slice = records.slice(from, from + SLICE);
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + round) % names.length] as keyof typeof loops;
        const { ms, synced: s } = timed(loops[name], slice);
        totals[name] += ms;
        synced[name] += s;
      }
      // json-rules-engine on a sample of the same slice, right after the others: timed across the
      // whole run like them, so a load swing cannot land on it alone (it used to be timed once).
      const sample = slice.slice(0, JRE_PER_SLICE);
      const t0 = performance.now();
      for (const r of sample) if (await jreDecide(r)) jreSynced++;
      jreMs += performance.now() - t0;
      jreRecords += sample.length;
      expectedJre += sample.filter((r) => compiled.decide(r).sync).length;
    }
    for (const r of records.slice(0, 5_000)) {
      if (JSON.stringify(compiled.decide(r)) !== JSON.stringify(handDecide(r))) {
        console.error(`compiled and hand loop disagree on ${r.id}:\n${JSON.stringify(compiled.decide(r))}\n${JSON.stringify(handDecide(r))}`);
        process.exit(1);
      }
    }
    if (!json) process.stderr.write(`\rchunk ${chunk + 1}/${CHUNKS}`);
  }
  if (!json) process.stderr.write('\r');

  const records = CHUNK * CHUNKS;
  const agree = synced.compiled === synced.handLoop && synced.compiled === synced.mingo && synced.compiled === synced.traced && jreSynced === expectedJre && synced.compiledMatches === synced.handMatches;
  if (!agree) {
    console.error(`contenders disagree: ${JSON.stringify({ synced, jreSynced, expectedJre })}`);
    process.exitCode = 1;
  }
  const rate = (ms: number) => Math.round((records / ms) * 1000);
  const result = {
    records,
    compiled: { perSec: rate(totals.compiled) },
    traced: { perSec: rate(totals.traced) },
    handLoop: { perSec: rate(totals.handLoop) },
    jsonRulesEngine: { perSec: Math.round((jreRecords / jreMs) * 1000), sampledRecords: jreRecords },
    mingo: { perSec: rate(totals.mingo) },
    compiledMatches: { perSec: rate(totals.compiledMatches) },
    handMatches: { perSec: rate(totals.handMatches) },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const fmt = (n: number) => n.toLocaleString('en-US');
  const rows: [string, number, string][] = [
    ['compiled (decide)', result.compiled.perSec, `${(result.compiled.perSec / result.handLoop.perSec).toFixed(2)} × hand loop (target ≥ 0.5)`],
    ['compiled (trace)', result.traced.perSec, `${(steps / records).toFixed(1)} steps per record (target ≥ 1,000,000/s)`],
    ['hand-written loop', result.handLoop.perSec, 'baseline'],
    ['mingo Query.test + actions', result.mingo.perSec, ''],
    ['json-rules-engine + actions', result.jsonRulesEngine.perSec, `timed on ${fmt(jreRecords)} records across the run, extrapolated; compiled is ${Math.round(result.compiled.perSec / result.jsonRulesEngine.perSec)} × faster (target ≥ 100)`],
    ['compiled `matches` rule', result.compiledMatches.perSec, `${(result.compiledMatches.perSec / result.handMatches.perSec).toFixed(2)} × the same rule by hand (${fmt(synced.compiledMatches)} sync)`],
    ['`matches` by hand (RegExp)', result.handMatches.perSec, 'the JavaScript engine\'s backtracking RegExp'],
  ];
  console.log(`rule graph over ${fmt(records)} generated contacts (${fmt(synced.compiled)} sync)\n`);
  console.log(`${'contender'.padEnd(30)}${'records/s'.padStart(14)}  note`);
  for (const [name, perSec, note] of rows) console.log(`${name.padEnd(30)}${fmt(perSec).padStart(14)}  ${note}`);
}

await main();
