import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger.options';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino(loggerOptions(), sink), lines };
}

describe('log lines of errors', () => {
  it("keep a client error's message but not its stack, and a server fault's stack", () => {
    const { log, lines } = capture();
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    const fault = new Error('the database does not answer');
    log.info({ err: tooLarge }, 'request failed');
    log.error({ err: fault }, 'request failed');
    expect(lines[0]?.err).toMatchObject({ message: 'Request body is too large' });
    expect(lines[0]?.err).not.toHaveProperty('stack');
    expect(lines[1]?.err).toMatchObject({ message: 'the database does not answer', stack: expect.stringContaining('logger.options.test') });
  });
});
