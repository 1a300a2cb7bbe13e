import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { Backfill } from './backfill';
import { createBackfillJob } from './private/backfill-job';
import { ReplicationMetricOptions } from './replication-metric-options';
import { ReplicationDestination, ReplicationMethod, ReplicationOptions } from './replication-options';
import { accountRelation } from '../private/account-relation';
import { bucketArnOf, bucketNameOf, cfnBucketOf, deployAfter, describeBucket, regionOf, requireObjectLockLike, requireOneBucketPerRegion, requireVersioning, sameBucket } from '../private/buckets';
import { keyArnOf, keyStatement, validateKey } from '../private/keys';
import { metricOptionsProblem, replicationMetric, ReplicationMetricName } from '../private/metrics';
import { acknowledgeGeneratedWildcards } from '../private/nag-wildcards';
import { destinationBucketStatements, destinationKeyStatement, REPLICA_KEY_ACTIONS, grantOnBucket, grantOnKey, literalRoleArn, requireKnownAccount, roleArnPrefix } from './private/cross-account';
import { MAX_MANAGED_POLICIES_PER_ROLE, packStatements } from './private/policy-size';
import { replicationRoleName } from './private/role-name';
import { acknowledgeNag } from '../private/nag';
import { buildRules, destinationRuleId, givenRuleIds, renderApiConfiguration, renderCfnConfiguration, RuleDestination, ruleSettings, validateStorageClass } from '../private/replication-rules';
import { acknowledgeProviderFindings, sdkCallProvider } from '../private/sdk-call-provider';
import { guardTemplateLimits } from '../private/template-limits';
import { claim, claimOf, validateSameStage, validationError } from '../private/validation';

/**
 * Properties of a {@link BucketReplication}.
 */
export interface BucketReplicationProps extends ReplicationOptions {
  /**
   * The bucket whose objects are replicated. It must be versioned.
   *
   * Give an imported bucket its Region (`s3.Bucket.fromBucketAttributes(..., { region })`);
   * otherwise it is taken to be in the Region of the stack that imported it.
   */
  readonly source: s3.IBucket;

  /**
   * The buckets that receive the replicas: at least one, each versioned, in any Region and any
   * account. A destination in another account gets `Account` on its rules, the owner override
   * by default (`accessControlTransition`), and a bucket policy (and, with SSE-KMS, a key policy
   * statement) that lets exactly this replication role replicate into it.
   */
  readonly destinations: ReplicationDestination[];

  /**
   * The KMS key of the source's SSE-KMS objects, which the replication role may decrypt (only
   * through S3, only for this bucket). It must live in the source's Region.
   *
   * @default - the source bucket's `encryptionKey`, when it has one
   */
  readonly sourceEncryptionKey?: kms.IKey;

  /**
   * Whether objects encrypted with SSE-KMS are replicated (S3 skips them unless you opt in). Needs
   * the source key and, for every destination, a replica key in its Region.
   *
   * @default - true when a source key is known (`sourceEncryptionKey` or the source's `encryptionKey`)
   */
  readonly sseKmsEncryptedObjects?: boolean;

  /**
   * Whether the source bucket uses S3 Object Lock. Replicating locked objects needs
   * `s3:GetObjectRetention` and `s3:GetObjectLegalHold` on the source objects, which the role then
   * gets (S3 User Guide, "Replicating objects that use Object Lock"); the destinations need Object
   * Lock too. Set it for an imported source bucket with Object Lock.
   *
   * @default - true when the source is an `s3.Bucket` of this app created with `objectLockEnabled`
   */
  readonly sourceObjectLockEnabled?: boolean;

  /**
   * Whether changes to the metadata of replicas (tags, ACLs, Object Lock settings) are replicated
   * back to this source. Meaningful when a destination also replicates to this bucket (two-way).
   *
   * @default false
   */
  readonly replicaModifications?: boolean;

  /**
   * The role S3 assumes to replicate. It must trust `s3.amazonaws.com` and belong to the source
   * bucket's account. With a destination in another account, its ARN must be known at synth time
   * (a role imported by ARN, or one with a `roleName`): the destination's policies name it.
   *
   * The construct adds the permissions replication needs to the role's policy; an imported role
   * with `mutable: false` is left as it is, and must already allow them.
   *
   * @default - a least-privilege role named like the S3 console names it,
   * `replication_role_for_<source>_to_<destination>` (shortened with a hash beyond IAM's 64
   * characters; derived from the construct path when a bucket name is only known at deploy time).
   * The name is computed at synth time, so another account's policies can name it.
   */
  readonly role?: iam.IRole;

  /**
   * How the configuration is applied to the source bucket.
   *
   * @default - `NATIVE` when the source is an `s3.Bucket` in this construct's stack, otherwise `POST_CREATION`
   */
  readonly method?: ReplicationMethod;

