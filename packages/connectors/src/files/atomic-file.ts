import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The next version of a file, written beside it (`.<name>.<uuid>.tmp`) and put in its place
 * atomically: fsync, then rename. Readers see the old file or the new one, never half of one.
 * Text is buffered and written in 64 KiB pieces.
 */
export class AtomicFile {
  private buffer = '';

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
  ) {}

  /** Starts the next version of `path`: empty, or (`copy`) a byte copy of the current file to append to. */
  static async start(path: string, copy = false): Promise<AtomicFile> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
    if (copy) await copyFile(path, tmp);
    return new AtomicFile(path, tmp, await open(tmp, copy ? 'a' : 'w'));
  }

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= 1 << 16) await this.flush();
  }

  /** Writes byte ranges as they are, in one call and without joining them first (no copy). */
  async writeBytes(pieces: Uint8Array[]): Promise<void> {
    await this.flush();
    const nonEmpty = pieces.filter((p) => p.length > 0);
    const total = nonEmpty.reduce((sum, p) => sum + p.length, 0);
    const { bytesWritten } = await this.fh.writev(nonEmpty);
    if (bytesWritten !== total) throw new Error(`Short write: ${bytesWritten} of ${total} bytes to ${this.tmp}.`);
  }

  /** Puts the new version in place of the file. */
  async commit(): Promise<void> {
    try {
      await this.flush();
      await this.fh.sync();
    } catch (e) {
      await this.discard();
      throw e;
    }
    await this.fh.close();
    await rename(this.tmp, this.path);
  }

  /** Drops the new version; the file stays as it was. */
  async discard(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    await this.fh.write(text);
  }
}
