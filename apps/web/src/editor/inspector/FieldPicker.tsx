import type { FieldCatalog, FieldDef } from '@sluice/graph';

interface FieldPickerProps {
  id: string;
  value: string;
  onChange: (path: string) => void;
  catalog: FieldCatalog;
  /** Offer only fields a rule may write (not read-only ones such as deals.count). */
  writable?: boolean;
  'aria-label'?: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

function groupOf(f: FieldDef): string {
  if (f.custom || f.path.startsWith('custom.')) return 'Custom fields';
  if (f.path.startsWith('address.')) return 'Address';
  if (f.path.startsWith('deals.')) return 'Deals';
  return 'Contact';
}

/** A select of the app's fields, grouped; an unknown current value stays visible and marked. */
export function FieldPicker({ id, value, onChange, catalog, writable, ...rest }: FieldPickerProps) {
  const fields = writable ? catalog.filter((f) => !f.readOnly) : catalog;
  const groups = new Map<string, FieldDef[]>();
  for (const f of fields) {
    const g = groupOf(f);
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  const known = fields.some((f) => f.path === value);
  return (
    <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
      {!known && <option value={value}>{value ? `${value} (not in this app)` : 'Choose a field…'}</option>}
      {[...groups].map(([group, list]) => (
        <optgroup key={group} label={group}>
          {list.map((f) => (
            <option key={f.path} value={f.path}>
              {f.label} ({f.path})
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
