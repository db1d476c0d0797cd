import type { OpenStoreOptions } from '@sluice/store';
import type { SluiceConfig } from './config.schema';

/** The store's share of the configuration: keys and history retention, for `openStore`. Pure. */
export function storeSettings(config: SluiceConfig): Pick<OpenStoreOptions, 'dataDir' | 'secretKey' | 'previousKeys' | 'eventRetentionDays' | 'runsKept'> {
  return {
    dataDir: config.dataDir,
    secretKey: config.secretKey,
    previousKeys: config.previousSecretKeys,
    eventRetentionDays: config.eventRetentionDays,
    runsKept: config.runsKept,
  };
}