  /**
   * Require the source and every destination to be in distinct, known Regions (what a
   * Multi-Region Access Point needs).
   *
   * @default false
   */
  readonly oneBucketPerRegion?: boolean;

  /**
   * Copy the objects already in the source into new destinations (S3 Batch Replication), for
   * example `Backfill.existingObjects({ regions: ['ap-southeast-2'] })` in the deploy that adds the
   * bucket of ap-southeast-2. One job, created once after the configuration names them; its ID and
   * the command that shows its status are outputs of this construct's stack.
   *
   * @default - no backfill: only objects written after the configuration exists are replicated
   */
  readonly backfill?: Backfill;
}

/** Whether the source uses Object Lock: as given, or as its CloudFormation resource says. */
function objectLockOf(props: BucketReplicationProps): boolean {
  if (props.sourceObjectLockEnabled !== undefined) return props.sourceObjectLockEnabled;
  const enabled = cfnBucketOf(props.source)?.objectLockEnabled;
  return enabled === true || (enabled !== undefined && Token.isUnresolved(enabled));
}

/** Beyond this many characters of prefixes per bucket, the role names whole buckets instead. */
const MAX_LISTED_PREFIX_CHARS = 500;

/**
 * Which BucketReplication configures each source bucket object. A module-level WeakMap (an
 * imported bucket whose name is a token can only be recognized as the same object), so that no
 * state is stamped on the user's bucket; sources with a known name are also claimed by name in
 * the app (`claim`), which catches two imports of one bucket.
 */
const CONFIGURED_BY = new WeakMap<s3.IBucket, string>();

/**
 * S3 replication from one bucket to one or more destination buckets, in any Region: a
 * least-privilege IAM role and the replication rules, applied natively or after both ends exist.
 *
 * S3 keeps one replication configuration per bucket, so all the destinations of a source belong
 * in one `BucketReplication`. For two-way replication between buckets of different stacks, use
 * {@link ReplicationMesh}.
 *
 * @example
 * declare const primary: s3.IBucket;
 * declare const replica: s3.IBucket;
 *
 * new BucketReplication(stack, 'Replication', {
 *   source: primary,
 *   destinations: [{ bucket: replica, storageClass: s3.StorageClass.INFREQUENT_ACCESS }],
 *   rules: [{ filter: { prefix: 'invoices/' } }],
 *   replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
 * });
 */
export class BucketReplication extends Construct {
  /** The bucket whose objects are replicated. */
  public readonly source: s3.IBucket;

  /** The role S3 assumes to replicate (created, or the one given). */
  public readonly role: iam.IRole;

  /** How the configuration is applied. */
  public readonly method: ReplicationMethod;

  /**
   * The customer managed policies with the replication permissions, attached to the role this
   * construct created (usually one; more when the permissions exceed IAM's size for one policy).
   * Empty when a role was given: the permissions then go to that role's own policy.
   */
  public readonly policies: iam.ManagedPolicy[] = [];

  /** The custom resource that applies the configuration with `POST_CREATION`; undefined with `NATIVE`. */
  public readonly customResource?: cr.AwsCustomResource;

  /**
   * The ID of the S3 Batch Replication job that copies the existing objects, with `backfill` (a
   * deploy-time value; undefined without `backfill`).
   */
  public readonly backfillJobId?: string;

  /** The role S3 Batch Operations assumes to run the backfill job, with `backfill`. */
  public readonly backfillRole?: iam.IRole;

  /**
   * With `backfill` and a source bucket of this app, an alarm in the source's Region (and stack)
   * that fires when an S3 Batch Operations job there fails. Add an alarm action to be notified.
   */
  public readonly backfillFailureAlarm?: cloudwatch.IAlarm;

  /** The destination buckets, in the order given. */
  private readonly destinationBuckets: s3.IBucket[];

  /** What each destination in another account must allow, in the order of `destinations` (undefined for the same account). */
  private readonly crossAccountStatements: Array<{ bucket: iam.PolicyStatement[]; key: iam.PolicyStatement[] } | undefined>;

  /** The IDs of the rules as given (`rule<N>` when not), which name the rule of each destination. */
  private readonly ruleIds: string[];

  /** Whether the rules turn on replication metrics (with `metrics` or `replicationTimeControl`). */
  private readonly metricsEnabled: boolean;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.source = props.source;

    this.method = chooseMethod(this, props);
    const crossAccount = validateBuckets(this, props);
    checkNotConfigured(this, props.source);
    const ownerOverrides = props.destinations.map((destination, i) => ownerOverrideOf(this, i, destination, crossAccount[i]));

