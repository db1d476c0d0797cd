import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of a bearer token, hex: what is stored instead of the token itself. Pure. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh 256-bit bearer token (base64url) and its hash. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}
