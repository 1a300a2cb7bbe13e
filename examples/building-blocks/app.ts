/**
 * building-blocks: the library's L2s inside your own stacks, over buckets that already exist
 * (created elsewhere, imported here by name and Region):
 * - ReplicationMesh keeps them in sync (two-way);
 * - MultiRegionAccessPoint puts one global endpoint over them, active-passive;
 * - SecureDistribution with MultiRegionAccessPointOrigin serves them through CloudFront.
 * The buckets' policies are not this app's to change, so the app outputs the delegation
 * statement for their owners to add (a synth warning says the same).
 *
 *   npx cdk synth             (in this folder, after `npm ci` at the repository root)
 */
import { Annotations, App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import {
  MultiRegionAccessPoint,
  MultiRegionAccessPointOrigin,
  ReplicationMesh,
  Routing,
  SecureDistribution,
} from 'cdk-multi-region-bucket';

const ACCOUNT = process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111';
// Buckets that already exist, versioned, one per Region.
const EXISTING = [
  { bucketName: 'acme-media-us-east-1', region: 'us-east-1' },
  { bucketName: 'acme-media-eu-west-1', region: 'eu-west-1' },
];

const app = new App();
// Your own stack, in us-east-1 (CloudFront's Region).
const edge = new Stack(app, 'AcmeMediaEdge', { env: { account: ACCOUNT, region: 'us-east-1' } });
const buckets = EXISTING.map((attrs) => s3.Bucket.fromBucketAttributes(edge, `Existing-${attrs.region}`, attrs));

new ReplicationMesh(edge, 'Replication', { buckets, replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES });

const accessPoint = new MultiRegionAccessPoint(edge, 'AccessPoint', {
  multiRegionAccessPointName: 'acme-media',
  buckets,
  routing: Routing.activePassive({ activeRegions: ['us-east-1'] }),
});

const cdn = new SecureDistribution(edge, 'Cdn', {
  origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint),
});

for (const bucket of buckets) {
  const statement = MultiRegionAccessPoint.bucketDelegationStatement(bucket, ACCOUNT);
  new CfnOutput(edge, `DelegationStatement${bucket.env.region.replace(/-/g, '')}`, {
    description: `Add to the policy of ${bucket.bucketName}: delegates access control to this account's access points`,
    value: JSON.stringify(edge.resolve(statement.toStatementJson())),
  });
}
new CfnOutput(edge, 'DistributionDomainName', { value: cdn.domainName });
// The access point cannot change the policies of buckets it did not create, and warns; the
// outputs above give their owners the statement to add, so the warning is acknowledged.
Annotations.of(accessPoint).acknowledgeWarning('cdk-multi-region-bucket:bucketDelegationNotAdded',
  'the bucket owners add the DelegationStatement outputs to the existing buckets\' policies');

Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
