import { App, Aws, Duration, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ExistingBucket,
  ExistingBucketProps,
  ExistingBucketVersioning,
  MultiRegionBucket,
  MultiRegionBucketProps,
  RegionalBucket,
  Replication,
} from '../../../src';
import { stackIn } from '../../replication/fixtures';
import { ACCOUNT } from '../../util/stacks';
import type { Mistake } from '../mistakes';

/**
 * Mistakes made adopting an existing bucket into a MultiRegionBucket (`existingBuckets`,
 * docs/adr/0034): settings the setup cannot work with, declared as `aws s3api` prints them.
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

/** A bucket as `aws s3api` describes one that is ready to be referenced. */
const READY: ExistingBucketProps = {
  bucketName: 'acme-assets',
  region: 'us-east-1',
  versioning: ExistingBucketVersioning.ENABLED,
  encryption: s3.BucketEncryption.S3_MANAGED,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};

const imported = (props: Partial<ExistingBucketProps> = {}) => ExistingBucket.imported({ ...READY, ...props });
const referenced = (props: Partial<ExistingBucketProps> = {}) => ExistingBucket.referenced({ ...READY, ...props });

function adopt(existingBuckets: ExistingBucket[], props: Partial<MultiRegionBucketProps> = {}): () => MultiRegionBucket {
  return () => new MultiRegionBucket(new App(), 'Site', { regions: REGIONS, account: ACCOUNT, existingBuckets, ...props });
}

