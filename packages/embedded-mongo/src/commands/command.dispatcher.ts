/**
 * Routes a decoded command to its handler and turns the outcome into reply bytes. Unknown
 * commands answer `{ ok: 0, code: 59, codeName: 'CommandNotFound' }`; handler errors answer in
 * MongoDB's error shape; bugs answer InternalError (code 1) and are logged.
 */
import { serialize } from 'bson';
import type { CommandContext, CommandHandler, Doc } from './command.context';
import { findAndModify } from './find-and-modify.command';
import { handshakeCommands } from './handshake.commands';
import { indexCommands } from './index.commands';
import { asCommandError, commandError } from './mongo-command.error';
import { namespaceCommands } from './namespace.commands';
import { readCommands } from './read.commands';
import { writeCommands } from './write.commands';

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...namespaceCommands,
  ...writeCommands,
  ...readCommands,
  ...indexCommands,
  findAndModify,
  findandmodify: findAndModify,
};

/** Names of every command this server answers. */
export const commandNames = Object.keys(handlers);

function errorReply(e: unknown): Doc {
  try {
    return asCommandError(e).toReply();
  } catch (bug) {
    console.error('[embedded-mongo] command failed unexpectedly:', bug);
    return { ok: 0, errmsg: bug instanceof Error ? bug.message : String(bug), code: 1, codeName: 'InternalError' };
  }
}

/** Runs one command; always returns BSON reply bytes. */
export function dispatchCommand(cmd: Doc, ctx: CommandContext): Uint8Array {
  const name = Object.keys(cmd)[0] ?? '';
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  try {
    if (!handler) throw commandError('CommandNotFound', `no such command: '${name}'`);
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined) {
      throw commandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const reply = handler(cmd, ctx);
    return Buffer.isBuffer(reply) ? reply : serialize(reply);
  } catch (e) {
    return serialize(errorReply(e));
  }
}
