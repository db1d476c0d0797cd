import type { CustomValue } from '@sluice/graph';
import type { PdField } from './pipedrive.schemas';

/** Pipedrive's choice fields: `enum` holds one option id, `set` a list of them. */
const CHOICE_TYPES = new Set(['enum', 'set']);

/**
 * The options of a person's choice fields, so Sluice reads and writes them by label ("Gold")
 * rather than by Pipedrive's option id (`42`): value tables pair labels people recognise, and the
 * same label means the same option in every account.
 */
export class PdOptions {
  private readonly byCode = new Map<string, { type: string; labels: Map<string, string>; ids: Map<string, number | string>; list: string[] }>();

  constructor(fields: readonly PdField[]) {
    for (const f of fields) {
      if (!f.is_custom_field || !CHOICE_TYPES.has(f.field_type) || !f.options?.length) continue;
      const labels = new Map<string, string>();
      const ids = new Map<string, number | string>();
      for (const o of f.options) {
        labels.set(String(o.id), o.label);
        if (!ids.has(o.label.trim().toLowerCase())) ids.set(o.label.trim().toLowerCase(), o.id);
      }
      this.byCode.set(f.field_code, { type: f.field_type, labels, ids, list: f.options.map((o) => o.label) });
    }
  }

  /** The labels a field offers, in Pipedrive's order (for the field catalog). */
  optionsOf(code: string): string[] | undefined {
    return this.byCode.get(code)?.list;
  }

  /** A stored value as labels: `42` → `"Gold"`, `[1, 2]` → `"Gold, Silver"`; other fields unchanged. Pure. */
  read(code: string, value: CustomValue): CustomValue {
    const field = this.byCode.get(code);
    if (!field || value === null) return value;
    const ids = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [String(value)];
    return ids.map((id) => field.labels.get(id) ?? id).join(', ');
  }

  /**
   * A value to write, labels turned back into option ids (a `set` takes a list). A label the
   * field does not offer is sent as it is, for Pipedrive to refuse with its own message. Pure.
   */
  write(code: string, value: unknown): unknown {
    const field = this.byCode.get(code);
    if (!field || value === null || value === undefined || value === '') return value;
    const parts = (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((s) => s.trim()).filter((s) => s !== '');
    const ids = parts.map((p) => field.ids.get(p.toLowerCase()) ?? p);
    return field.type === 'set' ? ids : ids[0];
  }
}
