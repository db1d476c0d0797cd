import { UserError } from '@sluice/core';

/** A line and column (both from 1) in a text. */
export interface TextPosition {
  line: number;
  column: number;
}

/** Line and column of a character offset. Pure. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Scans JSON just far enough to find where it breaks (JSON.parse's messages do not always give a
 * position) and where each element of a top-level array starts. Pure.
 */
export function scanJson(text: string): { errorAt?: number; elementStarts: number[] } {
  let i = 0;
  const elementStarts: number[] = [];
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        if (depth === 0) elementStarts.push(i);
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return void literal('true');
    if (c === 'f') return void literal('false');
    if (c === 'n') return void literal('null');
    return number();
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail();
    return { elementStarts };
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return { errorAt: Math.min(at, text.length), elementStarts };
  }
}

/**
 * Parses JSON text, or throws UserError `E_BAD_JSON` as one line naming the file, line and column:
 * `graph.json:4:17: invalid JSON near "}"`. Pure.
 */
export function parseJsonText(text: string, file: string, firstLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const at = scanJson(text).errorAt ?? text.length;
    const { line, column } = positionAt(text, at);
    const near = at >= text.length ? 'at the end of the text' : `near ${JSON.stringify(text.slice(at, at + 12).split('\n')[0])}`;
    throw new UserError('E_BAD_JSON', `${file}:${line + firstLine - 1}:${column}: invalid JSON ${near}`);
  }
}