    // Keys: the source key and, when SSE-KMS objects are replicated, one replica key per destination.
    const sourceRegion = regionOf(props.source);
    const sourceKey = props.sourceEncryptionKey ?? props.source.encryptionKey;
    const sseKms = props.sseKmsEncryptedObjects ?? sourceKey !== undefined;
    if (sseKms && !sourceKey) {
      throw validationError(this, "'sourceEncryptionKey' is required when 'sseKmsEncryptedObjects' is true (the role must decrypt the source objects), got none and the source has no encryptionKey");
    }
    if (!sseKms && props.sourceEncryptionKey) {
      throw validationError(this, `'sourceEncryptionKey' is set to ${props.sourceEncryptionKey.node.path} but 'sseKmsEncryptedObjects' is false; SSE-KMS objects would not be replicated`);
    }
    const replicaKeys = props.destinations.map((destination, i) => {
      if (!sseKms) {
        if (destination.kmsKey) {
          throw validationError(this, `'destinations[${i}].kmsKey' is set to ${destination.kmsKey.node.path} but 'sseKmsEncryptedObjects' is false; replicas keep the encryption of their source`);
        }
        return undefined;
      }
      const key = destination.kmsKey ?? destination.bucket.encryptionKey;
      if (!key) {
        throw validationError(
          this,
          `'destinations[${i}].kmsKey' is required to replicate SSE-KMS objects (S3 encrypts each replica with a key in the destination's Region), got none and ${describeBucket(destination.bucket)} has no encryptionKey`,
        );
      }
      validateKey(this, `destinations[${i}].kmsKey`, key, regionOf(destination.bucket), stack);
      return key;
    });
    if (sseKms && sourceKey) {
      validateKey(this, 'sourceEncryptionKey', sourceKey, sourceRegion, stack);
    }

    // Rules: one per (rule, destination) pair.
    const settings = ruleSettings(this, props, { replicaModifications: props.replicaModifications ?? false, sseKmsEncryptedObjects: sseKms });
    const ruleDestinations: RuleDestination[] = props.destinations.map((destination, i) => {
      validateStorageClass(this, `destinations[${i}].storageClass`, destination.storageClass);
      return {
        bucketName: bucketNameOf(destination.bucket),
        bucketArn: bucketArnOf(destination.bucket),
        storageClass: destination.storageClass?.value,
        replicaKmsKeyArn: replicaKeys[i] && keyArnOf(replicaKeys[i]),
        account: crossAccount[i] ? destination.bucket.env.account : undefined,
        ownerOverride: ownerOverrides[i],
      };
    });
    const rules = buildRules(this, props.rules, ruleDestinations, settings);
    this.destinationBuckets = props.destinations.map((d) => d.bucket);
    this.ruleIds = givenRuleIds(props.rules ?? [{}]);
    this.metricsEnabled = settings.metrics;

    // Permissions, scoped to the prefixes when every rule has one (and they are few enough to list).
    const objectPatterns = objectPatternsOf(props);
    const statements = [
      new iam.PolicyStatement({
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [bucketArnOf(props.source)],
      }),
      new iam.PolicyStatement({
        actions: [
          's3:GetObjectVersionAcl',
          's3:GetObjectVersionForReplication',
          's3:GetObjectVersionTagging',
          // Locked objects replicate with their retention and legal hold, which S3 reads as the role.
          ...(objectLockOf(props) ? ['s3:GetObjectLegalHold', 's3:GetObjectRetention'] : []),
        ],
        resources: objectPatterns.map((pattern) => `${bucketArnOf(props.source)}/${pattern}`),
      }),
      // One statement per destination, so that a large configuration can spread over several policies.
      ...props.destinations.map((d, i) => new iam.PolicyStatement({
        actions: [
          's3:ReplicateDelete',
          's3:ReplicateObject',
          's3:ReplicateTags',
          // Replicas owned by the destination's account (owner override) need this on the destination objects.
          ...(ownerOverrides[i] ? ['s3:ObjectOwnerOverrideToBucketOwner'] : []),
        ],
        resources: objectPatterns.map((pattern) => `${bucketArnOf(d.bucket)}/${pattern}`),
      })),
    ];
    if (sseKms && sourceKey) {
      statements.push(keyStatement('kms:Decrypt', sourceKey, bucketArnOf(props.source), sourceRegion));
      // Replica keys: kms:Encrypt for the replicas, and kms:Decrypt because S3 verifies the
      // destination's S3 Bucket Key with it ("To use replication with an S3 Bucket Key, the AWS KMS
      // key policy for the KMS key that's used to encrypt the object replica must include the
      // kms:Decrypt permission for the calling principal."); both only through S3 in the
      // destination's Region and in that bucket's encryption context (docs/adr, replica key decrypt).
      props.destinations.forEach((destination, i) => {
        statements.push(keyStatement(REPLICA_KEY_ACTIONS, replicaKeys[i]!, bucketArnOf(destination.bucket), regionOf(destination.bucket)));
      });
    }

