/**
 * What every command handler receives, and what it may return: a plain reply object (serialized
 * by the dispatcher, `ok: 1` added when missing) or ready BSON bytes (cursor replies).
 */
import type { CursorRegistry } from '../cursors/cursor.registry';
import type { SqliteStore } from '../storage/sqlite.store';

export type Doc = Record<string, unknown>;

/** One OP_MSG document sequence: each document's bytes, and the decoded documents when decoded. */
export interface DecodedSequence {
  raw: Buffer[];
  /** Absent for inserts, which decode only the fields they need. */
  docs?: Doc[];
}

export interface CommandContext {
  store: SqliteStore;
  cursors: CursorRegistry;
  /** The database the command runs against (`$db`). */
  db: string;
  connectionId: number;
  /** Document sequences of the request by identifier (`documents`, `updates`, `deletes`). */
  sequences: Map<string, DecodedSequence>;
  /** Server facts handshake commands report. */
  server: { startedAt: Date; host: string; port: number };
}

export type CommandReply = Doc | Buffer;
export type CommandHandler = (cmd: Doc, ctx: CommandContext) => CommandReply;

/** True when the write asked to be journaled (`writeConcern: { j: true }`). */
export function wantsJournal(cmd: Doc): boolean {
  const wc = cmd.writeConcern as { j?: unknown } | undefined;
  return wc?.j === true;
}

/** A command's target collection name (the value of its first key). */
export function collectionName(cmd: Doc, key: string): string {
  const name = cmd[key];
  if (typeof name !== 'string' || name.length === 0) {
    throw Object.assign(new Error(`collection name must be a non-empty string`), { code: 73 });
  }
  return name;
}
