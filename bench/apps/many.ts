/**
 * Many buckets in one app: `buckets` MultiRegionBuckets of the two-way architecture of
 * `library.ts` (RTC alarms, active-active, CloudFront) over the same 3 Regions, laid out
 *
 * - `shared`: all of them in one stack per Region and one global stack that the app creates and
 *   passes as `regionalStacks` and `globalStack`;
 * - `own`: each in the stacks it creates itself (the default), 4 stacks per bucket.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ACCOUNT, APP_ID } from './common';
import { MultiRegionBucket, Replication } from '../../src';

export type Layout = 'shared' | 'own';

export const LAYOUTS: Layout[] = ['shared', 'own'];

/** The Regions of every bucket. */
export const MANY_REGIONS = 3;

export function build(app: App, regions: string[], layout: string, buckets: number): void {
  const env = (region: string) => ({ account: ACCOUNT, region });
  const shared = layout === 'shared';
  const regionalStacks = shared ? regions.map((region) => new Stack(app, `${APP_ID}-${region}`, { env: env(region) })) : undefined;
  const globalStack = shared ? new Stack(app, `${APP_ID}-global`, { env: env('us-east-1') }) : undefined;
  for (let i = 1; i <= buckets; i++) {
    new MultiRegionBucket(app, `${APP_ID}${i}`, {
      regions,
      account: ACCOUNT,
      replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
      distribution: {},
      regionalStacks,
      globalStack,
    });
  }
}
