import { createKeyedMutex } from '../sdk/keyed-mutex';
import type { FileIndex } from './file-index';

/** One lock per file in this process: rewrites of one file never interleave. */
export const fileLock = createKeyedMutex();

/**
 * Lookup indexes per file path, shared by every connector of that file in this process; `tooBig`
 * remembers the stamp of a file found too big to index, so it is not scanned again for nothing.
 */
export const fileIndexes = new Map<string, FileIndex | { tooBig: string }>();
