import { Duration, PhysicalName, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { denyGrantsExceptForAwsServices } from '../private/kms';
import { acknowledgeLogBucket, acknowledgeNag } from '../private/nag';
import { claim, claimOf, isUnknown, validateBucketName, validateIntegerRange, validateRemovalPolicy, validateWholeDays, validationError } from '../private/validation';

/**
 * The options every Regional bucket shares: what `RegionalBucket` takes besides its own name, key
 * and log bucket, and what `MultiRegionBucket` applies to the bucket of every Region.
 */
export interface RegionalBucketOptions {
  /**
   * What happens to the bucket (and the access-log bucket this construct creates) when it is
   * removed from the stack or the stack is deleted. `MultiRegionBucket` applies it to its alarm
   * topics too.
   *
   * The KMS key this construct creates (`encryption: KMS`) is retained whatever the policy: the
   * objects it encrypted need it as long as they exist, and they outlive the key's place in the
   * template (turning SSE-KMS off keeps the bucket; a stack's deletion keeps a bucket that is not
   * empty). Schedule its deletion yourself (`aws kms schedule-key-deletion`) once no object needs it.
   *
   * @default RemovalPolicy.RETAIN - data is never deleted by a deployment
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Server-side encryption. `UNENCRYPTED` is rejected.
   *
   * S3-managed keys (SSE-S3) replicate across Regions with no key wiring. Choose `KMS` for a
   * customer managed key per Region (required by some compliance regimes); `MultiRegionBucket`
   * gives each Region's key an alias, so that replication can name the replica key in every Region.
   *
   * @default s3.BucketEncryption.S3_MANAGED
   */
  readonly encryption?: s3.BucketEncryption;

  /**
   * Whether to record S3 server access logs.
   *
   * @default true
   */
  readonly serverAccessLogs?: boolean;

  /**
   * Key prefix of the server access logs.
   *
   * @default 'access-logs/'
   */
  readonly serverAccessLogsPrefix?: string;

  /**
   * How long the access-log bucket this construct creates keeps server access logs (they hold
   * requester IP addresses). The same lifecycle rule deletes noncurrent log versions after 30
   * days and aborts incomplete multipart uploads after 7 days. Must be a whole number of days,
   * at least 1. Applies only to the log bucket this construct creates, not to
   * `serverAccessLogsBucket`.
   *
   * @default Duration.days(365)
   */
  readonly serverAccessLogsRetention?: Duration;

  /**
   * Delete noncurrent object versions this long after they become noncurrent.
   * Must be a whole number of days, at least 1.
   *
   * @default - noncurrent versions are kept forever
   */
  readonly noncurrentVersionExpiration?: Duration;

  /**
   * How many noncurrent versions to keep regardless of `noncurrentVersionExpiration` (1 to 100).
   * Requires `noncurrentVersionExpiration`.
   *
   * @default - no versions are kept beyond the expiration
   */
  readonly noncurrentVersionsToRetain?: number;

  /**
   * Enable S3 Object Lock on the bucket (write-once-read-many). Object Lock can only be turned
   * on when the bucket is created.
   *
   * @default false
   */
  readonly objectLockEnabled?: boolean;
}

/**
 * Properties of a {@link RegionalBucket}.
 */
export interface RegionalBucketProps extends RegionalBucketOptions {
  /**
   * Physical name of the bucket.
   *
   * S3's naming rules for general purpose buckets are checked at synth time (when the name is
   * not a token).
   *
   * @default - a unique name is generated; when another stack or Region references the bucket,
   * aws-cdk-lib generates it deterministically at synth time (`PhysicalName.GENERATE_IF_NEEDED`),
   * so replication, Multi-Region Access Points and CloudFront in other stacks can name it without
   * cross-Region lookups.
   */
  readonly bucketName?: string;

  /**
   * The customer managed key, when `encryption` is `KMS`. The key must live in this bucket's Region.
   *
   * @default - with `encryption: KMS`, a new key with yearly rotation is created; otherwise none
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Where server access logs go, when `serverAccessLogs` is on. The target must be in the same
   * Region and account, and use SSE-S3 (server access logging cannot write to an SSE-KMS bucket).
   *
   * @default - a dedicated, secure access-log bucket is created next to this bucket
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * A versioned S3 bucket with the secure defaults every Regional copy of a multi-Region bucket
 * needs: versioning (required by replication and Multi-Region Access Points), Block Public
 * Access, SSL-only access with TLS 1.2 or later, bucket-owner-enforced object ownership,
 * server-side encryption, server access logging and a RETAIN removal policy.
 *
 * Use it on its own in any stack, or let `MultiRegionBucket` create one per Region.
 *
 * @example
 * const bucket = new RegionalBucket(stack, 'Data', {
 *   encryption: s3.BucketEncryption.KMS,
 *   noncurrentVersionExpiration: Duration.days(90),
 * });
 */
export class RegionalBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;

  /** The customer managed key, when the bucket is encrypted with SSE-KMS and a key was given or created. */
  public readonly encryptionKey?: kms.IKey;

  /** The bucket that receives server access logs, when logging is on. */
  public readonly serverAccessLogsBucket?: s3.IBucket;

  /** The Region of the bucket (the Region of its stack; a token for an environment-agnostic stack). */
  public readonly region: string;

  constructor(scope: Construct, id: string, props: RegionalBucketProps = {}) {
    super(scope, id);
    validateProps(this, props);
    // Let log delivery write through a bucket policy scoped to this bucket (aws:SourceArn and
    // aws:SourceAccount) instead of the legacy LogDeliveryWrite ACL, which would need ACLs enabled.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const encryption = props.encryption ?? s3.BucketEncryption.S3_MANAGED;
    this.region = Stack.of(this).region;

    let encryptionKey = props.encryptionKey;
    if (encryption === s3.BucketEncryption.KMS && !encryptionKey) {
      const key = new kms.Key(this, 'Key', {
        description: `Encrypts the objects of ${this.node.path}`,
        enableKeyRotation: true,
        // Not `removalPolicy`: the objects need the key for as long as they exist (ADR 0042).
        removalPolicy: RemovalPolicy.RETAIN,
      });
      denyGrantsExceptForAwsServices(key);
      encryptionKey = key;
    }
    this.encryptionKey = encryptionKey;

    const logging = props.serverAccessLogs ?? true;
    if (logging) {
      this.serverAccessLogsBucket = props.serverAccessLogsBucket
        ?? this.createAccessLogsBucket(removalPolicy, props.serverAccessLogsRetention ?? Duration.days(365));
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName ?? PhysicalName.GENERATE_IF_NEEDED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption,
      encryptionKey,
      // With SSE-KMS, S3 Bucket Keys cut KMS requests (and cost) by up to 99%.
      bucketKeyEnabled: encryption === s3.BucketEncryption.KMS || encryption === s3.BucketEncryption.KMS_MANAGED ? true : undefined,
      serverAccessLogsBucket: this.serverAccessLogsBucket,
      serverAccessLogsPrefix: logging ? props.serverAccessLogsPrefix ?? 'access-logs/' : undefined,
      objectLockEnabled: props.objectLockEnabled,
      lifecycleRules: props.noncurrentVersionExpiration
        ? [
          {
            id: 'ExpireNoncurrentVersions',
            noncurrentVersionExpiration: props.noncurrentVersionExpiration,
            noncurrentVersionsToRetain: props.noncurrentVersionsToRetain,
            // Expired noncurrent versions leave delete markers behind; clean them up too.
            expiredObjectDeleteMarker: true,
          },
        ]
        : undefined,
      removalPolicy,
    });

    if (encryption === s3.BucketEncryption.S3_MANAGED) {
      acknowledgeNag(
        this.bucket,
        { nist80053r5: 'S3DefaultEncryptionKMS', hipaa: 'S3DefaultEncryptionKMS', pciDss321: 'S3DefaultEncryptionKMS' },
        'Encrypted with SSE-S3, the documented default of `encryption`; choose BucketEncryption.KMS for a customer managed key.',
      );
    }
  }

  private createAccessLogsBucket(removalPolicy: RemovalPolicy, retention: Duration): s3.Bucket {
    const logs = new s3.Bucket(this, 'AccessLogs', {
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Server access log delivery supports only SSE-S3 on the target bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Logs hold requester IP addresses: they expire, like the CloudFront log bucket's.
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: retention,
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy,
    });
    // Not logged itself, and no acknowledgement needed: cdk-nag sees that it is the server access
    // log target of the bucket next to it.
    acknowledgeLogBucket(logs, {
      encryption: 'S3 server access log delivery supports only SSE-S3 (AES256) on the target bucket.',
      replication: 'Access logs describe requests to one Regional bucket; each Region keeps its own, so they are not replicated.',
    });
    return logs;
  }
}

