/**
 * The consumer app, in TypeScript: the reference the Python, Go and Java translations of the same
 * app (beside this folder) are compared with, resource by resource (scripts/consumer-apps.ts).
 *
 * It uses the building blocks, not the L3: a RegionalBucket in each of two Regions, a
 * ReplicationMesh between them, a MultiRegionAccessPoint over them and a SecureDistribution
 * reading through a MultiRegionAccessPointOrigin (SigV4A Origin Access Control).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  MultiRegionAccessPoint,
  MultiRegionAccessPointOrigin,
  RegionalBucket,
  ReplicationMesh,
  Routing,
  SecureDistribution,
} from 'cdk-multi-region-bucket';

const ACCOUNT = '111111111111';
const REGIONS = ['us-east-1', 'eu-west-1'];

const app = new App();
const buckets = REGIONS.map((region) => {
  const stack = new Stack(app, `Consumer-${region}`, { env: { account: ACCOUNT, region } });
  return new RegionalBucket(stack, 'Data', { noncurrentVersionExpiration: Duration.days(30) }).bucket;
});

const global = new Stack(app, 'Consumer-global', { env: { account: ACCOUNT, region: 'us-east-1' } });
new ReplicationMesh(global, 'Replication', { buckets, replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES });
const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', {
  multiRegionAccessPointName: 'consumer',
  buckets,
  routing: Routing.activePassive({ activeRegions: ['us-east-1'] }),
});
new SecureDistribution(global, 'Cdn', {
  origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint, {
    originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
  }),
  comment: 'consumer',
});
app.synth();
