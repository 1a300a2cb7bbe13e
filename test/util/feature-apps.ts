import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ResolvedAssembly } from './resolve';
import {
  Backfill, DistributionOrigin, MultiRegionAccessPoint, MultiRegionAccessPointOrigin, MultiRegionBucket, MultiRegionBucketProps,
  RegionalBucket, ReplicationMode, SecureDistribution,
} from '../../src';
import { FuzzConfiguration, toProps } from '../fuzz/configurations';

/**
 * Apps that reach what no example does, shared by the suites that check every app they are given
 * (the delivery matrix, the AWS requirements ledger): CloudFront writing through the access point
 * with SSE-KMS, Object Lock, alarm topics, backfill, RTC, the Regional failover origin, and the
 * building blocks over two accounts.
 */

/** A `MultiRegionBucket` configuration of the fuzz model, with what the model does not generate. */
export interface FeatureConfiguration {
  readonly name: string;
  readonly configuration: FuzzConfiguration;
  readonly extra?: Partial<MultiRegionBucketProps>;
}

export const FEATURE_CONFIGURATIONS: FeatureConfiguration[] = [
  {
    name: 'KMS, two-way, Object Lock, alarm topics, CloudFront reads/writes/deletes through the access point',
    configuration: { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], replication: ReplicationMode.TWO_WAY, routing: 'active-passive', active: [true, false, true], kms: true, metrics: true, objectLock: true, alarmTopics: true, distribution: 'access-point' },
    extra: {
      distribution: {
        origin: DistributionOrigin.multiRegionAccessPoint({
          originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.WRITE, cloudfront.AccessLevel.DELETE],
        }),
        defaultBehavior: { allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL },
      },
    },
  },
  {
    name: 'KMS, two-way, a Region added with backfill (alarm topics by default)',
    configuration: { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], replication: ReplicationMode.TWO_WAY, routing: 'default', active: [true, true, true], kms: true, distribution: 'none' },
    extra: { backfill: Backfill.existingObjects({ regions: ['ap-southeast-2'] }) },
  },
  {
    name: 'KMS, one-way, Object Lock, RTC, Regional failover origin',
    configuration: { regions: ['eu-central-1', 'us-west-2'], replication: ReplicationMode.ONE_WAY, routing: 'default', active: [true, true], kms: true, replicationTimeControl: true, objectLock: true, alarmTopics: true, distribution: 'regional-failover' },
  },
];

/** `configuration` (with `extra` merged into its props) as a `MultiRegionBucket` of id `id`, synthesized and resolved. */
export function configurationApp(id: string, configuration: FuzzConfiguration, extra: Partial<MultiRegionBucketProps> = {}): ResolvedAssembly {
  const app = new App();
  const props = toProps(configuration);
  new MultiRegionBucket(app, id, { ...props, ...extra, distribution: props.distribution && { ...props.distribution, ...extra.distribution } });
  return ResolvedAssembly.fromApp(app);
}

/**
 * The L2s over two accounts: an access point of 111111111111 over its own bucket and an SSE-KMS
 * bucket of 222222222222, CloudFront reaching both through it at `levels`.
 */
export function crossAccountAccessPointApp(levels: cloudfront.AccessLevel[]): ResolvedAssembly {
  const app = new App();
  const ours = new RegionalBucket(new Stack(app, 'DataUs', { env: { account: '111111111111', region: 'us-east-1' } }), 'Data', { encryption: s3.BucketEncryption.KMS });
  const theirs = new RegionalBucket(new Stack(app, 'OwnerEu', { env: { account: '222222222222', region: 'eu-west-1' } }), 'Data', { encryption: s3.BucketEncryption.KMS });
  const global = new Stack(app, 'Global', { env: { account: '111111111111', region: 'us-east-1' } });
  const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { buckets: [ours.bucket, theirs.bucket] });
  new SecureDistribution(global, 'Cdn', {
    origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint, { originAccessLevels: levels }),
    defaultBehavior: { allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL },
  });
  return ResolvedAssembly.fromApp(app);
}