function validateProps(scope: Construct, props: RegionalBucketProps): void {
  validateBucketName(scope, 'bucketName', props.bucketName);
  validateUniqueName(scope, props.bucketName);
  validateRemovalPolicy(scope, 'removalPolicy', props.removalPolicy);
  validateEncryption(scope, props);
  validateServerAccessLogs(scope, props);
  validateLifecycle(scope, props);
}

function validateEncryption(scope: Construct, props: RegionalBucketProps): void {
  const encryption = props.encryption;
  if (encryption === s3.BucketEncryption.UNENCRYPTED) {
    throw validationError(scope, `'encryption' must not be UNENCRYPTED, got ${encryption}; use S3_MANAGED or KMS`);
  }
  if (props.encryptionKey && encryption !== s3.BucketEncryption.KMS) {
    throw validationError(scope, `'encryptionKey' needs 'encryption' to be KMS, got ${encryption ?? 'undefined (S3_MANAGED)'}`);
  }
  const keyRegion = props.encryptionKey?.env.region;
  const bucketRegion = Stack.of(scope).region;
  if (props.encryptionKey && !isUnknown(keyRegion) && !Token.isUnresolved(bucketRegion) && keyRegion !== bucketRegion) {
    throw validationError(scope, `'encryptionKey' must be in the bucket's Region ${bucketRegion}, got a key in ${keyRegion}`);
  }
}

