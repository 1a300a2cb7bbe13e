/**
 * active-active-site: one bucket in three Regions behind a Multi-Region Access Point (every
 * Region active, two-way replication) and a CloudFront distribution that reads it through
 * SigV4A Origin Access Control. The four cdk-nag packs check it at synth time.
 *
 *   npx cdk synth             (in this folder, after `npm ci` at the repository root)
 *   npx cdk deploy --all      (with credentials: the Regional stacks, then the global stack)
 */
import { App, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiRegionBucket, Replication } from 'cdk-multi-region-bucket';

const app = new App();

new MultiRegionBucket(app, 'ActiveActiveSite', {
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  // A placeholder account lets `cdk synth` run without credentials; `cdk deploy` uses yours.
  account: process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111',
  // Two-way replication and active-active routing are the defaults. AWS recommends Replication
  // Time Control with metrics for Multi-Region Access Points: it also turns on the alarms.
  replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
  distribution: {
    singlePageApp: true,
    comment: 'active-active-site',
  },
  tags: { project: 'active-active-site' },
});

// Any unacknowledged cdk-nag error stops synthesis.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
