import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { normalizeContact, type Graph } from '@sluice/graph';
import { exampleGraph } from '../playground/example-graph';
import { PreviewPanel } from './PreviewPanel';
import { runPreview } from './preview.model';

const records = [
  normalizeContact({ id: 'r1', firstName: 'Ada', email: 'ada@x.io', deals: { count: 0, open: 0, won: 0, value: 0 } }),
  normalizeContact({ id: 'r2', firstName: 'Ben', email: 'BEN@x.io', deals: { count: 2, open: 1, won: 1, value: 10 }, tags: ['customer'] }),
  normalizeContact({ id: 'r3', firstName: 'Cy', email: 'cy@x.io', deals: { count: 1, open: 1, won: 0, value: 0 } }),
  normalizeContact({ id: 'r4', firstName: 'Di', email: 'di@x.io', unsubscribed: true }),
];
const run = runPreview(exampleGraph, records);
const rows = () => within(screen.getByRole('list', { name: 'Sample records' })).queryAllByRole('listitem');

describe('PreviewPanel', () => {
  it('shows synced and excluded records with the reason', () => {
    render(<PreviewPanel graph={exampleGraph} records={records} run={run} />);
    expect(screen.getByText('2 of 4 would sync')).toBeDefined();
    expect(screen.getByTestId('preview-sample').textContent).toBe('A sample of 4 records. The sync itself reads every record.');
    expect(rows()).toHaveLength(4);
    const cy = rows().find((r) => r.textContent?.includes('Cy'))!;
    expect(within(cy).getByText('Excluded')).toBeDefined();
    expect(cy.querySelector('.preview-reason')?.textContent).toBe(run.decisions[2]!.reason);
  });

  it('filters synced / excluded and searches', async () => {
    render(<PreviewPanel graph={exampleGraph} records={records} run={run} />);
    await userEvent.click(screen.getByRole('button', { name: 'Excluded 2' }));
    expect(rows().map((r) => r.textContent)).toEqual([expect.stringContaining('Cy'), expect.stringContaining('Di')]);
    await userEvent.click(screen.getByRole('button', { name: 'All 4' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search records' }), 'ben@');
    expect(rows()).toHaveLength(1);
  });

  it('reports the hovered record path for the canvas', async () => {
    const onHoverPath = vi.fn();
    render(<PreviewPanel graph={exampleGraph} records={records} run={run} onHoverPath={onHoverPath} />);
    await userEvent.hover(rows()[0]!);
    expect(onHoverPath).toHaveBeenLastCalledWith(['in', 'c1', 'c2', 'a1', 'out']);
    await userEvent.unhover(screen.getByRole('list', { name: 'Sample records' }));
    expect(onHoverPath).toHaveBeenLastCalledWith(null);
  });

  it('filters to the records the selected node passed or stopped, naming the node by its label', async () => {
    render(<PreviewPanel graph={exampleGraph} records={records} run={run} selectedNodeId="c3" />);
    await userEvent.click(screen.getByRole('button', { name: 'Passed “Is a customer”' }));
    expect(rows().map((r) => r.textContent)).toEqual([expect.stringContaining('Ben')]);
    await userEvent.click(screen.getByRole('button', { name: 'Stopped at “Is a customer”' }));
    expect(rows().map((r) => r.textContent)).toEqual([expect.stringContaining('Cy')]);
  });

  it('shows the fields a synced record had changed by the actions by their names, and its path by node names', async () => {
    render(<PreviewPanel graph={exampleGraph} records={records} run={run} />);
    await userEvent.click(screen.getByRole('button', { name: /Ada/ }));
    expect(screen.getByText('Pipedrive person → Is subscribed → Has no deals → Tag as New → Sync to Woodpecker')).toBeDefined();
    const table = screen.getByRole('table');
    // Fields by their names, the path in the tooltip.
    expect(within(table).getByText('Tags').getAttribute('title')).toBe('tags');
    expect(within(table).getByText('["New"]')).toBeDefined();
  });

  it('counts the records that start and stop syncing against the saved version', async () => {
    const edited: Graph = { ...exampleGraph, edges: exampleGraph.edges.filter((e) => e.from !== 'a2') };
    render(<PreviewPanel graph={edited} records={records} run={runPreview(edited, records)} savedRun={run} />);
    const impact = screen.getByRole('button', { name: /Impact of your changes/ });
    expect(impact.textContent).toBe('Impact of your changes: 1 record stops syncing');
    await userEvent.click(impact);
    expect(rows().map((r) => r.textContent)).toEqual([expect.stringContaining('Ben')]);
  });

  it('says why there is no preview when the rule cannot run', () => {
    const cyclic: Graph = { ...exampleGraph, edges: [...exampleGraph.edges, { from: 'a1', to: 'c1' }] };
    render(<PreviewPanel graph={cyclic} records={records} run={runPreview(cyclic, records)} />);
    expect(screen.getByRole('alert').textContent).toMatch(/^These wires go round in a circle/);
    expect(screen.getByText('Fix the rule to preview')).toBeDefined();
  });
});
