/**
 * active-passive-failover: one bucket in two Regions with SSE-KMS (a key per Region), two-way
 * replication with Replication Time Control and alarms, a Multi-Region Access Point that sends
 * every request to one active Region, and automatic failover: a routine that makes the standby
 * active when the active Region's bucket returns 5xx errors (or when started by hand or by the
 * ARC Region switch plan), and fails back once replication into the active Region has caught up.
 *
 *   npx cdk synth             (in this folder, after `npm ci` at the repository root)
 *   npx cdk deploy --all      (with credentials)
 */
import { App, Duration, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiRegionBucket, Replication, Routing } from 'cdk-multi-region-bucket';

// The Region that serves in normal operation. The routine switches away from it and back; a deploy
// leaves its switch in place (docs/adr/0035). Changing this line and deploying still fails over by hand.
const ACTIVE_REGION = 'eu-west-1';

const app = new App();

new MultiRegionBucket(app, 'Failover', {
  regions: ['eu-west-1', 'eu-central-1'],
  account: process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111',
  // The global stack (access point, routine) in the standby Region: a failover must not depend on
  // the Region it leaves.
  globalRegion: 'eu-central-1',
  encryption: s3.BucketEncryption.KMS,
  // Two-way, so writes made after a failover flow back to the other Region.
  replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
  routing: Routing.activePassive({ activeRegions: [ACTIVE_REGION] }),
  // Fail over when 5% of the active bucket's requests fail for 5 minutes; fail back (started by
  // hand or by the plan) once nothing has been pending replication into it for 15 minutes.
  failover: { serverErrorAlarm: true, regionSwitchPlan: true },
  noncurrentVersionExpiration: Duration.days(30),
});

Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