    let permissions: IConstruct[];
    if (props.role) {
      this.role = props.role;
      permissions = statements
        .map((statement) => this.role.addToPrincipalPolicy(statement).policyDependable)
        .filter((dependable): dependable is IConstruct => dependable !== undefined && Construct.isConstruct(dependable));
    } else {
      // Customer managed policies (not inline), each within IAM's 6,144 characters: a mesh of many
      // Regions with SSE-KMS needs more than one.
      const groups = packStatements(statements);
      if (groups.length > MAX_MANAGED_POLICIES_PER_ROLE) {
        throw validationError(this, `'rules' and 'destinations' need ${groups.length} managed policies for the replication role, more than the ${MAX_MANAGED_POLICIES_PER_ROLE} IAM attaches to a role, got ${(props.rules ?? [{}]).length} rules x ${props.destinations.length} destinations; use fewer prefixes or destinations`);
      }
      this.policies = groups.map((group, i) => {
        const policy = new iam.ManagedPolicy(this, i === 0 ? 'Policy' : `Policy${i + 1}`, {
          description: `Lets S3 replicate the objects of ${props.source.node.path} as configured by ${this.node.path}`,
          // Merged where they differ only in resources: at 17 Regions this keeps the template within 1 MB.
          document: new iam.PolicyDocument({ statements: group, minimize: true }),
        });
        acknowledgeGeneratedWildcards(
          policy,
          'Replication reads and writes object versions by key, so object permissions name `<bucket ARN>/*` (or `<bucket ARN>/<prefix>*` when every rule has a prefix) of exactly the source and destination buckets; a key given as an alias is `key/*` narrowed by kms:ResourceAliases, kms:ViaService and the encryption context.',
        );
        return policy;
      });
      const role: iam.Role = new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
        roleName: Lazy.string({
          produce: (): string => replicationRoleName(role, props.source, props.destinations.map((d) => d.bucket)),
        }),
        description: `Assumed by S3 to replicate ${props.source.node.path} (${this.node.path})`,
      });
      this.role = role;
      if (this.method === ReplicationMethod.NATIVE) {
        // The policies name the source bucket, which names the role: the policies attach themselves to
        // the role after the bucket exists (as aws-cdk-lib's own replication does), or the three would cycle.
        this.policies.forEach((policy) => policy.attachToRole(role));
        permissions = [];
      } else {
        // The role is created with its permissions, before the custom resource passes it to S3.
        this.policies.forEach((policy) => role.addManagedPolicy(policy));
        permissions = [...this.policies];
      }
    }

    // The other account's half: the destination bucket policy and, with SSE-KMS, the replica key's policy.
    const roleArn = crossAccount.some((c) => c) || replicaKeys.some((k) => k !== undefined && accountRelation(k.env.account, stack.account) === 'cross')
      ? this.literalRoleArn(props)
      : undefined;
    this.crossAccountStatements = props.destinations.map((destination, i) => {
      const key = replicaKeys[i];
      const keyElsewhere = key !== undefined && accountRelation(key.env.account, stack.account) === 'cross';
      if (!crossAccount[i] && !keyElsewhere) return undefined;
      const grant = {
        roleArn: roleArn!,
        roleAccount: stack.account,
        bucketArn: bucketArnOf(destination.bucket),
        region: regionOf(destination.bucket),
        objectPatterns,
        ownerOverride: ownerOverrides[i],
      };
      const bucketStatements = crossAccount[i] ? destinationBucketStatements(grant) : [];
      const keyStatements = keyElsewhere ? [destinationKeyStatement(grant)] : [];
      if (bucketStatements.length > 0) grantOnBucket(this, `destinations[${i}].bucket`, destination.bucket, bucketStatements);
      if (keyElsewhere) grantOnKey(this, destination.kmsKey ? `destinations[${i}].kmsKey` : `destinations[${i}].bucket.encryptionKey`, key, keyStatements[0]);
      return { bucket: bucketStatements, key: keyStatements };
    });

    if (this.method === ReplicationMethod.NATIVE) {
      this.applyNatively(props, renderCfnConfiguration(this.role.roleArn, rules), permissions);
    } else {
      this.customResource = this.applyAfterCreation(props, sourceRegion, renderApiConfiguration(this.role.roleArn, rules), permissions);
    }

    // Deploy order: the buckets and keys named by the configuration must exist first.
    const applyingStack = this.method === ReplicationMethod.NATIVE ? Stack.of(props.source) : stack;
    const why = this.method === ReplicationMethod.NATIVE
      ? `${this.node.path} configures native replication from ${props.source.node.path}, which S3 accepts only once every destination exists and is versioned`
      : `${this.node.path} applies the replication configuration of ${props.source.node.path} once the source and every destination exist`;
    const advice = this.method === ReplicationMethod.NATIVE
      ? 'use ReplicationMethod.POST_CREATION from a stack that deploys after both (ReplicationMesh does this for two-way replication)'
      : 'place this construct in a stack that deploys after every bucket it names (for example a global stack)';
    const named: Array<{ property: string; construct: IConstruct }> = [
      { property: 'source', construct: props.source },
      ...props.destinations.map((d, i) => ({ property: `destinations[${i}].bucket`, construct: d.bucket })),
      ...(sseKms && sourceKey ? [{ property: 'sourceEncryptionKey', construct: sourceKey }] : []),
      ...replicaKeys.flatMap((k, i) => (k !== undefined ? [{ property: `destinations[${i}].kmsKey`, construct: k }] : [])),
    ];
    const applier: IConstruct = this.customResource ?? cfnBucketOf(props.source)!;
    for (const { property, construct } of named) {
      deployAfter(this, property, applyingStack, Stack.of(construct), why, advice);
      // Buckets are named by literal names where known, so within one stack the order is explicit too.
      if (Stack.of(construct) === applyingStack && construct !== props.source && construct !== applier) {
        applier.node.addDependency(construct);
      }
    }
    if (this.customResource && Stack.of(props.source) === stack) {
      this.customResource.node.addDependency(props.source);
    }
    if (props.backfill) {
      const known = props.destinations.map((d) => regionOf(d.bucket)).filter((r) => !Token.isUnresolved(r));
      const regions = props.backfill._regions(this, 'backfill', [...new Set(known)], false);
      props.backfill._warnAboutSharedRegions(this, 'backfill', props.destinations.map((d, i) => ({ property: `destinations[${i}].bucket`, bucket: d.bucket })), regionOf);
      // Without Regions, every destination is new (replication turned on for a bucket with objects).
      const newDestinations = props.backfill._namesRegions
        ? props.destinations.filter((d) => regions.includes(regionOf(d.bucket)))
        : props.destinations;
      const job = createBackfillJob(this, {
        source: props.source,
        newDestinations: newDestinations.map((d) => d.bucket),
        objectPatterns,
        configuration: applier,
        reportBucket: props.backfill._reportBucket,
      });
      this.backfillJobId = job.jobId;
      this.backfillRole = job.role;
      this.backfillFailureAlarm = job.failureAlarm;
    }
    registerSource(this, props.source);
    guardTemplateLimits(applyingStack, () => `'destinations' (${props.destinations.length}) and 'rules' (${(props.rules ?? [{}]).length}) of ${this.node.path}`);
  }

  /**
   * The bucket policy statements that `destination`, a bucket in another account, must have for
   * replication into it: the replication role (through its account, narrowed to the role's ARN by
   * `aws:PrincipalArn`) may replicate objects, deletes and tags (and change the replicas' owner
   * with `accessControlTransition`), and nothing else. This construct adds them to
   * an `s3.Bucket` of this app; for an imported bucket its owner must add them (a synth-time
   * warning prints them too). Empty for a destination in the source's account.
   */
  public destinationBucketPolicyStatements(destination: s3.IBucket): iam.PolicyStatement[] {
    return [...(this.crossAccountStatementsOf(destination)?.bucket ?? [])];
  }

  /**
   * The key policy statement that the replica key of `destination` must have when the key is in
   * another account than the replication role: `kms:Encrypt` and `kms:Decrypt` (S3 verifies the
   * destination's S3 Bucket Key with it) for the role, only through S3 in the destination's Region
   * and for that bucket's encryption context. Added to a `kms.Key` of this
   * app (directly or through its alias); for another key its owner must add it (a synth-time
   * warning prints it too). Empty when the key is in the role's account or there is none.
   */
  public destinationKeyPolicyStatements(destination: s3.IBucket): iam.PolicyStatement[] {
    return [...(this.crossAccountStatementsOf(destination)?.key ?? [])];
  }

  /**
   * The maximum number of seconds by which `destination` is behind the source for one rule
   * (`ReplicationLatency`, statistic Maximum over 5 minutes). S3 publishes it in the destination
   * bucket's Region, and only when the rules have replication metrics (`metrics` or
   * `replicationTimeControl`).
   */
  public metricReplicationLatency(destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.metricOf('ReplicationLatency', destination, options);
  }

  /**
   * The number of operations pending replication to `destination` for one rule
   * (`OperationsPendingReplication`, statistic Maximum over 5 minutes), published in the
   * destination bucket's Region when the rules have replication metrics.
   */
  public metricOperationsPendingReplication(destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.metricOf('OperationsPendingReplication', destination, options);
  }

  /**
   * The bytes of objects pending replication to `destination` for one rule
   * (`BytesPendingReplication`, statistic Maximum over 5 minutes), published in the destination
   * bucket's Region when the rules have replication metrics.
   */
  public metricBytesPendingReplication(destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.metricOf('BytesPendingReplication', destination, options);
  }

  /**
   * The number of operations that failed to replicate to `destination` for one rule
   * (`OperationsFailedReplication`, statistic Sum over 5 minutes), published in the source
   * bucket's Region when the rules have replication metrics.
   */
  public metricOperationsFailedReplication(destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.metricOf('OperationsFailedReplication', destination, options);
  }

  private crossAccountStatementsOf(destination: s3.IBucket) {
    const i = this.destinationBuckets.findIndex((d) => sameBucket(d, destination));
    if (i < 0) {
      throw validationError(this, `'destination' must be one of the destinations of ${this.node.path}, got ${describeBucket(destination)}`);
    }
    return this.crossAccountStatements[i];
  }

  /** The role's ARN as a literal for another account's policies, computed as the role is named. */
  private literalRoleArn(props: BucketReplicationProps): string {
    if (props.role) return literalRoleArn(this, 'role', props.role);
    const role = this.role as iam.Role;
    const destinations = props.destinations.map((d) => d.bucket);
    // The environment is checked now; the name is resolved once the bucket names are, as the role's own.
    const prefix = roleArnPrefix(this, 'role', role);
    return Lazy.string({ produce: () => `${prefix}${replicationRoleName(role, props.source, destinations)}` });
  }

  private metricOf(metricName: ReplicationMetricName, destination: s3.IBucket, options: ReplicationMetricOptions = {}): cloudwatch.Metric {
    const known = this.destinationBuckets.find((d) => sameBucket(d, destination));
    if (!known) {
      throw validationError(this, `'destination' must be one of the destinations of ${this.node.path}, got ${describeBucket(destination)}`);
    }
    const { rule, ...metricOptions } = options;
    if (rule === undefined && this.ruleIds.length > 1) {
      throw validationError(this, `'rule' must name one of the rules (${this.ruleIds.join(', ')}) because ${this.node.path} has ${this.ruleIds.length}; S3 reports replication metrics per rule, got none`);
    }
    if (rule !== undefined && !this.ruleIds.includes(rule)) {
      throw validationError(this, `'rule' must be the id of one of the rules of ${this.node.path} (${this.ruleIds.join(', ')}), got '${rule}'`);
    }
    if (!this.metricsEnabled) {
      throw validationError(this, `'metrics' must be set (or 'replicationTimeControl') for S3 to publish ${metricName}, got metrics off on ${this.node.path}; the metric would have no data`);
    }
    const publishedIn = metricName === 'OperationsFailedReplication' ? this.source : known;
    const problem = metricOptionsProblem(metricName, metricOptions, {
      region: regionOf(publishedIn),
      regionOf: publishedIn === this.source ? 'source bucket' : 'destination bucket',
    });
    if (problem) throw validationError(this, problem);
    return replicationMetric(metricName, {
      source: this.source,
      destination: known,
      ruleId: destinationRuleId(rule ?? this.ruleIds[0], bucketNameOf(known)),
    }, metricOptions);
  }

  private applyNatively(
    props: BucketReplicationProps,
    configuration: s3.CfnBucket.ReplicationConfigurationProperty,
    permissions: IConstruct[],
  ): void {
    const cfn = cfnBucketOf(props.source)!;
    if (cfn.replicationConfiguration !== undefined) {
      throw validationError(
        this,
        `'source' already has a replication configuration (from replicationRules or another construct), got ${props.source.node.path}; S3 keeps one configuration per bucket, so give all its destinations to one BucketReplication`,
      );
    }
    cfn.replicationConfiguration = configuration;
    for (const permission of permissions) cfn.node.addDependency(permission);
  }

  private applyAfterCreation(
    props: BucketReplicationProps,
    sourceRegion: string,
    configuration: Record<string, unknown>,
    permissions: IConstruct[],
  ): cr.AwsCustomResource {
    const stack = Stack.of(this);
    const cfn = cfnBucketOf(props.source);
    if (cfn?.replicationConfiguration !== undefined) {
      throw validationError(this, `'source' already has a native replication configuration, got ${props.source.node.path}; CloudFormation would overwrite the one this construct applies on every update of the bucket`);
    }
    // The SDK call goes to the source's Region. A token Region is only usable in the source's own stack,
    // where the function runs in the same Region anyway.
    const sourceStack = Stack.of(props.source);
    if (Token.isUnresolved(sourceRegion) && sourceStack !== stack) {
      throw validationError(this, `'source' must have a known Region to be configured from another stack, got ${describeBucket(props.source)}, whose Region is a token (an environment-agnostic stack, or an import without a Region)`);
    }
    const region = Token.isUnresolved(sourceRegion) ? undefined : sourceRegion;
    const bucket = bucketNameOf(props.source);

    const provider = sdkCallProvider(stack);
    const put: cr.AwsSdkCall = {
      service: 'S3',
      action: 'PutBucketReplication',
      region,
      parameters: { Bucket: bucket, ReplicationConfiguration: configuration },
      // Stable across updates: a changed configuration is an update of the same resource, and only
      // a different source bucket replaces it (CloudFormation then deletes the old configuration).
      physicalResourceId: cr.PhysicalResourceId.of(`${bucket}-replication`),
    };
    const resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::S3BucketReplication',
      onCreate: put,
      onUpdate: put,
      onDelete: {
        service: 'S3',
        action: 'DeleteBucketReplication',
        region,
        parameters: { Bucket: bucket },
        // Nothing to remove when the bucket itself is gone.
        ignoreErrorCodesMatching: 'NoSuchBucket',
      },
      role: provider.role,
      functionName: provider.functionName,
      installLatestAwsSdk: false,
    });

    // The shared function's role may put this bucket's configuration and pass this role to S3, nothing else.
    const providerPolicy = new iam.Policy(this, 'ApplyPolicy', {
      statements: [
        new iam.PolicyStatement({
          // PutBucketReplication and DeleteBucketReplication both authorize s3:PutReplicationConfiguration.
          actions: ['s3:PutReplicationConfiguration'],
          resources: [bucketArnOf(props.source)],
        }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 's3.amazonaws.com' } },
        }),
      ],
    });
    providerPolicy.attachToRole(resource.grantPrincipal as iam.IRole);
    acknowledgeNag(
      providerPolicy,
      { nist80053r5: 'IAMNoInlinePolicy', hipaa: 'IAMNoInlinePolicy', pciDss321: 'IAMNoInlinePolicy' },
      'One inline policy per custom resource ties the permission to that resource\'s lifetime: CloudFormation deletes it only after the custom resource\'s DeleteBucketReplication has run. Managed policies would hit the quota of 10 per role on the shared function role for meshes of 10 or more buckets, and one shared policy would lose a removed bucket\'s permission before its delete runs.',
    );
    resource.node.addDependency(providerPolicy);
    for (const permission of permissions) resource.node.addDependency(permission);
    acknowledgeProviderFindings(stack);

    if (cfn) {
      acknowledgeNag(
        cfn,
        { nist80053r5: 'S3BucketReplicationEnabled', hipaa: 'S3BucketReplicationEnabled', pciDss321: 'S3BucketReplicationEnabled' },
        `Replication is configured after creation by the custom resource ${resource.node.path} (PutBucketReplication), not by this resource's ReplicationConfiguration property.`,
      );
    }
    return resource;
  }
}

