import * as crypto from 'crypto';
import { Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Backfill } from './backfill';
import { BucketReplication } from './bucket-replication';
import { requireKnownAccount } from './private/cross-account';
import { ReplicationMetricOptions } from './replication-metric-options';
import { ReplicationMethod, ReplicationOptions } from './replication-options';
import { accountRelation } from '../private/account-relation';
import { bucketNameOf, describeBucket, objectLockOf, regionOf, requireObjectLockLike, requireOneBucketPerRegion, requireVersioning, sameBucket } from '../private/buckets';
import { validateKey } from '../private/keys';
import { validateStorageClass } from '../private/replication-rules';
import { guardTemplateLimits } from '../private/template-limits';
import { isUnknown, validateSameStage, validationError } from '../private/validation';

/**
 * Properties of a {@link ReplicationMesh}.
 */
export interface ReplicationMeshProps extends ReplicationOptions {
  /**
   * The buckets to keep in sync: at least two, each versioned, in any accounts. Every bucket
   * replicates to every other one.
   *
   * A bucket in another account than this construct's stack gets its replication (its role and
   * the custom resource that applies its configuration) in a stack of its own account (see
   * `accountStacks`); every other bucket's policy (and replica key's policy) in another account
   * admits exactly that role. See `docs/adr/0022-cross-account-replication.md`.
   *
   * Give an imported bucket its Region (`s3.Bucket.fromBucketAttributes(..., { region })`);
   * otherwise it is taken to be in the Region of the stack that imported it.
   */
  readonly buckets: s3.IBucket[];

  /**
   * The KMS keys of SSE-KMS buckets, at most one per Region, each used for the bucket in its
   * Region: to decrypt what it replicates and to encrypt the replicas it receives. Each key must be
   * referenceable from this construct's stack: an alias (`key.addAlias('alias/...')`, whose ARN is
   * known in every Region) or a key imported by ARN.
   *
   * @default - each bucket's `encryptionKey`
   */
  readonly encryptionKeys?: kms.IKey[];

  /**
   * Whether objects encrypted with SSE-KMS are replicated. Needs a key for every bucket.
   *
   * @default - true when any bucket has a key
   */
  readonly sseKmsEncryptedObjects?: boolean;

  /**
   * The storage class of the replicas in every bucket.
   *
   * @default - replicas keep the storage class of the source object
   */
  readonly storageClass?: s3.StorageClass;

  /**
   * Whether metadata changes made to a replica (tags, ACLs, Object Lock settings) flow back to the
   * bucket it came from, so that every copy of an object looks the same whichever bucket was
   * written. AWS recommends it for Multi-Region Access Points.
   *
   * @default true
   */
  readonly replicaModifications?: boolean;

  /**
   * Require every bucket to be in a Region of its own, and every Region to be known (what a
   * Multi-Region Access Point needs). With it, the construct IDs of the per-source replications
   * are named after their Region (`From-eu-west-1`). Without it they are named after each bucket
   * (`From-<hash of its name, or of its construct path when the name is a token>`). Either way,
   * reordering `buckets` keeps every replication configuration with the resource that owns it.
   *
   * @default true
   */
  readonly oneBucketPerRegion?: boolean;

  /**
   * Copy the objects already in the buckets into new members of the mesh (S3 Batch Replication):
   * `Backfill.existingObjects({ regions })` names the Regions of the buckets that join in this
   * deploy. Every other bucket gets one job that copies its own objects (not the replicas it
   * holds, which their own bucket's job copies), created once after its configuration names the
   * new buckets.
   *
   * @default - no backfill: a new member receives only the objects written after it joins
   */
  readonly backfill?: Backfill;

  /**
   * The stacks that apply the replication of buckets in other accounts than this construct's
   * stack: one per such account (its `env.account`), each deployable after every bucket's stack.
   * A bucket's replication role must belong to the bucket's account, and only that account can
   * pass it to S3.
   *
   * @default - for each such account, a stack created next to this construct's stack, with the
   * id `<this stack's id>-<account>`, in that account and this stack's Region
   */
  readonly accountStacks?: Stack[];
}

