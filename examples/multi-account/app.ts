/**
 * multi-account: one bucket in three Regions and three accounts. The workload runs in us-east-1
 * (account A, which also holds the access point and CloudFront) and eu-west-1 (account B); a backup
 * account C keeps a third copy in us-west-2, out of reach of the workload accounts' credentials.
 * Two-way replication with Replication Time Control across the accounts, SSE-KMS with a key per
 * Region, a Multi-Region Access Point that routes to the two workload Regions (the backup Region is
 * passive: fail over to it by making it active), and a CloudFront distribution in front.
 *
 *   npx cdk synth             (in this folder, after `npm ci` at the repository root)
 *   npx cdk deploy --all      (with credentials of account A, each account bootstrapped with
 *                              `cdk bootstrap --trust <account A>`: see the README, "Buckets in several accounts")
 */
import { App, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiRegionBucket, Replication, Routing } from 'cdk-multi-region-bucket';

// Placeholders let `cdk synth` run without credentials; put your account IDs here. They must be
// literal IDs: each account's stacks name the other accounts' buckets, roles and keys at synth time.
const WORKLOAD_A = '111111111111';
const WORKLOAD_B = '222222222222';
const BACKUP = '333333333333';

const app = new App();

new MultiRegionBucket(app, 'Records', {
  regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
  // The default account: the global stack and every Region not listed in `accounts`.
  account: WORKLOAD_A,
  accounts: { 'eu-west-1': WORKLOAD_B, 'us-west-2': BACKUP },
  // Every bucket replicates to every other one, across the accounts: a write in either workload
  // Region reaches the backup, and after a failover to the backup its writes flow back.
  replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
  routing: Routing.activePassive({ activeRegions: ['us-east-1', 'eu-west-1'] }),
  encryption: s3.BucketEncryption.KMS,
  distribution: { comment: 'multi-account' },
  tags: { project: 'multi-account' },
});

// Any unacknowledged cdk-nag error stops synthesis.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