function chooseMethod(scope: BucketReplication, props: BucketReplicationProps): ReplicationMethod {
  const stack = Stack.of(scope);
  const native = cfnBucketOf(props.source) !== undefined && Stack.of(props.source) === stack;
  const method = props.method ?? (native ? ReplicationMethod.NATIVE : ReplicationMethod.POST_CREATION);
  if (method === ReplicationMethod.NATIVE && !native) {
    const where = cfnBucketOf(props.source) ? `a bucket of stack ${Stack.of(props.source).stackName}` : 'an imported bucket';
    throw validationError(
      scope,
      `'method' NATIVE needs 'source' to be an s3.Bucket defined in this construct's stack (${stack.stackName}), got ${where}; use ReplicationMethod.POST_CREATION`,
    );
  }
  return method;
}

/**
 * Validates the buckets; returns, for each destination, whether it is in another account than
 * the source.
 */
function validateBuckets(scope: BucketReplication, props: BucketReplicationProps): boolean[] {
  const stack = Stack.of(scope);
  if (props.destinations.length === 0) {
    throw validationError(scope, "'destinations' must contain at least one bucket, got an empty list");
  }
  requireVersioning(scope, 'source', props.source);
  const all = [{ property: 'source', bucket: props.source }, ...props.destinations.map((d, i) => ({ property: `destinations[${i}].bucket`, bucket: d.bucket }))];
  props.destinations.forEach((destination, i) => {
    const property = `destinations[${i}].bucket`;
    requireVersioning(scope, property, destination.bucket);
    requireObjectLockLike(scope, property, destination.bucket, props.source, 'source');
    if (sameBucket(destination.bucket, props.source)) {
      throw validationError(scope, `'${property}' must differ from 'source', got the same bucket ${describeBucket(props.source)}`);
    }
    const earlier = props.destinations.findIndex((d) => sameBucket(d.bucket, destination.bucket));
    if (earlier !== i) {
      throw validationError(scope, `'${property}' must appear once, got ${describeBucket(destination.bucket)} again (destinations[${earlier}])`);
    }
  });
  for (const { property, bucket } of all) {
    validateSameStage(scope, property, bucket);
    // A bucket of another Region is named by a name generated at synth time, which needs its stack's account.
    const bucketStack = Stack.of(bucket);
    const crossRegion = bucketStack !== stack && (Token.isUnresolved(bucketStack.region) || bucketStack.region !== stack.region);
    const environmentUnknown = Token.isUnresolved(bucketStack.account) || Token.isUnresolved(bucketStack.region);
    if (crossRegion && environmentUnknown && Token.isUnresolved(bucketNameOf(bucket))) {
      throw validationError(
        scope,
        `'${property}' must be in a stack with an explicit account and Region (env) to be named from stack ${stack.stackName}, got ${bucket.node.path} in stack ${bucketStack.stackName} without one; set env: { account, region } on that stack, or give the bucket a name`,
      );
    }
  }
  // The role is created in this construct's stack, and S3 assumes only a role of the source bucket's account.
  // (An unknown relation is left to the Region checks: a token account comes with an environment-agnostic stack.)
  if (accountRelation(props.source.env.account, stack.account) === 'cross') {
    throw validationError(
      scope,
      `'source' must be in account ${stack.account}, the account of stack ${stack.stackName} where the replication role is created (S3 assumes a role of the source bucket's account), got a bucket in ${props.source.env.account}; `
        + `create this BucketReplication in a stack of account ${props.source.env.account}`,
    );
  }
  if (props.oneBucketPerRegion) {
    requireOneBucketPerRegion(scope, all.map(({ property, bucket }) => ({ property, label: `'${property}'`, bucket })));
  }
  return props.destinations.map((destination, i) => {
    const property = `destinations[${i}].bucket`;
    // A source whose account is a token (an environment-agnostic stack) is compared through the role's account.
    if (Token.isUnresolved(props.source.env.account) && accountRelation(destination.bucket.env.account, props.source.env.account) === 'unknown') {
      return requireKnownAccount(scope, property, destination.bucket, stack.account, `stack ${stack.stackName}`) === 'cross';
    }
    return requireKnownAccount(scope, property, destination.bucket, props.source.env.account, "'source'") === 'cross';
  });
}