/**
 * Two-way S3 replication among N buckets in N Regions (a full mesh: every bucket replicates to
 * every other one), as an active-active Multi-Region Access Point needs, deployable in one
 * `cdk deploy --all` from an empty account.
 *
 * Put it in a stack that deploys after every bucket's stack (for example the global stack of a
 * multi-Region app): it makes that stack depend on the bucket stacks, and from there applies each
 * bucket's configuration with one custom resource per bucket (`PutBucketReplication` on create
 * and update, `DeleteBucketReplication` on delete) once every bucket exists and is versioned.
 * Replicas are never replicated again, so two-way replication has no loops. See
 * `docs/adr/0004-two-way-replication.md`.
 *
 * AWS recommends two-way replication with replica modification sync (on by default), Replication
 * Time Control and replication metrics
 * (`replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES`) for Multi-Region Access
 * Points.
 *
 * @example
 * declare const globalStack: Stack;
 * declare const dublin: s3.IBucket;
 * declare const virginia: s3.IBucket;
 * declare const sydney: s3.IBucket;
 *
 * new ReplicationMesh(globalStack, 'Replication', {
 *   buckets: [dublin, virginia, sydney],
 *   replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
 * });
 */
export class ReplicationMesh extends Construct {
  /** The replication of each bucket to all the others, in the order of `buckets`. */
  public readonly replications: BucketReplication[];

  /** The buckets, in the order given. */
  private readonly buckets: s3.IBucket[];

  constructor(scope: Construct, id: string, props: ReplicationMeshProps) {
    super(scope, id);
    const buckets = props.buckets;
    this.buckets = [...buckets];
    const oneBucketPerRegion = props.oneBucketPerRegion ?? true;
    validateMembers(this, buckets, oneBucketPerRegion);
    validateStorageClass(this, 'storageClass', props.storageClass);
    const keys = meshKeys(this, props);
    const sseKms = props.sseKmsEncryptedObjects ?? keys.some((key) => key !== undefined);

    const newRegions = backfillRegions(this, props);
    guardTemplateLimits(Stack.of(this), () => `'buckets' (${buckets.length}) and 'rules' (${(props.rules ?? [{}]).length}) of ${this.node.path}`);
    const scopes = replicationScopes(this, props);
    this.replications = buckets.map((source, i) => {
      const others = buckets.map((bucket, j) => ({ bucket, j })).filter(({ j }) => j !== i);
      return new BucketReplication(scopes[i], oneBucketPerRegion ? `From-${regionOf(source)}` : `From-${bucketKey(source)}`, {
        source,
        destinations: others.map(({ bucket, j }) => ({
          bucket,
          storageClass: props.storageClass,
          kmsKey: sseKms ? keys[j] : undefined,
        })),
        sourceEncryptionKey: sseKms ? keys[i] : undefined,
        sseKmsEncryptedObjects: sseKms,
        replicaModifications: props.replicaModifications ?? true,
        // Each bucket is a destination of the others, so no stack order lets them configure each
        // other natively; every configuration is applied from this construct's stack.
        method: ReplicationMethod.POST_CREATION,
        rules: props.rules,
        deleteMarkerReplication: props.deleteMarkerReplication,
        replicationTimeControl: props.replicationTimeControl,
        metrics: props.metrics,
        // A new bucket is empty: only the others copy their objects into the new ones.
        backfill: newRegions.length > 0 && !newRegions.includes(regionOf(source))
          ? Backfill._ofMember(newRegions)
          : undefined,
      });
    });
  }

  /**
   * `ReplicationLatency` from `source` to `destination` (both of `buckets`): see
   * `BucketReplication.metricReplicationLatency`. Published in the destination's Region.
   */
  public metricReplicationLatency(source: s3.IBucket, destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationFrom(source).metricReplicationLatency(destination, options);
  }

  /** `OperationsPendingReplication` from `source` to `destination`, published in the destination's Region. */
  public metricOperationsPendingReplication(source: s3.IBucket, destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationFrom(source).metricOperationsPendingReplication(destination, options);
  }

  /** `BytesPendingReplication` from `source` to `destination`, published in the destination's Region. */
  public metricBytesPendingReplication(source: s3.IBucket, destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationFrom(source).metricBytesPendingReplication(destination, options);
  }

