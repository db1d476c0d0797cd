/**
 * @sluice/embedded-mongo — a MongoDB-wire-compatible server over SQLite, the default database when
 * no MONGODB_URI is given.
 */
export { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './embedded-mongo.server';
export { startEmbeddedMongoThread } from './embedded-mongo.thread';