/** Whether the replicas of destination `i` change owner: as given, or for a destination in another account. */
function ownerOverrideOf(scope: BucketReplication, i: number, destination: ReplicationDestination, crossAccount: boolean): boolean {
  const given = destination.accessControlTransition;
  if (given === undefined) return crossAccount;
  if (Token.isUnresolved(given)) {
    throw validationError(scope, `'destinations[${i}].accessControlTransition' must be known at synth time (it decides the role's and the destination's permissions), got a token`);
  }
  if (given && !crossAccount) {
    throw validationError(
      scope,
      `'destinations[${i}].accessControlTransition' must not be true for a destination in the source's account (${destination.bucket.env.account}), got true; `
        + 'S3 applies an owner override between buckets of one account and then stops replicating ACL changes, so it is only for a destination in another account',
    );
  }
  return given;
}


/** Two constructs writing the same bucket's configuration would overwrite each other: refuse the second. */
function checkNotConfigured(scope: BucketReplication, source: s3.IBucket): void {
  const name = bucketNameOf(source);
  const previous = CONFIGURED_BY.get(source) ?? (Token.isUnresolved(name) ? undefined : claimOf(scope, 'replication-source', name));
  if (previous !== undefined) {
    throw validationError(
      scope,
      `'source' already has its replication configuration from ${previous}, got ${describeBucket(source)} again; S3 keeps one configuration per bucket, so give all its destinations to one BucketReplication`,
    );
  }
}

/** Records that `scope` configures `source` (by object, and by name when the name is known). */
function registerSource(scope: BucketReplication, source: s3.IBucket): void {
  CONFIGURED_BY.set(source, scope.node.path);
  const name = bucketNameOf(source);
  if (Token.isUnresolved(name)) return;
  claim(scope, 'replication-source', name);
}

/**
 * The object key patterns the role needs: `*`, or each rule's `<prefix>*` when every rule has a
 * prefix and they are short enough to list (otherwise `*`, to keep the policy within IAM's size).
 */
function objectPatternsOf(props: BucketReplicationProps): string[] {
  const prefixes = [...new Set((props.rules ?? [{}]).map((rule) => rule.filter?.prefix ?? ''))];
  if (prefixes.includes('') || prefixes.some((prefix) => Token.isUnresolved(prefix))) return ['*'];
  const listed = prefixes.reduce((sum, prefix) => sum + prefix.length + 4, 0);
  return listed > MAX_LISTED_PREFIX_CHARS ? ['*'] : prefixes.map((prefix) => `${prefix}*`);
}