  /** `OperationsFailedReplication` from `source` to `destination`, published in the source's Region. */
  public metricOperationsFailedReplication(source: s3.IBucket, destination: s3.IBucket, options?: ReplicationMetricOptions): cloudwatch.Metric {
    return this.replicationFrom(source).metricOperationsFailedReplication(destination, options);
  }

  /** The replication whose source is `source`, one of `buckets`. */
  private replicationFrom(source: s3.IBucket): BucketReplication {
    const i = this.buckets.findIndex((b) => sameBucket(b, source));
    if (i < 0) {
      throw validationError(this, `'source' must be one of the buckets of ${this.node.path}, got ${describeBucket(source)}`);
    }
    return this.replications[i];
  }
}

/**
 * Where the replication of each bucket is created: this construct for a bucket of its stack's
 * account; for a bucket of another account, a construct of this mesh in the stack of that
 * account (`accountStacks`, or one created next to this construct's stack).
 */
function replicationScopes(mesh: ReplicationMesh, props: ReplicationMeshProps): Construct[] {
  const stack = Stack.of(mesh);
  const given = new Map<string, Stack>();
  (props.accountStacks ?? []).forEach((accountStack, k) => {
    const account = accountStack.account;
    validateSameStage(mesh, `accountStacks[${k}]`, accountStack);
    if (Token.isUnresolved(account)) {
      throw validationError(mesh, `'accountStacks[${k}]' must have an explicit account (env.account), got stack ${accountStack.stackName}, whose account is a token`);
    }
    if (accountRelation(account, stack.account) !== 'cross') {
      throw validationError(mesh, `'accountStacks[${k}]' must be in another account than stack ${stack.stackName} (${stack.account}), got stack ${accountStack.stackName} in ${account}; buckets of this construct's account are configured from this construct's stack`);
    }
    if (given.has(account)) {
      throw validationError(mesh, `'accountStacks[${k}]' must be the only stack of account ${account}, got stack ${accountStack.stackName} after ${given.get(account)!.stackName}`);
    }
    given.set(account, accountStack);
  });
  const scopes = new Map<string, Construct>();
  return props.buckets.map((bucket, i) => {
    const relation = requireKnownAccount(mesh, `buckets[${i}]`, bucket, stack.account, `stack ${stack.stackName}`);
    if (relation !== 'cross') return mesh;
    const account = bucket.env.account;
    let scope = scopes.get(account);
    if (!scope) {
      const accountStack = given.get(account) ?? accountStackFor(mesh, `buckets[${i}]`, account);
      // Named after this mesh, so that two meshes can share a stack of an account.
      scope = new Construct(accountStack, `${mesh.node.id}${Names.nodeUniqueId(mesh.node).slice(-8)}`);
      scopes.set(account, scope);
    }
    return scope;
  });
}

/** The stack, next to the mesh's own, that applies the replication of the buckets of `account`. */
function accountStackFor(mesh: ReplicationMesh, property: string, account: string): Stack {
  const stack = Stack.of(mesh);
  if (Token.isUnresolved(stack.region)) {
    throw validationError(mesh, `'${property}' is in account ${account}, whose replication needs a stack of that account in a known Region, got stack ${stack.stackName} without a Region; give it an env, or pass 'accountStacks'`);
  }
  const parent = stack.node.scope!;
  const id = `${stack.node.id}-${account}`;
  const existing = parent.node.tryFindChild(id);
  if (existing !== undefined) {
    if (existing instanceof Stack && existing.account === account) return existing;
    throw validationError(mesh, `'${property}' is in account ${account}, whose replication goes into a stack with the id ${id} next to stack ${stack.stackName}, got another construct with that id there; pass 'accountStacks'`);
  }
  return new Stack(parent, id, {
    env: { account, region: stack.region },
    description: `Applies the S3 replication of the buckets of account ${account} for ${mesh.node.path}`,
  });
}

/**
 * A key of `bucket` that does not depend on its position: 8 hex of sha256 of its literal name, or
 * of its construct path when the name is a token (a bucket with a generated name).
 */
function bucketKey(bucket: s3.IBucket): string {
  const name = bucketNameOf(bucket);
  const identity = Token.isUnresolved(name) ? `path:${bucket.node.path}` : `name:${name}`;
  return crypto.createHash('sha256').update(identity).digest('hex').slice(0, 8);
}

