import { createHash } from 'node:crypto';

/**
 * The id of a file record that has none of its own: its email (lower-cased) when it has one, else a
 * hash of its content. Sluice writes the id into the file the next time it rewrites it, so it stays
 * stable from then on. Pure.
 */
export function deriveRecordId(email: unknown, content: string): string {
  if (typeof email === 'string' && email.trim() !== '') return email.trim().toLowerCase();
  return `h-${createHash('sha1').update(content).digest('hex').slice(0, 16)}`;
}
