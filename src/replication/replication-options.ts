import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * How a replication configuration reaches the source bucket.
 */
export enum ReplicationMethod {
  /**
   * The `ReplicationConfiguration` property of the source bucket's `AWS::S3::Bucket` resource.
   *
   * Only possible when the source is an `s3.Bucket` defined in the same stack as the replication
   * construct. Every destination must exist (and be versioned) before the source's stack is
   * deployed, so the source's stack depends on every destination's stack: one-way only.
   */
  NATIVE = 'NATIVE',

  /**
   * A custom resource that calls `PutBucketReplication` (on create and update) and
   * `DeleteBucketReplication` (on delete) in the source bucket's Region, after the source and
   * every destination exist.
   *
   * Works for any `s3.IBucket` in any stack and Region: the replication construct's stack depends
   * on the stacks of the source and of every destination. The bucket's own CloudFormation resource
   * carries no replication configuration, so CloudFormation never overwrites it.
   */
  POST_CREATION = 'POST_CREATION',
}

/**
 * One bucket that receives replicas.
 */
export interface ReplicationDestination {
  /**
   * The destination bucket. It must be versioned and differ from the source.
   *
   * It may belong to another account: its account is `bucket.env.account` (the account of the
   * stack of an `s3.Bucket`, or `s3.Bucket.fromBucketAttributes(..., { account })` for an imported
   * one). The rule then names that account (`Account`), and the destination must let exactly the
   * replication role replicate: an `s3.Bucket` of this app gets the statements in its bucket
   * policy, in its own stack; for an imported bucket, a synth-time warning prints them and
   * `BucketReplication.destinationBucketPolicy()` returns them. See
   * `docs/adr/0022-cross-account-replication.md`.
   *
   * Give an imported bucket its Region (`s3.Bucket.fromBucketAttributes(..., { region })`);
   * otherwise it is taken to be in the Region of the stack that imported it.
   */
  readonly bucket: s3.IBucket;

  /**
   * Whether the replicas are owned by the destination bucket's account (S3's owner override:
   * `AccessControlTranslation` with owner `Destination`), as `s3.ReplicationRule.accessControlTransition`.
   * The replication role then gets `s3:ObjectOwnerOverrideToBucketOwner` on the destination's
   * objects, and the destination bucket policy allows it.
   *
   * Only for a destination in another account: S3 does not check the accounts, and an owner
   * override between buckets of one account stops the replication of ACL changes, so it is
   * refused for a destination in the source's account. A destination with the bucket owner
   * enforced setting for Object Ownership owns its replicas either way.
   *
   * @default - true for a destination in another account, false otherwise
   */
  readonly accessControlTransition?: boolean;

  /**
   * The storage class of the replicas.
   *
   * One of STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER,
   * DEEP_ARCHIVE or GLACIER_IR (for example `s3.StorageClass.INFREQUENT_ACCESS` or
   * `new s3.StorageClass('STANDARD')`).
   *
   * @default - replicas keep the storage class of the source object
   */
  readonly storageClass?: s3.StorageClass;

  /**
   * The KMS key that encrypts the replicas of SSE-KMS objects. It must live in the destination
   * bucket's Region.
   *
   * The key must be referenceable from the stack that writes the configuration: a key in that
   * stack, a key imported by ARN, or an alias (`key.addAlias(...)`, whose ARN is known in every
   * Region). A key created in a stack of another Region is rejected with an explanation, because
   * its ARN could only be shared through SSM parameters.
   *
   * The same name as `s3.ReplicationRule.kmsKey`.
   *
   * @default - the destination bucket's `encryptionKey`, when it has one
   */
  readonly kmsKey?: kms.IKey;
}

/**
 * Which objects one replication rule copies. Each rule applies to every destination.
 */
export interface ReplicationRuleOptions {
  /**
   * The rule's name. The rule written for each destination is named `<id>-to-<destination bucket name>`.
   *
   * @default - `rule<N>`, N being the rule's position in the list, from 1
   */
  readonly id?: string;

  /**
   * Which objects the rule replicates: those whose key starts with `prefix` (at most 1,024
   * characters) and that carry all of `tags`. aws-s3's `s3.Filter`, as in `s3.ReplicationRule`.
   *
   * S3 does not replicate delete markers for rules with tag filters, so `deleteMarkerReplication`
   * must not be true for such a rule.
   *
   * @default - every object of the bucket
   */
  readonly filter?: s3.Filter;

  /**
   * Precedence of this rule over the other rules of the same construct when several match an
   * object: the higher number wins. A non-negative integer, unique among the rules; set it on
   * every rule or on none.
   *
   * S3 needs a distinct priority on every rule of a configuration, and this construct writes one
   * rule per destination, so the rule for the destination at index `d` of `n` destinations is
   * written with priority `priority * n + d`. The order between your rules is kept for every
   * destination.
   *
   * @default - rules earlier in the list take precedence
   */
  readonly priority?: number;

  /**
   * Whether this rule replicates delete markers (a `DELETE` without a version ID).
   *
   * @default - the construct's `deleteMarkerReplication`; false for a rule with tag filters
   */
  readonly deleteMarkerReplication?: boolean;

  /**
   * Whether the rule is enabled. A disabled rule stays in the configuration but copies nothing.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options shared by every rule of a replication configuration (one-way and two-way).
 */
export interface ReplicationOptions {
  /**
   * Which objects to replicate. Each rule applies to every destination.
   *
   * @default - one rule that replicates the whole bucket
   */
  readonly rules?: ReplicationRuleOptions[];

  /**
   * Whether delete markers are replicated, so that a deletion through the source (a `DELETE`
   * without a version ID) also hides the object in the destinations. Deletions of a specific
   * version are never replicated, by S3's design.
   *
   * Rules with tag filters never replicate delete markers (S3 does not support it).
   *
   * @default true
   */
  readonly deleteMarkerReplication?: boolean;

  /**
   * Turns on S3 Replication Time Control with this time, as in `s3.ReplicationRule`:
   * `s3.ReplicationTimeValue.FIFTEEN_MINUTES` (the only time S3 offers).
   *
   * S3 then replicates 99.99% of new objects within 15 minutes and reports replication metrics.
   * Billed per GB replicated. Needs replication metrics, which are then on by default.
   *
   * @default - no Replication Time Control
   */
  readonly replicationTimeControl?: s3.ReplicationTimeValue;

  /**
   * Turns on replication metrics (bytes and operations pending, replication latency, published
   * to CloudWatch for each rule), as in `s3.ReplicationRule`. With Replication Time Control, the
   * value is also the time after which S3 sends an `s3:Replication:OperationMissedThreshold` event
   * for an object not yet replicated (S3 accepts only 15 minutes); without it, the time is
   * not used.
   *
   * @default - with `replicationTimeControl`, the same value (`FIFTEEN_MINUTES`); otherwise no metrics
   */
  readonly metrics?: s3.ReplicationTimeValue;
}
