import { createReadStream } from 'node:fs';

/**
 * Streams a text file as lines (LF or CRLF), in batches of one 1 MiB read each: a contacts file has
 * millions of short lines, and one await per batch instead of per line is what keeps reads fast.
 * The last line needs no line break.
 */
export async function* textLines(path: string): AsyncGenerator<string[]> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const text = rest + chunk;
      const lines: string[] = [];
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        lines.push(text.slice(start, end));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (lines.length > 0) yield lines;
    }
    if (rest !== '') yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
  } finally {
    input.destroy();
  }
}
