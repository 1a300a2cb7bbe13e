/**
 * multi-region-access-point: a RegionalBucket in each of three Regional stacks, and a global
 * (us-east-1) stack with a Multi-Region Access Point over them, active-passive with us-east-1
 * active. Each bucket's policy delegates access control to the access point; the access point
 * policy lets a partner account read. Checked by the four cdk-nag packs at synth time.
 *
 *   npx cdk synth      (in this folder, after `npm ci` at the repository root)
 *
 * Fail over: change `activeRegions` (for example to ['eu-west-1']) and deploy the global stack;
 * S3 applies the new routes in about two minutes. Fail back with Routing.activeActive().
 */
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { MultiRegionAccessPoint, RegionalBucket, Routing } from 'cdk-multi-region-bucket';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
// Placeholder accounts: synth needs none, and `cdk deploy` takes yours from the environment.
const ACCOUNT = process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111';
const PARTNER_ACCOUNT = '222222222222';

class RegionalDataStack extends Stack {
  public readonly data: RegionalBucket;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.data = new RegionalBucket(this, 'Data');
    // This example shows the access point alone; replication between the buckets is not part of it.
    Validations.of(this.data.bucket).acknowledge(
      ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
        id: `${pack}-S3BucketReplicationEnabled`,
        reason: 'This example shows the Multi-Region Access Point alone; replication is not part of it.',
      })),
    );
  }
}

interface GlobalStackProps extends StackProps {
  readonly buckets: s3.IBucket[];
}

class GlobalStack extends Stack {
  public readonly accessPoint: MultiRegionAccessPoint;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, props);
    this.accessPoint = new MultiRegionAccessPoint(this, 'AccessPoint', {
      buckets: props.buckets,
      routing: Routing.activePassive({ activeRegions: ['us-east-1'] }),
    });
    // Another account reads through the access point (its own IAM must allow it too).
    this.accessPoint.grants.read(new iam.AccountPrincipal(PARTNER_ACCOUNT));
  }
}

const app = new App();
const regional = REGIONS.map((region) => new RegionalDataStack(app, `MrapData-${region}`, { env: { account: ACCOUNT, region } }));
new GlobalStack(app, 'MrapGlobal', {
  env: { account: ACCOUNT, region: 'us-east-1' },
  buckets: regional.map((stack) => stack.data.bucket),
});
// Any unacknowledged cdk-nag error stops synthesis.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
