import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import type { Graph } from '@sluice/graph';
import { collectConsoleErrors } from './page-checks';
import { dealsAreVips } from './rule-graph.fixture';
import { callApi, screenshotOnFailure, signInOrUp, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The rules editor's keyboard shortcuts and its Auto-layout button, in Chromium against a real server:
 * what a person does with them ends up in the rule that is saved. Each test opens its own connection.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];

/** People with deals tagged "VIP"; those without go to Sync too, on a wire that skips a column. */
const rule = (layout?: Graph['layout']): Graph => dealsAreVips({ layout, elseToSync: true });

/** A new connection with `graph` as its A → B rules, its editor open and drawn. */
async function openEditor(name: string, graph: Graph): Promise<string> {
  await signInOrUp(page, sluice.url, { name: 'Ada', email: 'ada@example.com' });
  const { id } = await callApi<{ id: string }>(
    page,
    'connections.create',
    { name, apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } }, mode: 'a-to-b', rules: { aToB: graph } },
    'mutation',
  );
  await page.goto(`${sluice.url}/connections/${id}/rules`);
  for (const n of graph.nodes) await page.getByTestId(`node-${n.id}`).waitFor();
  return id;
}

/** Presses Save and reads back the rule the server now holds. */
async function saveAndRead(connectionId: string): Promise<Graph> {
  const toolbar = page.getByRole('toolbar', { name: 'Rule editor' });
  await toolbar.getByRole('button', { name: 'Save', exact: true }).click();
  await toolbar.getByRole('button', { name: 'Saved', exact: true }).waitFor();
  const { graph } = await callApi<{ graph: Graph }>(page, 'graphs.get', { connectionId, direction: 'aToB' });
  return graph;
}

const canvasNodes = () => page.locator('.react-flow__node');
const selectedIds = () => page.locator('.react-flow__node.selected').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')).sort());
/** The rule without positions or storage fields: what it does. */
const shape = (g: Graph) => ({ nodes: [...g.nodes].sort((x, y) => x.id.localeCompare(y.id)), edges: g.edges.map((e) => `${e.from}->${e.to}:${e.branch ?? 'then'}`).sort() });

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('rules editor shortcuts and auto-layout (Chromium)', () => {
  it('copies a node with Ctrl+C, pastes it with Ctrl+V as a new node doing the same, and deletes the copy with the Delete key', async () => {
    const id = await openEditor('Copy and paste', rule());
    await page.getByTestId('node-c1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => canvasNodes().count()).toBe(5);
    const [pasted] = (await selectedIds()).filter((x) => x !== 'c1');
    expect(pasted).toBeDefined();
    expect(await selectedIds()).toEqual([pasted]);

    const withCopy = await saveAndRead(id);
    const original = withCopy.nodes.find((n) => n.id === 'c1')!;
    const copy = withCopy.nodes.find((n) => n.id === pasted)!;
    expect({ ...copy, id: 'c1' }).toEqual(original);
    expect(withCopy.layout?.[pasted!]).not.toEqual(withCopy.layout?.c1);

    // The copy is still selected: the Delete key removes it and nothing else.
    await page.keyboard.press('Delete');
    await page.getByTestId(`node-${pasted}`).waitFor({ state: 'detached' });
    expect(shape(await saveAndRead(id))).toEqual(shape(rule()));
    expect(consoleErrors).toEqual([]);
  });

  it('selects every node with Ctrl+A; the Delete key then removes all but the start, and Ctrl+Z brings them back', async () => {
    const id = await openEditor('Select all', rule());
    await page.getByTestId('node-a1').click();
    await page.keyboard.press('Control+a');
    await expect.poll(selectedIds).toEqual(['a1', 'c1', 'in', 'out']);
    await page.keyboard.press('Delete');
    await expect.poll(() => canvasNodes().count()).toBe(1);
    await page.getByTestId('node-in').waitFor();
    // A rule of only a start cannot be saved (it has errors), so Undo must bring everything back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => canvasNodes().count()).toBe(4);
    const toolbar = page.getByRole('toolbar', { name: 'Rule editor' });
    await toolbar.getByRole('button', { name: 'Saved', exact: true }).waitFor();
    expect(shape((await callApi<{ graph: Graph }>(page, 'graphs.get', { connectionId: id, direction: 'aToB' })).graph)).toEqual(shape(rule()));
  });

  it('moves piled-up nodes apart and off the wires with Auto-layout, and leaves the rule itself as it was', async () => {
    // Every node on one spot: they overlap, and every wire runs under some node.
    const piled = { in: { x: 0, y: 0 }, c1: { x: 30, y: 10 }, a1: { x: 60, y: 20 }, out: { x: 90, y: 30 } };
    const id = await openEditor('Auto-layout', rule(piled));
    expect(overlaps(await nodeBoxes(page))).not.toEqual([]);
    expect(await wiresThroughNodes(page)).not.toEqual([]);

    await page.getByRole('toolbar', { name: 'Rule editor' }).getByRole('button', { name: 'Auto-layout' }).click();
    await expect.poll(async () => overlaps(await nodeBoxes(page))).toEqual([]);
    expect(await wiresThroughNodes(page)).toEqual([]);

    const saved = await saveAndRead(id);
    expect(shape(saved)).toEqual(shape(rule(piled)));
    for (const n of ['c1', 'a1', 'out']) expect(saved.layout?.[n], n).not.toEqual(piled[n as keyof typeof piled]);
    expect(consoleErrors).toEqual([]);
  });
});

interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Each canvas node's box on screen. */
function nodeBoxes(p: Page): Promise<Box[]> {
  return p.locator('.react-flow__node').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-id') ?? '', left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }),
  );
}

/** Pairs of nodes whose boxes overlap, as "a/b". */
function overlaps(boxes: Box[]): string[] {
  const out: string[] = [];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1)) if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${a.id}/${b.id}`);
  return out;
}

/**
 * Wires drawn through a node other than their two ends, as "wire through node": each wire's path is
 * sampled every few pixels on screen and tested against the other nodes' boxes (shrunk by 2 px so a
 * wire touching a border does not count).
 */
function wiresThroughNodes(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const boxes = [...document.querySelectorAll('.react-flow__node')].map((el) => ({ id: el.getAttribute('data-id') ?? '', r: el.getBoundingClientRect() }));
    const out = new Set<string>();
    for (const edge of document.querySelectorAll('.react-flow__edge')) {
      const key = edge.getAttribute('data-id') ?? '';
      const [from, rest] = key.split('->');
      const to = rest?.split(':')[0];
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
      const m = path?.getScreenCTM();
      if (!path || !m) continue;
      const length = path.getTotalLength();
      for (let at = 0; at <= length; at += 4) {
        const pt = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(m);
        for (const { id, r } of boxes) {
          if (id === from || id === to) continue;
          if (pt.x > r.left + 2 && pt.x < r.right - 2 && pt.y > r.top + 2 && pt.y < r.bottom - 2) out.add(`${key} through ${id}`);
        }
      }
    }
    return [...out];
  });
}
