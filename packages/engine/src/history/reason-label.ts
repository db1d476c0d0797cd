/** Sentences for the reason codes the engine records, as the health dashboard shows them. */
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
  excluded: 'Filtered out by the rules',
};

/**
 * A readable label for a reason code; `excludedBy:<node>` names the rule node (with its label when
 * given). Pure.
 * @example reasonLabel('excludedBy:c1', { c1: 'Has no deals' }) // 'Filtered out by rule "Has no deals"'
 */
export function reasonLabel(reason: string, nodeLabels: Record<string, string> = {}): string {
  if (reason.startsWith('excludedBy:')) {
    const node = reason.slice('excludedBy:'.length);
    return `Filtered out by rule "${nodeLabels[node] ?? node}"`;
  }
  return LABELS[reason] ?? reason;
}
