/**
 * Every stored document that belongs to a connection is addressed by these two ids; every port
 * method that reads or writes connection data takes one, and every implementation filters on both.
 */
export interface ConnectionScope {
  workspaceId: string;
  connectionId: string;
}

/** The two sides of a connection. */
export type Side = 'a' | 'b';

/** A sync direction: `aToB` reads A's changes and writes to B. */
export type Direction = 'aToB' | 'bToA';
