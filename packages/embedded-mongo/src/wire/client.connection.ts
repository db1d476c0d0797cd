/**
 * One client socket: reassembles wire messages from TCP chunks, decodes OP_MSG / OP_QUERY,
 * dispatches the command and writes the reply. Commands run synchronously to completion, one
 * at a time per process, which is what makes each command atomic.
 */
import type { Socket } from 'node:net';
import { decodeCommand, decodeExact } from '../bson/exact-bson.decoder';
import { dispatchCommand } from '../commands/command.dispatcher';
import type { CommandContext, DecodedSequence } from '../commands/command.context';
import {
  decodeRequest,
  encodeMsgReply,
  encodeOpReply,
  FLAG_MORE_TO_COME,
  OP_MSG,
  peekMessageLength,
} from './wire-message.codec';

const MAX_MESSAGE = 48_000_000 + 16 * 1024;

export type SharedContext = Omit<CommandContext, 'db' | 'connectionId' | 'sequences'>;

let nextRequestId = 1;

const INSERT_KEY = Buffer.from('insert\0', 'latin1');

/** Whether a command body's first field is `insert` (checked on the bytes, before decoding). */
function isInsert(body: Buffer): boolean {
  return body.length > 5 + INSERT_KEY.length && body.subarray(5, 5 + INSERT_KEY.length).equals(INSERT_KEY);
}

export function serveConnection(socket: Socket, connectionId: number, shared: SharedContext): void {
  socket.setNoDelay(true);
  let chunks: Buffer[] = [];
  let buffered = 0;

  const handle = (msg: Buffer): void => {
    const req = decodeRequest(msg);
    if (req.opCode === OP_MSG) {
      const insert = isInsert(req.body);
      // Values keep their exact BSON types (exact-bson.decoder), so what a command writes keeps them too.
      const cmd = decodeCommand(req.body, insert ? 'documents' : undefined);
      const sequences = new Map<string, DecodedSequence>();
      if (insert && Array.isArray(cmd.documents)) {
        // Keep each document's own bytes: it is stored as sent, so every BSON type survives.
        const raw = cmd.documents as Buffer[];
        sequences.set('documents', { raw });
        delete cmd.documents;
      }
      for (const seq of req.sequences) {
        const lazy = seq.identifier === 'documents'; // inserts decode only what they need
        sequences.set(seq.identifier, { raw: seq.documents, docs: lazy ? undefined : seq.documents.map(decodeExact) });
      }
      const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
      const reply = dispatchCommand(cmd, { ...shared, db, connectionId, sequences });
      if (req.flags & FLAG_MORE_TO_COME) return;
      socket.write(encodeMsgReply(nextRequestId++, req.requestId, reply));
      return;
    }
    const cmd = decodeExact(req.query);
    const db = req.collection.split('.')[0] || 'admin';
    const reply = dispatchCommand(cmd, { ...shared, db, connectionId, sequences: new Map() });
    socket.write(encodeOpReply(nextRequestId++, req.requestId, reply));
  };

  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    for (;;) {
      if (buffered < 4) return;
      let head = chunks[0]!;
      if (head.length < 4) {
        head = Buffer.concat(chunks);
        chunks = [head];
      }
      const len = peekMessageLength(head)!;
      if (len < 16 || len > MAX_MESSAGE) {
        socket.destroy();
        return;
      }
      if (buffered < len) return;
      const all = chunks.length === 1 ? head : Buffer.concat(chunks, buffered);
      const msg = all.subarray(0, len);
      const rest = all.subarray(len);
      chunks = rest.length > 0 ? [rest] : [];
      buffered = rest.length;
      try {
        handle(msg);
      } catch (e) {
        console.error('[embedded-mongo] dropping connection after a malformed message:', e);
        socket.destroy();
        return;
      }
    }
  });
  socket.on('error', () => socket.destroy());
}
