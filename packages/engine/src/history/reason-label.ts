import type { Direction } from '../ports/scope.port';

/** Sentences for the reason codes the engine records, as history and health show them. */
const LABELS: Record<string, string> = {
  E_NO_MATCH_KEY: 'No value for the first match key (skipped to avoid a duplicate)',
  E_ALREADY_LINKED: 'Its match in the other app is already linked to another record',
  E_DUPLICATE_IN_SOURCE: 'Another record with the same match key is synced instead',
  E_DUPLICATE_MATCH: 'Several records in this app share one match key',
  E_TARGET_MISSING: 'The linked record is gone from the other app',
  E_NOTHING_TO_CREATE: 'No mapped field has a value',
  E_NO_TAGS: 'The other app has no tags to mark a deletion with',
  E_RULE_EVALUATION: 'The rules could not be evaluated for this record',
  E_WRITE_REJECTED: 'The other app refused the record',
  E_NO_WRITE_RESULT: 'The other app did not answer for this record',
  E_CONFLICT: 'Both apps changed a field; the winning value was kept',
  E_BAD_EMAIL: 'Its email address is not valid',
  E_BAD_DATE: 'Its last-changed date is not a date',
  E_FIELD_TOO_LARGE: 'A field is too long to pass on',
  E_FILE_FORMAT: 'This line of the file could not be read as a contact',
  E_INTERRUPTED: 'The run stopped before this record was written',
  E_NETWORK: 'The app could not be reached (network)',
  E_TIMEOUT: 'The app did not answer in time',
  E_RATE_LIMITED: 'The app asked Sluice to slow down',
  E_APP_UNAVAILABLE: 'The app was unavailable',
  E_AUTH_REJECTED: 'The app refused the key',
  'no-change': 'Nothing changed since the last sync',
  'matched-in-sync': 'Matched a record that already holds the same values',
  'deletion-not-synced': 'Deleted; deletions are not synced on this connection',
  'deleted-unlinked': 'Deleted before it was ever synced',
  'already-trashed': 'Deleted; the other app’s record is already tagged Sluice Trash',
  deleted: 'Deleted; the other app’s record was tagged Sluice Trash',
  'before-scope': 'Last changed before the date this connection’s sync starts from',
  'create-off': 'No match in the other app, and this connection creates no new records there',
  replayed: 'Written by a batch an interrupted run left in flight',
  excluded: 'Filtered out by the rules',
};

/** The rule nodes a reason can name, per direction: a node's label, or its condition in words. */
export type NodeLabels = Partial<Record<Direction, Record<string, string>>>;

/**
 * A readable sentence for a reason code. `excludedBy:<node>` names the rule node with its label from
 * the direction the record was going (both directions may have a node `c1`). Unknown codes come back
 * as they are, so a newer engine never shows a blank. Pure.
 * @example reasonLabel('excludedBy:c1', { aToB: { c1: 'Has no deals' } }, 'aToB') // 'Filtered out by the rule “Has no deals”'
 */
export function reasonLabel(reason: string, nodeLabels: NodeLabels = {}, direction?: Direction): string {
  if (reason.startsWith('excludedBy:')) {
    const node = reason.slice('excludedBy:'.length);
    const label = (direction ? nodeLabels[direction]?.[node] : undefined) ?? nodeLabels.aToB?.[node] ?? nodeLabels.bToA?.[node];
    return label ? `Filtered out by the rule “${label}”` : `Filtered out by rule node ${node}`;
  }
  return LABELS[reason] ?? reason;
}
