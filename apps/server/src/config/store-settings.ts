import type { OpenStoreOptions } from '@sluice/store';
import type { SluiceConfig } from './config.schema';

/** The store's share of the configuration: keys and history retention, for `openStore`. Pure. */
export function storeSettings(config: SluiceConfig): Pick<OpenStoreOptions, 'dataDir' | 'secretKey' | 'previousKeys' | 'retention' | 'runsKept'> {
  return {
    dataDir: config.dataDir,
    secretKey: config.secretKey,
    previousKeys: config.previousSecretKeys,
    retention: config.retention,
    runsKept: config.runsKept,
  };
}
