import { UserError } from '@sluice/core';

/** A data centre as Mailchimp names them (`us6`, `eu1`...): letters, then digits. */
const DC = /^[a-z]+\d+$/;

/**
 * The data centre at the end of an API key (`0123…-us6` → `us6`), or undefined when the key has no
 * such ending. Only a well-formed ending is taken, so a key can never steer requests elsewhere. Pure.
 */
export function dataCentreOfKey(key: string): string | undefined {
  const dc = key.trim().split('-').at(-1);
  return key.includes('-') && dc && DC.test(dc) ? dc : undefined;
}

/** The API root of a data centre. Pure. */
export function apiRootOf(dc: string): string {
  if (!DC.test(dc)) throw new UserError('E_CONFIG', `"${dc}" is not a Mailchimp data centre.`);
  return `https://${dc}.api.mailchimp.com/3.0`;
}
