/**
 * THE email rule, for every comparison Sluice makes (match keys, recovering half-done writes, user
 * accounts): trimmed, lower-cased, Unicode NFC; blank or not a string → undefined. Nothing else is
 * touched: dots and `+tags` in the local part stay (for most providers they make another mailbox),
 * and the stored value keeps the user's spelling; only comparisons use this. Pure.
 * @example normalizeEmail('  Ada@Example.COM ') // 'ada@example.com'
 */
export function normalizeEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // NFC: "josé" typed precomposed or as "e" + combining accent is one address, not two people.
  const v = value.trim().toLowerCase().normalize('NFC');
  return v === '' ? undefined : v;
}
