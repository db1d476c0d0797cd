import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { canonicalCatalog, type Graph, type GraphNode } from '@sluice/graph';
import { exampleGraph } from '../../playground/example-graph';
import { connect, removeElements, updateNode } from '../model/graph-ops';
import { Inspector, type InspectorProps } from './Inspector';

/** The inspector wired to a real graph state, as the editor wires it. */
function Harness({ initial = exampleGraph, selected, spy }: { initial?: Graph; selected: string[]; spy?: (g: Graph) => void }) {
  const [graph, setGraph] = useState(initial);
  const apply = (g: Graph) => {
    setGraph(g);
    spy?.(g);
  };
  const props: InspectorProps = {
    graph,
    selectedNodes: selected,
    catalog: canonicalCatalog,
    issues: [],
    onChangeNode: (n: GraphNode) => apply(updateNode(graph, n)),
    onChangeGraph: (p) => apply({ ...graph, ...p }),
    onConnect: (f, t, b) => apply(connect(graph, f, t, b)),
    onRemoveEdge: (k) => apply(removeElements(graph, [], [k])),
    onDelete: (ids) => apply(removeElements(graph, ids)),
    onSelect: () => {},
  };
  return <Inspector {...props} />;
}

const last = (spy: ReturnType<typeof vi.fn>) => spy.mock.calls.at(-1)![0] as Graph;
const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!;

