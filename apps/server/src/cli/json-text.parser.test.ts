import { describe, expect, it } from 'vitest';
import { parseJsonText, positionAt, scanJson } from './json-text.parser';

describe('parseJsonText', () => {
  it('parses valid JSON', () => {
    expect(parseJsonText('{"a":[1,2]}', 'f.json')).toEqual({ a: [1, 2] });
  });
  it('names file, line and column of the first error', () => {
    expect(() => parseJsonText('{\n  "a": 1,\n  "b": }\n', 'f.json')).toThrowError('f.json:3:8: invalid JSON near "}"');
    expect(() => parseJsonText('[1, 2', 'f.json')).toThrowError('f.json:1:6: invalid JSON at the end of the text');
    expect(() => parseJsonText('{"a": tru}', 'f.json')).toThrowError(/^f\.json:1:7:/);
    expect(() => parseJsonText('{"a": 1} x', 'f.json')).toThrowError(/^f\.json:1:10:/);
  });
  it('offsets lines for JSONL', () => {
    expect(() => parseJsonText('{,}', 'f.jsonl', 7)).toThrowError(/^f\.jsonl:7:2:/);
  });
});

describe('scanJson', () => {
  it('finds where each top-level array element starts', () => {
    const text = '[\n {"a": [1, {"b": 2}]},\n "x",\n 3\n]';
    expect(scanJson(text).elementStarts.map((at) => positionAt(text, at).line)).toEqual([2, 3, 4]);
  });
});
