/**
 * two-way-replication: a RegionalBucket in each of three Regions, kept in sync by two-way
 * replication (a full mesh) applied from a global stack that deploys last, checked by the four
 * cdk-nag packs at synth time. `cdk deploy --all` deploys it from an empty account.
 *
 *   npx cdk synth      (in this folder, after `npm ci` at the repository root)
 */
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { RegionalBucket, ReplicationMesh } from 'cdk-multi-region-bucket';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
// A placeholder account: synth needs one (bucket names are generated for cross-Region references),
// and `cdk deploy` takes yours from the environment.
const ACCOUNT = process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111';

const app = new App();
const buckets = REGIONS.map((region) => {
  const stack = new Stack(app, `Replicated-${region}`, { env: { account: ACCOUNT, region } });
  return new RegionalBucket(stack, 'Data', {
    noncurrentVersionExpiration: Duration.days(90),
    noncurrentVersionsToRetain: 5,
  });
});

// The global stack deploys after every regional stack and applies each bucket's replication
// configuration there, once all the buckets exist (see docs/adr/0004-two-way-replication.md).
const global = new Stack(app, 'Replicated-global', { env: { account: ACCOUNT, region: 'us-east-1' } });
new ReplicationMesh(global, 'Replication', {
  buckets: buckets.map((b) => b.bucket),
  // What AWS recommends for a Multi-Region Access Point: RTC with metrics (replica modification
  // sync is on by default).
  replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
});

// Any unacknowledged cdk-nag error stops synthesis.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
