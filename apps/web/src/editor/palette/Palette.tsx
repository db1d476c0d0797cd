import { useId, useState, type DragEvent } from 'react';
import { PALETTE_MIME, paletteItems, type PaletteItem } from './palette-items';

interface PaletteProps {
  /** Adds the item's node (keyboard or click); the editor places and wires it. */
  onAdd: (item: PaletteItem) => void;
  items?: readonly PaletteItem[];
}

const groups: PaletteItem['group'][] = ['Conditions', 'Groups', 'Actions', 'End'];

/**
 * The conditions and actions a rule is made of. Drag an item onto the canvas, or press Enter on it
 * to add it next to the selected node (wired to it).
 */
export function Palette({ onAdd, items = paletteItems }: PaletteProps) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const q = filter.trim().toLowerCase();
  const shown = q ? items.filter((i) => `${i.label} ${i.hint}`.toLowerCase().includes(q)) : items;

  const onDragStart = (e: DragEvent<HTMLButtonElement>, item: PaletteItem) => {
    e.dataTransfer.setData(PALETTE_MIME, item.key);
    e.dataTransfer.setData('text/plain', item.label);
    e.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label="Palette">
      <div className="palette-search">
        <label htmlFor={filterId} className="visually-hidden">
          Filter the palette
        </label>
        <input
          id={filterId}
          className="input"
          type="search"
          placeholder="Filter nodes…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {groups.map((group) => {
        const inGroup = shown.filter((i) => i.group === group);
        if (inGroup.length === 0) return null;
        return (
          <section key={group} className="palette-group" aria-label={group}>
            <h3>{group}</h3>
            <ul>
              {inGroup.map((item) => (
                <li key={item.key}>
                  <button
                    type="button"
                    className={`palette-item palette-item-${item.draft.kind}`}
                    draggable
                    onDragStart={(e) => onDragStart(e, item)}
                    onClick={() => onAdd(item)}
                    title={`${item.hint}. Drag onto the canvas, or press Enter to add it after the selected node.`}
                    data-palette-key={item.key}
                  >
                    <span className="palette-item-label">{item.label}</span>
                    <span className="palette-item-hint">{item.hint}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {shown.length === 0 && <p className="hint palette-none">Nothing matches “{filter}”.</p>}
    </aside>
  );
}
