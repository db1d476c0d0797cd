/**
 * Handshake and server-information commands: what the driver asks while connecting and
 * monitoring. We present ourselves as a standalone MongoDB 7.0 (wire version 21) with sessions
 * and no compression.
 */
import { hostname } from 'node:os';
import type { CommandHandler, CommandContext, Doc } from './command.context';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;

function hello(cmd: Doc, ctx: CommandContext): Doc {
  const legacy = cmd.hello === undefined;
  return {
    ...(legacy ? { ismaster: true } : {}),
    helloOk: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'sluice-embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['sqlite'],
    modules: [],
    javascriptEngine: 'none',
    ok: 1,
  };
}

function getParameter(cmd: Doc): Doc {
  const out: Doc = { ok: 1 };
  if (cmd.featureCompatibilityVersion !== undefined || cmd.getParameter === '*') {
    out.featureCompatibilityVersion = { version: '7.0' };
  }
  return out;
}

function serverStatus(_cmd: Doc, ctx: CommandContext): Doc {
  const uptime = (Date.now() - ctx.server.startedAt.getTime()) / 1000;
  return {
    host: `${hostname()}:${ctx.server.port}`,
    version: SERVER_VERSION,
    process: 'sluice-db',
    pid: process.pid,
    uptime: Math.floor(uptime),
    uptimeMillis: Math.floor(uptime * 1000),
    localTime: new Date(),
    connections: { current: 0 },
    ok: 1,
  };
}

const ok: CommandHandler = () => ({ ok: 1 });

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  serverStatus,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  startSession: () => ({ id: { id: crypto.randomUUID() }, timeoutMinutes: 30, ok: 1 }),
  hostInfo: () => ({ system: { hostname: hostname(), currentTime: new Date() }, os: { type: process.platform }, ok: 1 }),
  whatsmyuri: (_c, ctx) => ({ you: `127.0.0.1:${ctx.connectionId}`, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['sluice', 'db'], parsed: {}, ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  getFreeMonitoringStatus: () => ({ state: 'disabled', ok: 1 }),
  logout: ok,
};
