import type { ConnectionSettings } from '@sluice/store';

/** The apps' names as the sentences use them ("HubSpot"); the side letter when unknown. */
export interface SideNames {
  a: string;
  b: string;
}

// One way is said with the apps' names ("HubSpot → Pipedrive only"), or with the side letters when both
// sides are the same app (two JSON Lines files), where the names would not tell the way.
const oneWay = (n: SideNames, from: 'a' | 'b') => {
  const to = from === 'a' ? 'b' : 'a';
  return n.a === n.b ? `${from.toUpperCase()} → ${to.toUpperCase()} only` : `${n[from]} → ${n[to]} only`;
};
const MODE_WORDS: Record<string, (n: SideNames) => string> = { 'two-way': () => 'both ways', 'a-to-b': (n) => oneWay(n, 'a'), 'b-to-a': (n) => oneWay(n, 'b') };
const RULE_WORDS: Record<string, (n: SideNames) => string> = {
  a: (n) => `${n.a} wins`,
  b: (n) => `${n.b} wins`,
  newest: () => 'the newest value wins',
  merge: () => 'both lists are merged',
};
const DIRECTION_WORDS: Record<string, (n: SideNames) => string> = { both: MODE_WORDS['two-way']!, aToB: MODE_WORDS['a-to-b']!, bToA: MODE_WORDS['b-to-a']! };
const OPTION_WORDS: Record<string, string> = {
  avoidDuplicates: 'avoid duplicates',
  syncDeletions: 'sync deletions',
  syncUnsubscribes: 'sync unsubscribes',
};

const quoted = (v: unknown) => (typeof v === 'string' ? `“${v}”` : v === undefined ? 'nothing' : JSON.stringify(v));
const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

function appSentences(side: 'a' | 'b', before: ConnectionSettings['apps']['a'], after: ConnectionSettings['apps']['a'], names: SideNames): string[] {
  const letter = side.toUpperCase();
  if (before.connector !== after.connector) return [`Changed app ${letter} from ${before.connector} to ${after.connector}.`];
  const out: string[] = [];
  if (before.credentialId !== after.credentialId) out.push(`${names[side]} now uses another account (credential).`);
  const keys = [...new Set([...Object.keys(before.config ?? {}), ...Object.keys(after.config ?? {})])].sort();
  for (const key of keys) {
    const was = before.config?.[key];
    const is = after.config?.[key];
    if (!same(was, is)) out.push(`Changed ${names[side]}'s setting “${key}” from ${quoted(was)} to ${quoted(is)}.`);
  }
  return out;
}

function conflictSentences(before: ConnectionSettings['conflict'], after: ConnectionSettings['conflict'], names: SideNames): string[] {
  const out: string[] = [];
  if (before.winner !== after.winner) out.push(`In a conflict, ${names[after.winner]} now wins (it was ${names[before.winner]}).`);
  const fields = [...new Set([...Object.keys(before.fields ?? {}), ...Object.keys(after.fields ?? {})])].sort();
  for (const field of fields) {
    const was = before.fields?.[field];
    const is = after.fields?.[field];
    if (was === is) continue;
    if (is === undefined) out.push(`The field “${field}” follows the general conflict rule again (it was: ${RULE_WORDS[was!]!(names)}).`);
    else if (was === undefined) out.push(`For the field “${field}”, ${RULE_WORDS[is]!(names)} in a conflict.`);
    else out.push(`For the field “${field}”, ${RULE_WORDS[is]!(names)} in a conflict (it was: ${RULE_WORDS[was]!(names)}).`);
  }
  return out;
}

const text = (v: unknown) => JSON.stringify(v ?? null);

/** What changed in a mapping's value table, write mode and transforms (docs/mappings.md). Pure. */
function detailSentences(was: ConnectionSettings['mappings'][number], m: ConnectionSettings['mappings'][number]): string[] {
  const name = `The field mapping ${m.a} ↔ ${m.b}`;
  const out: string[] = [];
  if (text(was.values) !== text(m.values) || text(was.otherwise) !== text(m.otherwise)) {
    const pairs = m.values?.length ?? 0;
    out.push(pairs === 0 ? `${name} no longer has a value table.` : `${name} now has a value table of ${pairs} pair${pairs > 1 ? 's' : ''}.`);
  }
  if ((was.write ?? 'always') !== (m.write ?? 'always')) out.push(`${name} now ${m.write === 'ifEmpty' ? 'fills blank fields only' : 'writes whenever the value changes'}.`);
  if (text(was.transforms) !== text(m.transforms)) out.push(`${name} has new transforms.`);
  return out;
}

function mappingSentences(before: ConnectionSettings['mappings'], after: ConnectionSettings['mappings'], names: SideNames): string[] {
  const way = (d: string) => DIRECTION_WORDS[d]?.(names) ?? d;
  const key = (m: { a: string; b: string }) => `${m.a}\u0000${m.b}`;
  const old = new Map(before.map((m) => [key(m), m]));
  const now = new Map(after.map((m) => [key(m), m]));
  const out: string[] = [];
  for (const m of after) {
    const was = old.get(key(m));
    if (!was) out.push(`Added the field mapping ${m.a} ↔ ${m.b} (${way(m.direction)}).`);
    else {
      if (was.direction !== m.direction) out.push(`The field mapping ${m.a} ↔ ${m.b} now copies ${way(m.direction)} (it was ${way(was.direction)}).`);
      out.push(...detailSentences(was, m));
    }
  }
  for (const m of before) if (!now.has(key(m))) out.push(`Removed the field mapping ${m.a} ↔ ${m.b}.`);
  return out;
}

function optionSentences(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const was = before[key];
    const is = after[key];
    if (same(was, is)) continue;
    const words = OPTION_WORDS[key];
    if (words && typeof is === 'boolean') out.push(`Turned ${is ? 'on' : 'off'} “${words}”.`);
    else out.push(`Changed the option “${key}” from ${quoted(was)} to ${quoted(is)}.`);
  }
  return out;
}

/**
 * What changed between two saved settings of a connection, one sentence per change: name, sync
 * type, apps, conflict rules, matching, field mappings, options. Pure.
 * @example describeSettingsDiff(v1, v2, { a: 'HubSpot', b: 'Pipedrive' }) // ['Changed the sync type from both ways to HubSpot → Pipedrive only.']
 */
export function describeSettingsDiff(before: ConnectionSettings, after: ConnectionSettings, names: SideNames): string[] {
  const out: string[] = [];
  if (before.name !== after.name) out.push(`Renamed the connection from “${before.name}” to “${after.name}”.`);
  if (before.mode !== after.mode) out.push(`Changed the sync type from ${MODE_WORDS[before.mode]?.(names) ?? before.mode} to ${MODE_WORDS[after.mode]?.(names) ?? after.mode}.`);
  out.push(...appSentences('a', before.apps.a, after.apps.a, names), ...appSentences('b', before.apps.b, after.apps.b, names));
  out.push(...conflictSentences(before.conflict, after.conflict, names));
  if (!same(before.match.keys, after.match.keys)) out.push(`Records are now matched by ${after.match.keys.join(', then ')} (it was ${before.match.keys.join(', then ')}).`);
  if (before.match.defaultCountry !== after.match.defaultCountry) {
    out.push(`Phone numbers without a country code are now read as ${after.match.defaultCountry ?? 'having none'} (it was ${before.match.defaultCountry ?? 'none'}).`);
  }
  out.push(...mappingSentences(before.mappings, after.mappings, names));
  out.push(...optionSentences(before.options as Record<string, unknown>, after.options as Record<string, unknown>));
  return out;
}
