import { readFile, writeFile } from 'node:fs/promises';
import { checkTemplateImport, templateGallery } from '@sluice/api';
import { connectionConfigSchema, type Direction } from '@sluice/engine';
import { graphSchema, toTemplate } from '@sluice/graph';
import { UserError } from '@sluice/core';
import { registeredFactories } from '../runtime/connector-directory.factory';

export const usage = `usage:
  sluice template export GRAPH_OR_CONNECTION.json [--direction aToB|bToA] [--out FILE]
      prints the rules as a template (sluice.graph/v1, nothing account-specific)
  sluice template import TEMPLATE.json CONNECTION.json [--direction aToB|bToA] [--gallery ID]
      checks the template against the connection's apps (fields, types, its own tests) and writes it
      into the connection file's rules
  sluice template list
      the built-in gallery`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UserError('E_USAGE', `${name} needs a value`);
  args.splice(i, 2);
  return value;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError('E_FILE', `cannot read ${path}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError('E_JSON', `${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function direction(value: string | undefined): Direction | undefined {
  if (value === undefined || value === 'aToB' || value === 'bToA') return value;
  throw new UserError('E_USAGE', `--direction is aToB or bToA, not "${value}"`);
}

/** `sluice template export|import|list`: move rule graphs between files and connections. */
export async function run(input: string[]): Promise<number> {
  const args = [...input];
  const [sub, ...rest] = args;
  if (sub === 'list') {
    for (const t of templateGallery) process.stdout.write(`${t.id.padEnd(26)} ${t.title}\n`);
    return 0;
  }
  if (sub === 'export') {
    const out = flag(rest, '--out');
    const d = direction(flag(rest, '--direction'));
    const [file] = rest;
    if (!file) throw new UserError('E_USAGE', 'sluice template export needs a graph or connection file');
    const doc = (await readJson(file)) as { format?: string; rules?: Record<string, unknown> };
    const raw = doc.format === 'sluice.connection/v1' ? doc.rules?.[d ?? 'aToB'] : doc;
    if (!raw) throw new UserError('E_NOT_FOUND', `${file} has no ${d ?? 'aToB'} rules`);
    const parsed = graphSchema.safeParse(raw);
    if (!parsed.success) throw new UserError('E_SCHEMA', `${file}: not a valid sluice.graph/v1 graph (${parsed.error.issues[0]?.message ?? 'schema'})`);
    const text = `${JSON.stringify(toTemplate(parsed.data), null, 2)}\n`;
    if (out) await writeFile(out, text);
    else process.stdout.write(text);
    return 0;
  }
  if (sub === 'import') {
    const galleryId = flag(rest, '--gallery');
    const d = direction(flag(rest, '--direction'));
    const files = [...rest];
    const connectionFile = galleryId ? files[0] : files[1];
    if (!connectionFile || (!galleryId && !files[0])) throw new UserError('E_USAGE', 'sluice template import needs TEMPLATE.json (or --gallery ID) and CONNECTION.json');
    const template = galleryId ? templateGallery.find((t) => t.id === galleryId)?.graph : await readJson(files[0]!);
    if (!template) throw new UserError('E_NOT_FOUND', `no gallery template "${galleryId}" (see: sluice template list)`);
    const rawConnection = (await readJson(connectionFile)) as Record<string, unknown>;
    const parsed = connectionConfigSchema.safeParse(rawConnection);
    if (!parsed.success) throw new UserError('E_SCHEMA', `${connectionFile}: not a valid sluice.connection/v1 file (${parsed.error.issues[0]?.message ?? 'schema'})`);
    const factories = new Map(registeredFactories().map((f) => [f.app.id, f]));
    const catalog = (id: string) => {
      const f = factories.get(id);
      if (!f) throw new UserError('E_UNKNOWN_APP', `${connectionFile}: unknown app "${id}"`);
      return f.app.fields;
    };
    const checked = checkTemplateImport(template, {
      apps: parsed.data.apps,
      direction: d,
      catalogs: { a: catalog(parsed.data.apps.a.connector), b: catalog(parsed.data.apps.b.connector) },
    });
    const rules = { ...((rawConnection.rules as Record<string, unknown> | undefined) ?? {}), ...checked.graphs };
    const next = { ...rawConnection, rules, ...(checked.mappings ? { mappings: checked.mappings } : {}) };
    await writeFile(connectionFile, `${JSON.stringify(next, null, 2)}\n`);
    const tests = Object.values(checked.tests).reduce((a, b) => a + (b ?? 0), 0);
    process.stdout.write(`imported ${Object.keys(checked.graphs).join(' and ')} into ${connectionFile} (${tests} template test${tests === 1 ? '' : 's'} passed)\n`);
    return 0;
  }
  process.stderr.write(`${usage}\n`);
  return 1;
}
