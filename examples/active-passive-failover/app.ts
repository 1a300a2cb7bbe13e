/**
 * active-passive-failover: one bucket in two Regions with SSE-KMS (a key per Region), two-way
 * replication with Replication Time Control and alarms, and a Multi-Region Access Point that
 * sends every request to one active Region. To fail over, change ACTIVE_REGION and deploy.
 *
 *   npx cdk synth             (in this folder, after `npm ci` at the repository root)
 *   npx cdk deploy --all      (with credentials)
 */
import { App, Duration, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiRegionBucket, Replication, Routing } from 'cdk-multi-region-bucket';

// Fail over: set this to 'eu-central-1' and run `npx cdk deploy --all`. Fail back: 'eu-west-1'.
const ACTIVE_REGION = 'eu-west-1';

const app = new App();

new MultiRegionBucket(app, 'Failover', {
  regions: ['eu-west-1', 'eu-central-1'],
  account: process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111',
  globalRegion: 'eu-west-1',
  encryption: s3.BucketEncryption.KMS,
  // Two-way, so writes made after a failover flow back to the other Region.
  replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
  routing: Routing.activePassive({ activeRegions: [ACTIVE_REGION] }),
  noncurrentVersionExpiration: Duration.days(30),
});

Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