export const ADOPTION_MISTAKES: Mistake[] = [
  {
    name: 'existing buckets given as a token',
    property: 'existingBuckets',
    value: 'must be a literal list of ExistingBucket (each names its Region at synth time), got a token',
    build: adopt(Token.asAny(['x']) as unknown as ExistingBucket[]),
  },
  {
    name: 'an existing bucket in a Region the setup does not have',
    property: 'existingBuckets[0].region',
    value: "must be one of 'regions' (us-east-1, eu-west-1, ap-southeast-2), got us-west-2",
    build: adopt([imported({ region: 'us-west-2' })]),
  },
  {
    name: 'an existing bucket whose Region is a token',
    property: 'existingBuckets[0].region',
    value: 'got a token',
    build: adopt([imported({ region: Aws.REGION })]),
  },
  {
    name: 'two existing buckets in one Region',
    property: 'existingBuckets[1].region',
    value: 'must be a Region without another existing bucket, got us-east-1, already the Region of acme-assets',
    build: adopt([imported(), referenced({ bucketName: 'acme-assets-copy' })]),
  },
  {
    name: 'an existing bucket named by a token',
    property: 'existingBuckets[0].bucketName',
    value: 'must be a literal bucket name (the other Regions\' stacks name it at synth time), got a token',
    build: adopt([imported({ bucketName: Token.asString({ Ref: 'Name' }) })]),
  },
  {
    name: 'an existing bucket name S3 would refuse',
    property: 'existingBuckets[0].bucketName',
    value: "got 'Acme_Assets'",
    build: adopt([imported({ bucketName: 'Acme_Assets' })]),
  },
  {
    name: 'an existing bucket\'s account that is not an account ID',
    property: 'existingBuckets[0].account',
    value: "must be a 12-digit AWS account ID, got '1234'",
    build: adopt([imported({ account: '1234' })]),
  },
  {
    name: 'an existing bucket in another account than its Region\'s stack',
    property: 'existingBuckets[0].account',
    value: `must be the account of us-east-1 in this MultiRegionBucket (${ACCOUNT}), got 333333333333; set 'accounts' to { 'us-east-1': '333333333333' }`,
    build: adopt([imported({ account: '333333333333' })]),
  },
  {
    name: 'an existing bucket that another construct of the app manages',
    property: 'existingBuckets[0].bucketName',
    value: "must be a bucket no other construct of this app manages, got 'acme-assets', already the name of the bucket of Data/Bucket",
    build: () => {
      const app = new App();
      new RegionalBucket(stackIn(app, 'Data', 'us-east-1'), 'Bucket', { bucketName: 'acme-assets' });
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, existingBuckets: [imported()] });
    },
  },
  {
    name: 'an existing bucket without default encryption',
    property: 'existingBuckets[0].encryption',
    value: 'must be S3_MANAGED (AES256) or KMS (aws:kms with a customer managed key), got UNENCRYPTED',
    build: adopt([imported({ encryption: s3.BucketEncryption.UNENCRYPTED })]),
  },
  {
    name: 'an existing SSE-KMS bucket among SSE-S3 buckets',
    property: 'existingBuckets[0].encryption',
    value: "must be the 'encryption' of the other buckets (S3_MANAGED), got KMS; set 'encryption' to KMS",
    build: adopt([imported({ encryption: s3.BucketEncryption.KMS, encryptionKeyArn: KEY_ARN })]),
  },
  {
    name: 'an existing SSE-KMS bucket without its key',
    property: 'existingBuckets[0].encryptionKeyArn',
    value: "must be the ARN of the bucket's key with 'encryption' KMS (KMSMasterKeyID in what aws s3api get-bucket-encryption prints), got none",
    build: adopt([imported({ encryption: s3.BucketEncryption.KMS })], { encryption: s3.BucketEncryption.KMS }),
  },
  {
    name: 'a key for an SSE-S3 bucket',
    property: 'existingBuckets[0].encryptionKeyArn',
    value: `needs 'encryption' KMS, got ${KEY_ARN} with S3_MANAGED`,
    build: adopt([imported({ encryptionKeyArn: KEY_ARN })]),
  },
  {
    name: 'an alias ARN instead of the key ARN',
    property: 'existingBuckets[0].encryptionKeyArn',
    value: `got arn:aws:kms:us-east-1:${ACCOUNT}:alias/assets`,
    build: adopt([imported({ encryption: s3.BucketEncryption.KMS, encryptionKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/assets` })], { encryption: s3.BucketEncryption.KMS }),
  },
  {
    name: 'a key of another Region than the bucket',
    property: 'existingBuckets[0].encryptionKeyArn',
    value: "must be a key in the bucket's Region us-east-1, got a key in eu-west-1",
    build: adopt([imported({ encryption: s3.BucketEncryption.KMS, encryptionKeyArn: KEY_ARN.replace('us-east-1', 'eu-west-1') })], { encryption: s3.BucketEncryption.KMS }),
  },
  {
    name: 'an existing replication configuration the construct would overwrite',
    property: 'existingBuckets[0].hasReplicationConfiguration',
    value: "must be false: this construct puts the bucket's replication configuration and would replace the existing one, got true; remove it first (aws s3api delete-bucket-replication --bucket acme-assets)",
    build: adopt([imported({ hasReplicationConfiguration: true })]),
  },
  {
    name: 'an existing bucket with Object Lock among buckets without',
    property: 'existingBuckets[0].objectLockEnabled',
    value: "must match 'objectLockEnabled' of the other buckets (false), got true; set 'objectLockEnabled' to true",
    build: adopt([referenced({ objectLockEnabled: true })]),
  },
  {
    name: 'an existing bucket without Object Lock among buckets with it',
    property: 'existingBuckets[0].objectLockEnabled',
    value: "must match 'objectLockEnabled' of the other buckets (true), got false",
    build: adopt([imported()], { objectLockEnabled: true }),
  },
  {
    name: 'a referenced bucket without versioning',
    property: 'existingBuckets[0].versioning',
    value: 'must be ENABLED for a referenced bucket (replication and Multi-Region Access Points need versioning, and this app cannot turn it on), got Suspended',
    build: adopt([referenced({ versioning: ExistingBucketVersioning.SUSPENDED })]),
  },
  {
    name: 'a referenced bucket with ACLs on that replicates',
    property: 'existingBuckets[0].objectOwnership',
    value: 'must be BUCKET_OWNER_ENFORCED for a referenced bucket that replicates (ACLs off, so every replica is the bucket owner\'s), got ObjectWriter',
    build: adopt([referenced({ objectOwnership: s3.ObjectOwnership.OBJECT_WRITER })], { replication: Replication.oneWay() }),
  },
  {
    name: 'a lifecycle rule that expires current versions of a bucket that replicates',
    property: 'existingBuckets[0].lifecycleRules[1]',
    value: 'must not expire current versions while the bucket replicates, got expiration 90 days (rule ExpireOld): S3 does not replicate what a lifecycle rule deletes',
    build: adopt([imported({
      lifecycleRules: [{ id: 'AbortUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }, { id: 'ExpireOld', expiration: Duration.days(90) }],
    })]),
  },
  {
    name: 'asking for the RegionalBucket of a referenced bucket',
    property: 'region',
    value: 'must be a Region whose bucket this construct manages, got us-east-1, whose bucket acme-assets is referenced: it has no RegionalBucket',
    build: () => adopt([referenced()])().bucketIn('us-east-1'),
  },
].map((row) => ({ ...row, group: 'adopting an existing bucket' as const }));
