import * as kms from 'aws-cdk-lib/aws-kms';

/** The key actions a principal needs for each kind of access to SSE-KMS objects through S3. */
export const KEY_READ_ACTIONS = ['kms:Decrypt'];
/** Writes generate data keys; multipart uploads also decrypt them to complete the upload. */
export const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:Decrypt'];

/**
 * The SSE-KMS key of one bucket behind an access point, with what a key policy or an IAM
 * statement needs to scope its use to that bucket (internal: used by the grants and the origins).
 */
export interface BucketKey {
  readonly key: kms.IKey;
  readonly bucketArn: string;
  readonly region: string;
}

/** What an access point of this library offers internally about the keys behind it. */
interface KnowsBucketKeys {
  _bucketKeys(): BucketKey[];
}

/**
 * The SSE-KMS keys of the buckets behind `accessPoint`, as far as this app knows them: none for
 * an access point implemented outside this library.
 */
export function knownBucketKeysOf(accessPoint: object): BucketKey[] {
  const known = accessPoint as Partial<KnowsBucketKeys>;
  return typeof known._bucketKeys === 'function' ? known._bucketKeys() : [];
}