/** The Regions of the buckets that join with `backfill`, validated: named, members, not all of them. */
function backfillRegions(scope: ReplicationMesh, props: ReplicationMeshProps): string[] {
  if (!props.backfill) return [];
  if (props.backfill._reportBucket) {
    throw validationError(scope, `'backfill.reportBucket' applies only to BucketReplication (one source bucket), got ${props.backfill._reportBucket.node.path}; each job of a mesh reports to its source's access log bucket when it has one`);
  }
  const regions = props.buckets.map(regionOf).filter((r) => !Token.isUnresolved(r));
  const named = props.backfill._regions(scope, 'backfill', regions, true);
  props.backfill._warnAboutSharedRegions(scope, 'backfill', props.buckets.map((bucket, i) => ({ property: `buckets[${i}]`, bucket })), regionOf);
  if (props.buckets.every((b) => named.includes(regionOf(b)))) {
    throw validationError(scope, `'backfill' must leave out at least one bucket to copy from, got every Region of 'buckets' (${named.join(', ')}); remove 'backfill' for a new mesh, whose buckets are all empty`);
  }
  return named;
}

function validateMembers(scope: ReplicationMesh, buckets: s3.IBucket[], oneBucketPerRegion: boolean): void {
  if (buckets.length < 2) {
    throw validationError(scope, `'buckets' must contain at least two buckets, got ${buckets.length}`);
  }
  buckets.forEach((bucket, i) => {
    requireVersioning(scope, `buckets[${i}]`, bucket);
    const earlier = buckets.findIndex((b) => sameBucket(b, bucket));
    if (earlier !== i) {
      throw validationError(scope, `'buckets[${i}]' must appear once, got ${describeBucket(bucket)} again (buckets[${earlier}])`);
    }
    validateSameStage(scope, `buckets[${i}]`, bucket);
  });
  // Every bucket is a source and a destination: with Object Lock on one, it must be on all.
  const locked = buckets.findIndex((b) => objectLockOf(b) === true);
  if (locked >= 0) buckets.forEach((bucket, i) => requireObjectLockLike(scope, `buckets[${i}]`, bucket, buckets[locked], `buckets[${locked}]`));
  if (!oneBucketPerRegion) return;
  requireOneBucketPerRegion(scope, buckets.map((bucket, i) => ({ property: `buckets[${i}]`, label: `buckets[${i}]`, bucket })));
}

/** The key of each bucket: from `encryptionKeys` by Region, else the bucket's own. */
function meshKeys(scope: ReplicationMesh, props: ReplicationMeshProps): Array<kms.IKey | undefined> {
  const byRegion = new Map<string, kms.IKey>();
  (props.encryptionKeys ?? []).forEach((key, k) => {
    const region = key.env.region;
    if (isUnknown(region)) {
      throw validationError(scope, `'encryptionKeys[${k}]' must have a known Region (it picks the bucket in that Region), got ${key.node.path} in an environment-agnostic stack`);
    }
    if (byRegion.has(region)) {
      throw validationError(scope, `'encryptionKeys[${k}]' must be the only key of ${region}, got a second one`);
    }
    const buckets = props.buckets.filter((b) => regionOf(b) === region);
    if (buckets.length !== 1) {
      throw validationError(scope, `'encryptionKeys[${k}]' must be in the Region of exactly one bucket, got ${region}, the Region of ${buckets.length} buckets`);
    }
    byRegion.set(region, key);
  });
  const keys = props.buckets.map((bucket) => byRegion.get(regionOf(bucket)) ?? bucket.encryptionKey);
  if (props.sseKmsEncryptedObjects === false || keys.every((key) => key === undefined)) return keys;
  const missing = keys.findIndex((key) => key === undefined);
  if (missing >= 0) {
    throw validationError(
      scope,
      `'encryptionKeys' must give a key for every bucket when SSE-KMS objects are replicated (each replica is encrypted with a key in its bucket's Region), got none for buckets[${missing}] ${describeBucket(props.buckets[missing])}`,
    );
  }
  keys.forEach((key, i) => {
    const property = byRegion.has(regionOf(props.buckets[i])) ? `encryptionKeys (for buckets[${i}])` : `buckets[${i}].encryptionKey`;
    validateKey(scope, property, key!, regionOf(props.buckets[i]), Stack.of(scope));
  });
  return keys;
}
