import { UserError } from '@sluice/core';

/** Intercom's API hosts by workspace region: a token works only on its own workspace's host. */
export const REGION_HOSTS = { us: 'https://api.intercom.io', eu: 'https://api.eu.intercom.io', au: 'https://api.au.intercom.io' } as const;
export type IntercomRegion = keyof typeof REGION_HOSTS;

/**
 * The region a credential or setting names (`us` when none), case and space ignored. Only the three
 * hosts above can come out of it, so a region can never steer a token elsewhere. Pure.
 * @example regionOf(' EU ') // 'eu'
 */
export function regionOf(value: unknown): IntercomRegion {
  if (value === undefined || value === null || value === '') return 'us';
  const key = String(value).trim().toLowerCase();
  if (key in REGION_HOSTS) return key as IntercomRegion;
  throw new UserError('E_CONFIG', `"${String(value)}" is not an Intercom region: choose US, EU or Australia (where your Intercom workspace is hosted).`);
}
