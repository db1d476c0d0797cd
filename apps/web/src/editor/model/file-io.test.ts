import { describe, expect, it } from 'vitest';
import { exampleGraph } from '../../playground/example-graph';
import { graphFileName, graphFileText, parseGraphFile } from './file-io';

describe('graph files', () => {
  it('round-trips a graph exactly, layout included', () => {
    expect(parseGraphFile(graphFileText(exampleGraph))).toEqual(exampleGraph);
    expect(JSON.parse(graphFileText(exampleGraph)).layout).toEqual(exampleGraph.layout);
  });

  it('names the problem of a bad file', () => {
    expect(() => parseGraphFile('{', 'x.json')).toThrow(/^x.json is not JSON/);
    expect(() => parseGraphFile(JSON.stringify({ ...exampleGraph, format: 'other' }), 'y.json')).toThrow(
      /y.json is not a sluice.graph\/v1 rule: format/,
    );
    expect(() => parseGraphFile(JSON.stringify({ ...exampleGraph, extra: 1 }))).toThrow(/not a sluice.graph\/v1 rule/);
  });

  it('makes a file name from the rule name', () => {
    expect(graphFileName(exampleGraph)).toBe('prospects-without-deals.graph.json');
    expect(graphFileName({ ...exampleGraph, name: '  ' })).toBe('rule.graph.json');
  });
});