/** S3 bucket names are global: two buckets of one app with the same name cannot both be created. */
function validateUniqueName(scope: Construct, name: string | undefined): void {
  if (isUnknown(name)) return;
  const owner = claimOf(scope, 'bucket', name);
  if (owner !== undefined) {
    throw validationError(scope, `'bucketName' must be unique (S3 bucket names are global), got '${name}', already the name of the bucket of ${owner}`);
  }
  claim(scope, 'bucket', name);
}

/**
 * What S3 server access logging cannot deliver to: a bucket in another Region or account, a bucket
 * encrypted with SSE-KMS, or a bucket with Object Lock (S3 User Guide, "Enabling Amazon S3 server
 * access logging").
 */
function validateLogTarget(scope: Construct, target: s3.IBucket): void {
  const property = 'serverAccessLogsBucket';
  const here = Stack.of(scope);
  const { region, account } = target.env;
  if (!isUnknown(region) && !Token.isUnresolved(here.region) && region !== here.region) {
    throw validationError(scope, `'${property}' must be in the bucket's Region ${here.region} (S3 delivers access logs only within a Region), got ${target.node.path} in ${region}`);
  }
  if (!isUnknown(account) && !Token.isUnresolved(here.account) && account !== here.account) {
    throw validationError(scope, `'${property}' must be in the bucket's account ${here.account}, got ${target.node.path} in ${account}`);
  }
  const cfn = target.node.defaultChild;
  const sseKms = target.encryptionKey !== undefined || (cfn instanceof s3.CfnBucket && usesKms(Stack.of(cfn).resolve(cfn.bucketEncryption)));
  if (sseKms) {
    throw validationError(scope, `'${property}' must be encrypted with SSE-S3 (server access log delivery cannot write to an SSE-KMS bucket), got ${target.node.path} with SSE-KMS`);
  }
  if (cfn instanceof s3.CfnBucket && cfn.objectLockEnabled === true) {
    throw validationError(scope, `'${property}' must not have Object Lock (S3 cannot deliver access logs to such a bucket), got ${target.node.path} with Object Lock enabled`);
  }
}

function usesKms(encryption: any): boolean {
  const rules = encryption?.ServerSideEncryptionConfiguration ?? encryption?.serverSideEncryptionConfiguration ?? [];
  return Array.isArray(rules) && rules.some((rule: any) => {
    const algorithm = (rule?.ServerSideEncryptionByDefault ?? rule?.serverSideEncryptionByDefault)?.SSEAlgorithm
      ?? (rule?.ServerSideEncryptionByDefault ?? rule?.serverSideEncryptionByDefault)?.sseAlgorithm;
    return typeof algorithm === 'string' && algorithm.startsWith('aws:kms');
  });
}

function validateServerAccessLogs(scope: Construct, props: RegionalBucketProps): void {
  if (props.serverAccessLogsBucket && props.serverAccessLogs !== false) validateLogTarget(scope, props.serverAccessLogsBucket);
  if (props.serverAccessLogs === false && props.serverAccessLogsBucket) {
    throw validationError(scope, `'serverAccessLogsBucket' is set to ${props.serverAccessLogsBucket.node.path} but 'serverAccessLogs' is false`);
  }
  if (props.serverAccessLogs === false && props.serverAccessLogsPrefix !== undefined) {
    throw validationError(scope, `'serverAccessLogsPrefix' is set to '${props.serverAccessLogsPrefix}' but 'serverAccessLogs' is false`);
  }
  const retention = props.serverAccessLogsRetention;
  if (retention === undefined) return;
  if (props.serverAccessLogs === false) {
    throw validationError(scope, `'serverAccessLogsRetention' is set to ${retention.toHumanString()} but 'serverAccessLogs' is false`);
  }
  if (props.serverAccessLogsBucket) {
    throw validationError(scope, `'serverAccessLogsRetention' applies only to the log bucket this construct creates; it cannot be combined with 'serverAccessLogsBucket', got ${retention.toHumanString()} with ${props.serverAccessLogsBucket.node.path}`);
  }
  validateWholeDays(scope, 'serverAccessLogsRetention', retention);
}

function validateLifecycle(scope: Construct, props: RegionalBucketProps): void {
  const expiration = props.noncurrentVersionExpiration;
  validateWholeDays(scope, 'noncurrentVersionExpiration', expiration);
  if (props.noncurrentVersionsToRetain !== undefined && !expiration) {
    throw validationError(scope, `'noncurrentVersionsToRetain' (${props.noncurrentVersionsToRetain}) needs 'noncurrentVersionExpiration'`);
  }
  validateIntegerRange(scope, 'noncurrentVersionsToRetain', props.noncurrentVersionsToRetain, 1, 100);
}
