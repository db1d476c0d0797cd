import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Contact } from '@sluice/graph';
import { contactFingerprint } from '../sdk/contact-fingerprint';
import { textLines } from './text-lines';

/**
 * What a reader knows about a file: record id → hash of the record (`lineHash` of its line for
 * formats read line by line, else `recordHash` of its content).
 */
export type KnownState = Map<string, number>;

const MAGIC = 'sluice-file-state/v1';

/**
 * 30 bits of SHA-1 over the record's fingerprint: equal records, equal hash, whatever the key order.
 * 30 bits keep the value a V8 small integer, so a million tracked records cost no extra heap
 * objects; a change goes unnoticed with odds of one in a billion. Pure.
 */
export function recordHash(contact: Contact): number {
  return createHash('sha1').update(contactFingerprint(contact)).digest().readUInt32BE(0) & 0x3fffffff;
}

/**
 * A 30-bit hash of one line of a file, for formats that track records by their line (jsonl): cheap
 * enough to run on every line of a big file, so only lines whose hash is new get parsed. A small
 * integer, like `recordHash`. Pure.
 */
export function lineHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return (h1 >>> 0) & 0x3fffffff;
}

/**
 * The state folder of one contacts file. It holds what each cursor has seen, so `changes(cursor)` can
 * report only what changed, appeared or disappeared since, in any process:
 * - a full snapshot `f-<uuid>`: one `"id"\thash` line per record at the end of a pass;
 * - a delta `d-<uuid>`: a parent snapshot name and the `+"id"\thash` / `-"id"` lines of one page.
 * A cursor names one of them; its state is the parent chain replayed. Files older than the
 * retention period are removed.
 */
export class FileSnapshots {
  constructor(
    readonly dir: string,
    /** Identifies the contacts file, so a cursor of another file is not mistaken for this one's. */
    readonly fileKey: string,
    readonly retentionMs = 7 * 24 * 3600 * 1000,
  ) {}

  /** The state a snapshot stands for, or undefined when it is gone or belongs to another file. */
  async load(name: string): Promise<KnownState | undefined> {
    const chain: string[] = [];
    for (let current: string | undefined = name; current; ) {
      if (!/^[fd]-[0-9a-f-]{36}$/.test(current)) return undefined;
      const head = await this.header(current);
      if (!head || head.fileKey !== this.fileKey) return undefined;
      chain.unshift(current);
      current = head.parent;
    }
    const state: KnownState = new Map();
    for (const snap of chain) {
      let first = true;
      for await (const batch of this.lines(snap)) {
        for (const line of batch) {
          if (first) {
            first = false;
            continue;
          }
          if (line === '') continue;
          const op = line[0];
          if (op === '-') state.delete(JSON.parse(line.slice(1)) as string);
          else {
            const tab = line.lastIndexOf('\t');
            const body = op === '+' ? line.slice(1, tab) : line.slice(0, tab);
            state.set(JSON.parse(body) as string, parseInt(line.slice(tab + 1), 16));
          }
        }
      }
    }
    return state;
  }

  /** Records one page: `hash` for a record seen or changed, null for one deleted. Returns its name. */
  async writeDelta(parent: string | null, entries: readonly (readonly [string, number | null])[]): Promise<string> {
    const name = `d-${randomUUID()}`;
    let text = `${MAGIC} delta ${this.fileKey} ${parent ?? '-'}\n`;
    for (const [id, hash] of entries) text += hash === null ? `-${JSON.stringify(id)}\n` : `+${JSON.stringify(id)}\t${hash.toString(16)}\n`;
    await this.writeAtomically(name, [text]);
    return name;
  }

  /** Starts a full snapshot written as the pass streams by; `commit` names it, `abort` drops it. */
  async startFull(fileStamp = ''): Promise<{ add(id: string, hash: number): void; drain(): Promise<void>; commit(): Promise<string>; abort(): Promise<void> }> {
    await mkdir(this.dir, { recursive: true });
    const name = `f-${randomUUID()}`;
    const tmp = join(this.dir, `tmp-${name}`);
    const fh = await open(tmp, 'w');
    let buffer = `${MAGIC} full ${this.fileKey} - ${fileStamp || '-'}\n`;
    const flush = async () => {
      if (buffer) await fh.write(buffer);
      buffer = '';
    };
    return {
      add: (id, hash) => {
        buffer += `${JSON.stringify(id)}\t${hash.toString(16)}\n`;
      },
      /** Writes what was added once enough has piled up; call between batches. */
      drain: async () => {
        if (buffer.length > 1 << 16) await flush();
      },
      commit: async () => {
        await flush();
        await fh.sync();
        await fh.close();
        await rename(tmp, join(this.dir, name));
        await this.collectGarbage(name).catch(() => undefined);
        return name;
      },
      abort: async () => {
        await fh.close().catch(() => undefined);
        await rm(tmp, { force: true });
      },
    };
  }

  /**
   * Keeps the state folder small: the newest `keepFull` full snapshots stay, with every delta written
   * since the oldest of them (a run that died mid-pass resumes from those), and anything younger than
   * an hour or `keep` itself; older files go, and so does everything past the retention period.
   */
  async collectGarbage(keep: string, keepFull = 5): Promise<void> {
    const now = Date.now();
    const entries = await Promise.all(
      (await readdir(this.dir)).map(async (name) => ({ name, mtime: (await stat(join(this.dir, name))).mtimeMs })),
    );
    const fulls = entries.filter((e) => e.name.startsWith('f-')).sort((a, b) => b.mtime - a.mtime);
    const kept = new Set(fulls.slice(0, keepFull).map((e) => e.name));
    const oldestKept = fulls[Math.min(keepFull, fulls.length) - 1]?.mtime ?? 0;
    for (const { name, mtime } of entries) {
      if (name === keep || kept.has(name)) continue;
      const age = now - mtime;
      const young = age < 3600 * 1000;
      const expired = age > this.retentionMs;
      const superseded = mtime < oldestKept && fulls.length >= keepFull;
      if (!young && (expired || superseded || name.startsWith('tmp-'))) await rm(join(this.dir, name), { force: true });
    }
  }

  /**
   * The stamp (inode, size, mtime) the contacts file had when the full snapshot `name` was taken, if
   * it is one of this file's: equal stamps mean the file has not changed since, and need no scan.
   */
  async fileStampOf(name: string): Promise<string | undefined> {
    if (!/^f-[0-9a-f-]{36}$/.test(name)) return undefined;
    const head = await this.header(name);
    return head && head.fileKey === this.fileKey ? head.stamp : undefined;
  }

  private async header(name: string): Promise<{ fileKey: string; parent?: string; stamp?: string } | undefined> {
    try {
      for await (const [line = ''] of this.lines(name)) {
        const [magic, , fileKey, parent, stamp] = line.split(' ');
        if (magic !== MAGIC || !fileKey) return undefined;
        return { fileKey, parent: parent && parent !== '-' ? parent : undefined, stamp: stamp && stamp !== '-' ? stamp : undefined };
      }
    } catch {
      return undefined;
    }
    return undefined;
  }

  /** The lines of a state file in batches, one per read: a state file has a line per record, so no per-line awaits. */
  private lines(name: string): AsyncGenerator<string[]> {
    return textLines(join(this.dir, name));
  }

  private async writeAtomically(name: string, chunks: string[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `tmp-${name}`);
    const fh = await open(tmp, 'w');
    try {
      for (const c of chunks) await fh.write(c);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, name));
  }
}
