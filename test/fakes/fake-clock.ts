/**
 * The vendor fakes' notion of time: starts at a fixed instant and moves one second per tick, so
 * update times are distinct, ordered and reproducible (vendors report times to the second).
 */
export class FakeClock {
  private ms: number;
  constructor(start = '2025-01-01T00:00:00Z') {
    this.ms = Date.parse(start);
  }
  /** Advances one second (or `seconds`) and returns the new time as ISO 8601 without milliseconds. */
  tick(seconds = 1): string {
    this.ms += seconds * 1000;
    return this.iso();
  }
  iso(): string {
    return new Date(this.ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  now(): number {
    return this.ms;
  }
}

/** Opaque cursor helpers shared by the fakes (base64url of a small JSON object). */
export const opaque = {
  encode: (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url'),
  decode: <T>(text: string | null): T | undefined => {
    if (!text) return undefined;
    try {
      return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as T;
    } catch {
      return undefined;
    }
  },
};