describe('Inspector', () => {
  it('picks a field from the catalog and switches to a number input and number ops', async () => {
    const spy = vi.fn();
    render(<Harness selected={['c3']} spy={spy} />);
    await userEvent.selectOptions(screen.getByLabelText('Field'), 'deals.value');
    expect(node(last(spy), 'c3')).toMatchObject({ when: { field: 'deals.value', op: 'eq', value: 0 } });
    const ops = within(screen.getByLabelText('Comparison')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(ops).toEqual(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isEmpty', 'isNotEmpty']);
    await userEvent.selectOptions(screen.getByLabelText('Comparison'), 'gt');
    const value = screen.getByLabelText('Value');
    expect(value.getAttribute('type')).toBe('number');
    await userEvent.clear(value);
    await userEvent.type(value, '1500');
    expect(node(last(spy), 'c3')).toMatchObject({ when: { field: 'deals.value', op: 'gt', value: 1500 } });
  });

  it('uses a yes/no input for booleans, a date input for dates, and no input for isEmpty', async () => {
    const spy = vi.fn();
    render(<Harness selected={['c1']} spy={spy} />);
    const bool = screen.getByLabelText('Value');
    expect(bool.tagName).toBe('SELECT');
    await userEvent.selectOptions(bool, 'false');
    expect(node(last(spy), 'c1')).toMatchObject({ when: { field: 'unsubscribed', op: 'ne', value: false } });
    await userEvent.selectOptions(screen.getByLabelText('Field'), 'updatedAt');
    expect(screen.getByLabelText('Value').getAttribute('type')).toBe('date');
    await userEvent.selectOptions(screen.getByLabelText('Comparison'), 'isEmpty');
    expect(screen.queryByLabelText('Value')).toBeNull();
    expect(node(last(spy), 'c1')).toEqual({ id: 'c1', kind: 'condition', label: 'Is subscribed', when: { field: 'updatedAt', op: 'isEmpty' } });
  });

  it('edits a list value for "is one of"', async () => {
    const spy = vi.fn();
    render(<Harness selected={['c3']} spy={spy} />);
    await userEvent.selectOptions(screen.getByLabelText('Field'), 'owner');
    await userEvent.selectOptions(screen.getByLabelText('Comparison'), 'in');
    await userEvent.clear(screen.getByLabelText('Value'));
    await userEvent.type(screen.getByLabelText('Value'), 'ann, bob');
    expect(node(last(spy), 'c3')).toMatchObject({ when: { field: 'owner', op: 'in', value: ['ann', 'bob'] } });
    expect(screen.getByText(/2 values/)).toBeDefined();
  });

  /** Node c3 as an email `matches` condition with `pattern` typed in (userEvent syntax: `[[` is one `[`). */
  async function typeEmailPattern(pattern: string) {
    render(<Harness selected={['c3']} />);
    await userEvent.selectOptions(screen.getByLabelText('Field'), 'email');
    await userEvent.selectOptions(screen.getByLabelText('Comparison'), 'matches');
    await userEvent.type(screen.getByLabelText('Value'), pattern);
  }

  it('flags an invalid regular expression', async () => {
    await typeEmailPattern('([[a-z');
    expect(screen.getByLabelText('Value').getAttribute('aria-invalid')).toBe('true');
  });

  it('says why a pattern that only a backtracking engine can run is refused, as the server would', async () => {
    await typeEmailPattern('(a)\\1');
    expect(screen.getByLabelText('Value').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/This pattern uses a backreference \(\\1\), which rules cannot use/)).toBeDefined();
  });

  it('builds AND / OR groups', async () => {
    const spy = vi.fn();
    const g: Graph = { ...exampleGraph, nodes: exampleGraph.nodes.map((n) => (n.id === 'c3' ? { ...n, when: { all: [] } } : n)) };
    render(<Harness initial={g} selected={['c3']} spy={spy} />);
    await userEvent.click(screen.getByRole('button', { name: '+ Condition' }));
    await userEvent.click(screen.getByRole('button', { name: '+ Condition' }));
    await userEvent.selectOptions(screen.getByLabelText('Group type'), 'any');
    expect(node(last(spy), 'c3')).toMatchObject({
      when: { any: [{ field: 'email', op: 'isNotEmpty' }, { field: 'email', op: 'isNotEmpty' }] },
    });
    await userEvent.click(screen.getAllByRole('button', { name: 'Remove condition on email' })[0]!);
    expect(node(last(spy), 'c3')).toMatchObject({ when: { any: [{ field: 'email', op: 'isNotEmpty' }] } });
  });

  it('edits actions; writing fields exclude read-only ones; set explains placeholders', async () => {
    const spy = vi.fn();
    render(<Harness selected={['a1']} spy={spy} />);
    const tag = screen.getByLabelText('Tag');
    await userEvent.clear(tag);
    await userEvent.type(tag, 'Fresh');
    expect(node(last(spy), 'a1')).toMatchObject({ do: { op: 'addTag', value: 'Fresh' } });
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'set');
    const fields = within(screen.getByLabelText('Field')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(fields).not.toContain('deals.count');
    expect(fields).toContain('jobTitle');
    expect(screen.getByText(/\{\{firstName\}\}/)).toBeDefined();
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'format');
    await userEvent.selectOptions(screen.getByLabelText('Format as'), 'e164');
    expect(node(last(spy), 'a1').kind === 'action' && node(last(spy), 'a1')).toMatchObject({ do: { op: 'format', as: 'e164' } });
  });

  it('wires the node to another with the keyboard, on the else branch', async () => {
    const spy = vi.fn();
    render(<Harness selected={['c1']} spy={spy} />);
    await userEvent.selectOptions(screen.getByLabelText('Branch'), 'else');
    await userEvent.selectOptions(screen.getByLabelText('Wire to'), 'out');
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(last(spy).edges.at(-1)).toEqual({ from: 'c1', to: 'out', branch: 'else' });
    await userEvent.click(screen.getByRole('button', { name: 'Remove wire to out' }));
    expect(last(spy).edges.some((e) => e.from === 'c1' && e.to === 'out')).toBe(false);
  });

  it('shows the problems of the selected node and deletes it', async () => {
    const onDelete = vi.fn();
    render(
      <Inspector
        graph={exampleGraph}
        selectedNodes={['c2']}
        catalog={canonicalCatalog}
        issues={[{ code: 'E_UNKNOWN_FIELD', severity: 'error', nodeId: 'c2', message: 'field "dealz.count" is unknown' }]}
        onChangeNode={() => {}}
        onChangeGraph={() => {}}
        onConnect={() => {}}
        onRemoveEdge={() => {}}
        onDelete={onDelete}
        onSelect={() => {}}
      />,
    );
    const problems = screen.getByRole('list', { name: 'Problems of this node' });
    expect(problems.textContent).toBe('field "dealz.count" is unknown');
    expect(within(problems).getByTitle('E_UNKNOWN_FIELD')).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Delete node' }));
    expect(onDelete).toHaveBeenCalledWith(['c2']);
  });

  it('lists every problem when nothing is selected, each selecting its node', async () => {
    const onSelect = vi.fn();
    render(
      <Inspector
        graph={exampleGraph}
        selectedNodes={[]}
        catalog={canonicalCatalog}
        issues={[{ code: 'E_UNREACHABLE', severity: 'warning', nodeId: 'c3', message: 'no path reaches this node' }]}
        onChangeNode={() => {}}
        onChangeGraph={() => {}}
        onConnect={() => {}}
        onRemoveEdge={() => {}}
        onDelete={() => {}}
        onSelect={onSelect}
      />,
    );
    await userEvent.click(within(screen.getByRole('region', { name: 'Problems' })).getByRole('button', { name: 'Is a customer' }));
    expect(onSelect).toHaveBeenCalledWith('c3');
  });
});
