/**
 * regional-buckets: one secure, versioned RegionalBucket in each of three Regions, checked by
 * the four cdk-nag packs at synth time.
 *
 *   npx cdk synth      (in this folder, after `npm ci` at the repository root)
 */
import { App, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { RegionalBucket } from 'cdk-multi-region-bucket';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
// A placeholder account: synth needs none, and `cdk deploy` takes yours from the environment.
const ACCOUNT = process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111';

class RegionalDataStack extends Stack {
  public readonly data: RegionalBucket;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.data = new RegionalBucket(this, 'Data', {
      noncurrentVersionExpiration: Duration.days(90),
      noncurrentVersionsToRetain: 5,
    });
    // Until the replication constructs are wired in, each Region stands alone.
    Validations.of(this.data.bucket).acknowledge(
      ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
        id: `${pack}-S3BucketReplicationEnabled`,
        reason: 'This example shows the Regional building block alone; replication is not part of it.',
      })),
    );
  }
}

const app = new App();
for (const region of REGIONS) {
  new RegionalDataStack(app, `RegionalBuckets-${region}`, { env: { account: ACCOUNT, region } });
}
// Any unacknowledged cdk-nag error stops synthesis.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
