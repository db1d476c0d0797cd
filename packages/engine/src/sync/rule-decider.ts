import type { Contact } from '@sluice/graph';

/** What the rule graph of one direction says about a record (a subset of graph's `Decision`). */
export interface RuleVerdict {
  sync: boolean;
  /** The record after the actions of the path that reached `sync`. */
  record: Contact;
  excludedBy?: string;
  reason?: string;
  /** The record could not be evaluated (a per-record failure as a value). */
  error?: { code: string; message: string };
}

/** A compiled rule graph for one direction. */
export type RuleDecider = (record: Contact) => RuleVerdict;

/** The decider of a direction without rules: everything syncs unchanged. Pure. */
export const syncEverything: RuleDecider = (record) => ({ sync: true, record });
