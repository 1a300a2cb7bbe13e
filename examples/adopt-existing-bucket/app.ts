/**
 * adopt-existing-bucket: a production bucket you already have in us-east-1 (acme-assets, full of
 * objects, its name in your applications) becomes one of three Regional copies behind a
 * Multi-Region Access Point. It is imported into its Regional stack with `cdk import`, keeping its
 * name, its data and its lifecycle rules; the deploy after the import applies the secure defaults
 * to it and adds two new Regions, which S3 Batch Replication fills with the existing objects while
 * the access point keeps them passive.
 *
 *   npx cdk import Assets/us-east-1 -c importing=true     (step 1: the bucket alone, as it is)
 *   npx cdk deploy --all                                  (step 2: the defaults, two new Regions, backfill)
 *
 * See the README, "Start from a bucket you already have", for what each step changes and how to
 * activate the new Regions once the backfill jobs are complete.
 */
import { Annotations, App, Duration, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Backfill, ExistingBucket, ExistingBucketVersioning, MultiRegionBucket } from 'cdk-multi-region-bucket';

// A placeholder lets `cdk synth` run without credentials; put your account ID here.
const ACCOUNT = '111111111111';

const app = new App();

// Step 1 (`cdk import ... -c importing=true`) renders the bucket alone; step 2 the whole setup.
const importing = app.node.tryGetContext('importing') === 'true';

const assets = new MultiRegionBucket(app, 'Assets', {
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  account: ACCOUNT,
  // The new buckets are named after the existing one: acme-assets-eu-west-1, acme-assets-ap-southeast-2.
  bucketNameBase: 'acme-assets',
  existingBuckets: [
    // What `aws s3api get-bucket-versioning`, `get-bucket-encryption`, `get-bucket-ownership-controls`,
    // `get-object-lock-configuration`, `get-bucket-replication` and `get-bucket-lifecycle-configuration`
    // print for the bucket (see the README).
    ExistingBucket.imported({
      bucketName: 'acme-assets',
      region: 'us-east-1',
      versioning: ExistingBucketVersioning.NEVER_ENABLED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      importing,
    }),
  ],
  // The new Regions receive the existing objects (one S3 Batch Replication job from acme-assets)
  // and take no traffic until you activate them.
  backfill: Backfill.existingObjects({ regions: ['eu-west-1', 'ap-southeast-2'] }),
  tags: { project: 'adopt-existing-bucket' },
});

// The changes step 2 makes to acme-assets, which `cdk synth` lists: read before step 2, then acknowledged.
Annotations.of(assets).acknowledgeWarning('cdk-multi-region-bucket:adoptedBucketChanges',
  'Read before the deploy after cdk import: versioning, Block Public Access, TLS-only policy, BucketOwnerEnforced, access logs and replication are what we want');

// Any unacknowledged cdk-nag error stops synthesis.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app),
  new NIST80053R5Checks(app),
  new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app),
);
app.synth();
