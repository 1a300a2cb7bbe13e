import { App } from 'aws-cdk-lib';
import { Backfill, DistributionOrigin, MultiRegionBucket, MultiRegionBucketProps } from '../../src';
import { ACCOUNT } from '../util/stacks';
import { cliWarningIds, cliWarnings } from '../util/toolkit';

/**
 * The read paths besides the access point's routes while `backfill` fills a Region (docs/adr/0040):
 * the Regional failover origin's primary is refused (the mistakes table), its fallback warned; the
 * access point origin follows the routes, which keep the Region passive.
 */
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const WARNING = 'cdk-multi-region-bucket:backfillIntoFailoverFallback';
const app = (props: Partial<MultiRegionBucketProps>) => () => {
  const a = new App();
  new MultiRegionBucket(a, 'Site', { regions: REGIONS, account: ACCOUNT, ...props });
  return a;
};
const filling = (region: string) => Backfill.existingObjects({ regions: [region] });

test('the fallback being filled: the warning is on its Region\'s stack and names a Region to fall back to instead', async () => {
  const warnings = await cliWarnings(app({ backfill: filling('eu-west-1'), distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'eu-west-1' }) } }), WARNING);
  expect(warnings.map((w) => w.paths)).toEqual([['Site/eu-west-1']]);
  expect(warnings[0].message).toContain("Set 'fallbackRegion' to a Region that holds the objects (ap-southeast-2) until every backfill job is Complete.");
});

test('with two Regions there is no other fallback: the warning says to acknowledge it until the jobs are Complete', async () => {
  const warnings = await cliWarnings(() => {
    const a = new App();
    new MultiRegionBucket(a, 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT, backfill: filling('eu-west-1'), distribution: { origin: DistributionOrigin.regionalFailover() } });
    return a;
  }, WARNING);
  expect(warnings).toHaveLength(1);
  expect(warnings[0].message).toContain('No other Region holds the objects: acknowledge this warning until every backfill job is Complete.');
});

test('no warning when the fallback holds the objects, or with the access point origin', async () => {
  expect(await cliWarningIds(app({ backfill: filling('ap-southeast-2'), distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'eu-west-1' }) } }))).not.toContain(WARNING);
  expect(await cliWarningIds(app({ backfill: filling('eu-west-1'), distribution: {} }))).not.toContain(WARNING);
});

test('the primary being filled with the access point origin is legal: the routes keep it passive', () => {
  expect(() => app({ backfill: filling('us-east-1'), distribution: {} })()).not.toThrow();
});
