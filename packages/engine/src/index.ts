export type * from './ports/connector.port';
