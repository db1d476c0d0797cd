import { defaultSettings, type Side, type SyncSettings } from '../settings/settings.model';

/** What the wizard knows of an app (from `apps.list`). */
export interface AppInfo {
  id: string;
  name: string;
  /** SVG markup. */
  logo: string;
  /** `keySettings`: choices stored with the key in its credential (Intercom's region), asked next to it. */
  auth: { kind: 'none' | 'apiKey' | 'oauth2'; help?: string; keySettings?: readonly AppSettingInfo[] };
  /** File apps: the folder on the server holding this workspace's files (paths start there). */
  filesFolder?: string;
  /** What each side chooses besides its key (a Mailchimp audience), stored in the side's config. */
  settings?: readonly AppSettingInfo[];
}

/** One value an app setting may take. */
export interface SettingChoiceInfo {
  value: string;
  label: string;
  help?: string;
}

/** An app setting as `apps.list` describes it; `choices: 'account'` are read with the checked key. */
export interface AppSettingInfo {
  key: string;
  label: string;
  help?: string;
  choices: 'account' | readonly SettingChoiceInfo[];
  default?: string;
  required?: boolean;
}

/** How Sluice reaches one side: a checked credential and/or connector settings. */
export interface Access {
  credentialId?: string;
  credentialLabel?: string;
  config: Record<string, unknown>;
}

export type WizardStep = 1 | 2 | 3 | 4;

export interface WizardState {
  step: WizardStep;
  apps: Partial<Record<Side, string>>;
  access: Partial<Record<Side, Access>>;
  settings: SyncSettings;
  name: string;
}

export const wizardSteps: readonly { step: WizardStep; label: string }[] = [
  { step: 1, label: 'Select apps' },
  { step: 2, label: 'Grant access' },
  { step: 3, label: 'Configure' },
  { step: 4, label: 'Start' },
];

export const initialWizard: WizardState = { step: 1, apps: {}, access: {}, settings: defaultSettings, name: '' };

/** Settings a connector needs besides a key (file apps read a file on the server). */
export function configFieldsOf(appId: string): { key: string; label: string; placeholder: string }[] {
  if (appId === 'jsonl') return [{ key: 'path', label: 'File name', placeholder: 'contacts.jsonl' }];
  if (appId === 'csv') return [{ key: 'path', label: 'File name', placeholder: 'contacts.csv' }];
  return [];
}

/** The name of the secret an app's connector reads (each API calls its key differently). */
export function secretFieldOf(appId: string): string {
  if (appId === 'pipedrive') return 'apiToken';
  if (appId === 'hubspot') return 'privateAppToken';
  return 'apiKey';
}

/** Apps whose name or id contains the query (case-insensitive). Pure. */
export function filterApps<T extends { id: string; name: string }>(apps: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  return q ? apps.filter((a) => a.name.toLowerCase().includes(q) || a.id.toLowerCase().includes(q)) : [...apps];
}

/** The value a side has for an app setting: its own, else the setting's default, else ''. Pure. */
export function settingValue(setting: AppSettingInfo, config: Readonly<Record<string, unknown>>): string {
  const own = config[setting.key];
  return typeof own === 'string' && own !== '' ? own : (setting.default ?? '');
}

/** The side's config without the settings read from the account (a new key may see other audiences). Pure. */
export function withoutAccountSettings(app: AppInfo, config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const account = new Set((app.settings ?? []).filter((s) => s.choices === 'account').map((s) => s.key));
  return Object.fromEntries(Object.entries(config).filter(([key]) => !account.has(key)));
}

/**
 * Whether one side can be reached: a checked key (or none needed), its file named, and every required
 * app setting chosen. Pure.
 */
export function accessReady(app: AppInfo | undefined, access: Access | undefined): boolean {
  if (!app) return false;
  const config = access?.config ?? {};
  const configOk = configFieldsOf(app.id).every((f) => String(config[f.key] ?? '').trim() !== '');
  const settingsOk = (app.settings ?? []).every((s) => !s.required || settingValue(s, config) !== '');
  return app.auth.kind === 'none' ? configOk && settingsOk : configOk && settingsOk && Boolean(access?.credentialId);
}

/**
 * Whether the wizard may move on from its current step; on step 3, only once the apps' fields loaded
 * (`settingsLoaded`), since sync type, conflicts and mappings cannot be chosen without them. Pure.
 */
export function canAdvance(state: WizardState, apps: readonly AppInfo[], settingsLoaded = true): boolean {
  const find = (side: Side) => apps.find((a) => a.id === state.apps[side]);
  if (state.step === 1) return Boolean(find('a') && find('b'));
  if (state.step === 2) return accessReady(find('a'), state.access.a) && accessReady(find('b'), state.access.b);
  if (state.step === 3) return settingsLoaded;
  return true;
}

/** Each chosen app with its settings and credential, as a connection stores its sides. Pure. */
export function sidesOf(state: WizardState) {
  const side = (s: Side) => ({
    connector: state.apps[s] ?? '',
    config: state.access[s]?.config ?? {},
    ...(state.access[s]?.credentialId ? { credentialId: state.access[s].credentialId } : {}),
  });
  return { a: side('a'), b: side('b') };
}

/** The `connections.create` input the wizard's choices make. Pure. */
export function toDraft(state: WizardState, names: Record<Side, string>) {
  return {
    name: state.name.trim() || `${names.a} ↔ ${names.b}`,
    apps: sidesOf(state),
    mode: state.settings.mode,
    conflict: state.settings.conflict,
    mappings: state.settings.mappings,
  };
}
