import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The versioning status of an existing bucket, as `aws s3api get-bucket-versioning --bucket <name>`
 * prints it (`"Status": "Enabled"`, `"Status": "Suspended"`, or nothing for a bucket whose
 * versioning was never turned on).
 */
export enum ExistingBucketVersioning {
  /** `"Status": "Enabled"`. */
  ENABLED = 'Enabled',

  /** `"Status": "Suspended"`: versioning was on, then suspended. */
  SUSPENDED = 'Suspended',

  /** No `Status` at all: versioning was never turned on. */
  NEVER_ENABLED = 'NeverEnabled',
}

/**
 * How a {@link MultiRegionBucket} takes an existing bucket: the value of {@link ExistingBucket.adoption}.
 */
export enum BucketAdoption {
  /**
   * Imported into the Regional stack with `cdk import` (CloudFormation resource import): the app
   * manages the bucket from then on, and applies its secure defaults in the following deploy.
   */
  IMPORTED = 'IMPORTED',

  /** Referenced by name: the bucket stays outside the app, which adds only what it can beside it. */
  REFERENCED = 'REFERENCED',
}

/**
 * An existing bucket and what you declare about it: the settings the library cannot read at synth
 * time. Run the commands of the README ("Start from a bucket you already have") to read each one.
 */
export interface ExistingBucketProps {
  /** The name of the bucket. */
  readonly bucketName: string;

  /** The Region of the bucket: one of the `regions` of the `MultiRegionBucket`. */
  readonly region: string;

  /**
   * The account that owns the bucket (`aws s3api list-buckets --query Owner` with that account's
   * credentials prints its canonical id; the 12-digit id is the account of those credentials).
   *
   * @default - the account of the bucket's Region in the `MultiRegionBucket` (`accounts`, or `account`)
   */
  readonly account?: string;

  /** The versioning status: `aws s3api get-bucket-versioning --bucket <name>`. */
  readonly versioning: ExistingBucketVersioning;

  /**
   * The default encryption: `aws s3api get-bucket-encryption --bucket <name>` (`AES256` is
   * S3_MANAGED, `aws:kms` is KMS). `aws:kms:dsse` and buckets without default encryption are
   * refused.
   */
  readonly encryption: s3.BucketEncryption;

  /**
   * With `encryption` KMS, the ARN of the key (`KMSMasterKeyID` in what
   * `aws s3api get-bucket-encryption` prints; an alias ARN is not enough: give the key's ARN,
   * `aws kms describe-key --key-id <alias> --query KeyMetadata.Arn`). The app does not own this
   * key: `cdk synth` prints the statements its owner must add to its key policy.
   *
   * @default - none; required with `encryption` KMS
   */
  readonly encryptionKeyArn?: string;

  /**
   * Whether S3 Bucket Keys are on (`BucketKeyEnabled` in what `aws s3api get-bucket-encryption` prints).
   *
   * @default false
   */
  readonly bucketKeyEnabled?: boolean;

  /**
   * The object ownership setting: `aws s3api get-bucket-ownership-controls --bucket <name>`
   * (`BucketOwnerEnforced`, `BucketOwnerPreferred` or `ObjectWriter`; a bucket without ownership
   * controls is `ObjectWriter`).
   */
  readonly objectOwnership: s3.ObjectOwnership;

  /**
   * Whether Object Lock is on: `aws s3api get-object-lock-configuration --bucket <name>` prints
   * `"ObjectLockEnabled": "Enabled"` (an error `ObjectLockConfigurationNotFoundError` means no).
   *
   * @default false
   */
  readonly objectLockEnabled?: boolean;

  /**
   * Whether the bucket has a replication configuration: `aws s3api get-bucket-replication --bucket <name>`
   * prints one (an error `ReplicationConfigurationNotFoundError` means no). The construct would
   * replace it, so such a bucket is refused: remove the configuration (or move it elsewhere) first.
   *
   * @default false
   */
  readonly hasReplicationConfiguration?: boolean;

  /**
   * The lifecycle rules of the bucket, as `s3.LifecycleRule`s: `aws s3api get-bucket-lifecycle-configuration --bucket <name>`.
   * An imported bucket keeps them; rules that conflict with replication are refused.
   *
   * @default - no lifecycle rules
   */
  readonly lifecycleRules?: s3.LifecycleRule[];
}

/**
 * Options of {@link ExistingBucket.imported}: the bucket's declared settings, and which step of
 * the import this synthesis is for.
 */
export interface ImportedBucketProps extends ExistingBucketProps {
  /**
   * Whether this synthesis is for the `cdk import` step: the bucket's Regional stack then holds only
   * the bucket, exactly as declared, with `DeletionPolicy` and `UpdateReplacePolicy` `Retain`, so
   * that the import changes nothing else. Set it for `cdk import`, then remove it and deploy: that
   * deploy applies the secure defaults, and `cdk synth` lists each change it makes to the bucket.
   *
   * @default false - the bucket is already imported: the full setup
   */
  readonly importing?: boolean;
}

/**
 * A bucket you already have, for one Region of a {@link MultiRegionBucket} (`existingBuckets`):
 * imported into the app with `cdk import`, or referenced by name.
 *
 * @example
 * const existing = ExistingBucket.imported({
 *   bucketName: 'acme-assets',
 *   region: 'us-east-1',
 *   versioning: ExistingBucketVersioning.NEVER_ENABLED,
 *   encryption: s3.BucketEncryption.S3_MANAGED,
 *   objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
 *   importing: true,
 * });
 */
export class ExistingBucket {
  /**
   * A bucket to import into its Regional stack with `cdk import`: from then on the app manages it
   * (keeping its name, its data and its lifecycle rules) and applies the secure defaults in the
   * deploy after the import.
   */
  public static imported(props: ImportedBucketProps): ExistingBucket {
    return new ExistingBucket(BucketAdoption.IMPORTED, props, props.importing ?? false);
  }

  /**
   * A bucket the app refers to by name and never manages: the construct adds what it can beside it
   * and prints the statements to add to the policies it cannot change. Its versioning must be on,
   * its ACLs off (`BucketOwnerEnforced`), and it must have no replication configuration.
   */
  public static referenced(props: ExistingBucketProps): ExistingBucket {
    return new ExistingBucket(BucketAdoption.REFERENCED, props, false);
  }

  /** How the bucket is adopted. */
  public readonly adoption: BucketAdoption;

  /** The name of the bucket. */
  public readonly bucketName: string;

  /** The Region of the bucket. */
  public readonly region: string;

  /** Whether this synthesis is for the `cdk import` step (imported buckets only). */
  public readonly importing: boolean;

  /** @internal */
  public readonly _props: ExistingBucketProps;

  private constructor(adoption: BucketAdoption, props: ExistingBucketProps, importing: boolean) {
    this.adoption = adoption;
    this.bucketName = props.bucketName;
    this.region = props.region;
    this.importing = importing;
    this._props = props;
  }
}
