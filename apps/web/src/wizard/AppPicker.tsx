import { useId, useState } from 'react';
import { AppLogo } from './AppLogo';
import { filterApps, type AppInfo } from './wizard.model';

interface AppPickerProps {
  /** "App A" or "App B". */
  label: string;
  apps: readonly AppInfo[];
  value: string | undefined;
  onChange: (appId: string) => void;
}

const authNote: Record<AppInfo['auth']['kind'], string> = { none: 'no key needed', apiKey: 'API key', oauth2: 'sign in with the app' };

/** Step 1: one side's app from a searchable list with logos (a radio group, so arrow keys move). */
export function AppPicker({ label, apps, value, onChange }: AppPickerProps) {
  const [query, setQuery] = useState('');
  const id = useId();
  const shown = filterApps(apps, query);
  return (
    <fieldset className="settings-group app-picker">
      <legend>{label}</legend>
      <label className="field" htmlFor={`${id}-search`}>
        <span className="field-label">Search apps for {label}</span>
      </label>
      <input id={`${id}-search`} className="input" type="search" value={query} placeholder="Type an app's name" onChange={(e) => setQuery(e.target.value)} />
      <div className="app-grid" role="radiogroup" aria-label={label}>
        {shown.length === 0 && <p className="hint">No app matches “{query}”.</p>}
        {shown.map((app) => (
          <label key={app.id} className={`app-card ${value === app.id ? 'is-selected' : ''}`}>
            <input type="radio" className="visually-hidden" name={`${id}-app`} value={app.id} checked={value === app.id} onChange={() => onChange(app.id)} />
            <AppLogo svg={app.logo} />
            <span>
              <strong>{app.name}</strong>
              <span className="hint">{authNote[app.auth.kind]}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
