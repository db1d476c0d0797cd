/**
 * The SQLite binding under the embedded database, and the small surface the storage code uses.
 *
 * The binding is `@photostructure/sqlite`: the API of Node's own `node:sqlite` (`DatabaseSync`,
 * `StatementSync`), with SQLite compiled into prebuilt N-API binaries that ship inside the npm
 * package for Linux (x64, arm64; glibc and musl), macOS (x64, arm64) and Windows (x64, arm64). So
 * `pnpm install` compiles nothing and downloads nothing outside the npm registry, and one binary
 * serves Node 20, 22 and 24. Why this one and not better-sqlite3, libsql or Node's built-in
 * `node:sqlite`: docs/embedded-mongo.md, "The SQLite binding" (measured there).
 *
 * What the storage code sees is shaped like the parts of better-sqlite3 it was written against
 * (`prepare().run/get/all`, `pluck()`, `pragma()`): that keeps the statements and their callers
 * as they were. Two differences of the binding are smoothed over here: BLOB columns come back as
 * `Buffer` (views, no copy) rather than bare `Uint8Array`, and SQLite's errors carry
 * better-sqlite3-style `code` names (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY`).
 */
import { DatabaseSync, type DatabaseSyncInstance, type StatementSyncInstance } from '@photostructure/sqlite';

type Param = number | bigint | string | null | Uint8Array;
type Row = Record<string, unknown>;

/** SQLite's extended result codes the storage code tells apart, by better-sqlite3's names. */
const CODE_NAMES: Record<number, string> = {
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  1555: 'SQLITE_CONSTRAINT_PRIMARYKEY',
  2067: 'SQLITE_CONSTRAINT_UNIQUE',
};

/** Gives a SQLite error the `code` name better-sqlite3 would have (`SQLITE_CONSTRAINT_UNIQUE`). */
function named(e: unknown): unknown {
  if (typeof e === 'object' && e !== null && 'errcode' in e) {
    const errcode = (e as { errcode: number }).errcode;
    (e as { code?: string }).code = CODE_NAMES[errcode] ?? CODE_NAMES[errcode & 0xff] ?? `SQLITE_ERROR_${errcode}`;
  }
  return e;
}

const asBuffer = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** The columns of `row` that hold a BLOB. */
function blobColumns(row: Row): string[] {
  const names: string[] = [];
  for (const key in row) if (row[key] instanceof Uint8Array) names.push(key);
  return names;
}

/** BLOB values as Buffer views of the same bytes (the storage code compares and slices them). */
function withBuffers(row: Row, blobs: readonly string[]): Row {
  for (let i = 0; i < blobs.length; i++) {
    const v = row[blobs[i]!];
    if (v instanceof Uint8Array) row[blobs[i]!] = asBuffer(v);
  }
  return row;
}

/** A row's first column, a BLOB as a Buffer. */
function firstValue(row: Row): unknown {
  for (const key in row) {
    const v = row[key];
    return v instanceof Uint8Array ? asBuffer(v) : v;
  }
  return undefined;
}

/** A prepared statement. */
export class SqliteStatement<P extends unknown[] = Param[]> {
  private plucking = false;
  private blobs: string[] | undefined;

  constructor(private readonly stmt: StatementSyncInstance) {}

  /** The SQL text it was prepared from. */
  get source(): string {
    return this.stmt.sourceSQL;
  }

  /** `get` and `all` return the first column's value instead of the row. */
  pluck(): this {
    this.plucking = true;
    return this;
  }

  run(...params: P): { changes: number | bigint; lastInsertRowid: number | bigint } {
    try {
      return this.stmt.run(...(params as Param[]));
    } catch (e) {
      throw named(e);
    }
  }

  get(...params: P): unknown {
    let row: Row | undefined;
    try {
      row = this.stmt.get(...(params as Param[])) as Row | undefined;
    } catch (e) {
      throw named(e);
    }
    if (row === undefined) return undefined;
    if (this.plucking) return firstValue(row);
    return withBuffers(row, (this.blobs ??= blobColumns(row)));
  }

  all(...params: P): unknown[] {
    let rows: Row[];
    try {
      rows = this.stmt.all(...(params as Param[])) as Row[];
    } catch (e) {
      throw named(e);
    }
    if (rows.length === 0) return rows;
    if (this.plucking) return rows.map(firstValue);
    // Which columns are BLOBs is learnt from the first row a statement returns (a column of a
    // statement keeps its type here: documents, keys).
    const blobs = (this.blobs ??= blobColumns(rows[0]!));
    if (blobs.length > 0) for (let i = 0; i < rows.length; i++) withBuffers(rows[i]!, blobs);
    return rows;
  }
}

/** One open SQLite database file (or `:memory:`). */
export class SqliteDatabase {
  private readonly db: DatabaseSyncInstance;
  private readonly memory: boolean;

  /** `timeout`: milliseconds to wait for a lock another connection holds before SQLITE_BUSY. */
  constructor(path: string, options: { timeout?: number } = {}) {
    this.memory = path === ':memory:' || path === '';
    try {
      this.db = new DatabaseSync(path, { timeout: options.timeout ?? 5_000 });
    } catch (e) {
      throw named(e);
    }
  }

  get open(): boolean {
    return this.db.isOpen;
  }

  prepare<P extends unknown[] = Param[]>(sql: string): SqliteStatement<P> {
    try {
      return new SqliteStatement<P>(this.db.prepare(sql));
    } catch (e) {
      throw named(e);
    }
  }

  /** Runs one or more statements that return nothing. */
  exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (e) {
      throw named(e);
    }
  }

  /**
   * `PRAGMA <text>`: a setting (`pragma('journal_mode = WAL')`) or a reading; `{ simple: true }`
   * gives the first column of the first row, as better-sqlite3 does.
   */
  pragma(text: string, options: { simple?: boolean } = {}): unknown {
    const stmt = this.prepare(`PRAGMA ${text}`);
    return options.simple ? stmt.pluck().get() : stmt.all();
  }

  /**
   * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT` (the write lock taken at the start, so a command
   * never fails half-way on a lock); rolls back when it throws. Not re-entrant.
   */
  immediate<T>(fn: () => T): T {
    this.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = fn();
    } catch (e) {
      // A failed COMMIT or a statement error may already have ended the transaction.
      if (this.db.isTransaction) this.exec('ROLLBACK');
      throw e;
    }
    this.exec('COMMIT');
    return result;
  }

  /**
   * Closes the file. The binding keeps a closed connection, and the locks it holds, until its
   * prepared statements are garbage-collected, so it first lets go of the file: WAL mode is left
   * (every commit checkpointed into the file, the -wal and -shm files removed) and an exclusive
   * lock released. The file can then be opened again at once, by this process (a restart) or
   * another one; whoever opens it sets the journal mode it wants.
   */
  close(): void {
    if (!this.db.isOpen) return;
    if (!this.memory) {
      try {
        this.db.exec('PRAGMA journal_mode = DELETE');
        this.db.exec('PRAGMA locking_mode = NORMAL');
        // The new locking mode takes effect at the next access.
        this.db.exec('SELECT count(*) FROM sqlite_master');
      } catch {
        // Busy: another connection holds the file, so this one holds no lock to let go of.
      }
    }
    this.db.close();
  }
}
