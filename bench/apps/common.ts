/**
 * What every benchmark app shares: the Regions, the modes and the account.
 */

/**
 * The 17 commercial Regions that a Multi-Region Access Point supports and that are not opt-in
 * (CloudFront cannot sign SigV4A for an access point with a bucket in an opt-in Region). An app
 * with N Regions takes the first N, so 2 and 3 Regions are the examples' Regions.
 */
export const REGIONS = [
  'us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2', 'eu-central-1', 'ap-northeast-1',
  'us-east-2', 'eu-west-2', 'ap-south-1', 'ca-central-1', 'sa-east-1', 'us-west-1',
  'eu-west-3', 'eu-north-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1',
];

/**
 * The two architectures measured.
 *
 * - `two-way`: two-way replication (a full mesh) with Replication Time Control and alarms,
 *   active-active access point, CloudFront with SigV4A Origin Access Control in front (the
 *   `active-active-site` example).
 * - `one-way`: one-way replication from the primary with Replication Time Control and alarms,
 *   active-passive access point routing everything to the primary, no CloudFront.
 */
export type Mode = 'two-way' | 'one-way';

export const MODES: Mode[] = ['two-way', 'one-way'];

/** The placeholder account of every stack (synthesis needs no credentials). */
export const ACCOUNT = '111111111111';

/** The construct ID, and so the stack name prefix, of every app. */
export const APP_ID = 'Bench';
