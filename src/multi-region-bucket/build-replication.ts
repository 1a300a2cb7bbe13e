/**
 * The build of the replication of a `MultiRegionBucket`, from its plan: a `ReplicationMesh` in the
 * global stack (two-way in one account), or one `BucketReplication` per source, each applied from
 * the global stack or, for a bucket outside the global stack's account, from a replication stack
 * of the bucket's account in its Region.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MultiRegionBucketPlan, PlannedStack } from './plan';
import { ReplicationMode } from './replication';
import { acknowledgeNag } from '../private/nag';
import { guardTemplateLimits } from '../private/template-limits';
import { Backfill, BucketReplication, ReplicationMesh, ReplicationMethod } from '../replication';

/** What the replication is built into: the buckets, their key aliases and the stacks. */
export interface ReplicationTargets {
  readonly plan: MultiRegionBucketPlan;
  /** The construct path of the `MultiRegionBucket`, for the template limits' message. */
  readonly path: string;
  readonly globalStack: Stack;
  bucketIn(region: string): s3.IBucket;
  /** The key of a Region by a name every Region can use: an alias of this construct's key, or an existing bucket's key ARN. */
  keyAliasIn(region: string): kms.IKey | undefined;
  /** Creates a stack of the construct's own. */
  ownStack(planned: PlannedStack): Stack;
}

/** The replications (in the order of the sources), and the replication stacks created for them. */
export interface BuiltReplication {
  readonly replications: BucketReplication[];
  readonly stacks: Stack[];
}

/** Builds the replication the plan describes; `id` prefixes the IDs in the global stack. */
export function buildReplication(id: string, targets: ReplicationTargets): BuiltReplication {
  const { plan, bucketIn } = targets;
  const { regions, primaryRegion } = plan;
  const { storageClass, replicaModifications, ...options } = plan.replication.replication._options;
  const keys = regions.some((r) => targets.keyAliasIn(r)) ? regions.map((r) => targets.keyAliasIn(r)!) : undefined;
  const backfillRegions = [...plan.backfill.regions];
  const backfillAll = () => (backfillRegions.length > 0 ? Backfill.existingObjects({ regions: backfillRegions }) : undefined);
  const stacks: Stack[] = [];
  let globalReplication: Construct | undefined;

  /**
   * The construct that holds the replication of the bucket of `source`: `Replication` in the
   * global stack when the bucket is in the global stack's account, otherwise in a stack of the
   * bucket's account in its Region, `<prefix>-<region>-replication`, which deploys after every
   * bucket (as the global stack does).
   */
  const ownerOf = (source: string): Construct => {
    const planned = plan.stacks.replication.find((s) => s.region === source);
    if (!planned) {
      globalReplication ??= new Construct(targets.globalStack, `${id}Replication`);
      return globalReplication;
    }
    const stack = targets.ownStack(planned);
    stacks.push(stack);
    guardTemplateLimits(stack, () => `'replication' (${plan.replication.mode}) of ${targets.path}`);
    return new Construct(stack, 'Replication');
  };

  if (plan.replication.layout === 'mesh') {
    const replications = new ReplicationMesh(targets.globalStack, `${id}Replication`, {
      ...options,
      buckets: regions.map(bucketIn),
      encryptionKeys: keys,
      replicaModifications,
      storageClass,
      backfill: backfillAll(),
    }).replications;
    return { replications, stacks };
  }
  if (plan.replication.mode === ReplicationMode.TWO_WAY) {
    // Across accounts, each bucket's configuration is applied from a stack of its own account
    // (S3 takes a replication role of the source's account, passed by a caller of that account),
    // so no one ReplicationMesh can hold them: the same per-source replications, each in the
    // global stack (the default account's buckets, at the mesh's construct path: same logical
    // IDs) or in the replication stack of its Region (the other accounts' buckets).
    const replications = regions.map((source, i) => new BucketReplication(ownerOf(source), `From-${source}`, {
      ...options,
      source: bucketIn(source),
      sourceEncryptionKey: keys?.[i],
      sseKmsEncryptedObjects: keys !== undefined,
      destinations: regions.flatMap((r, j) => (j === i ? [] : [{ bucket: bucketIn(r), storageClass, kmsKey: keys?.[j] }])),
      replicaModifications: replicaModifications ?? true,
      method: ReplicationMethod.POST_CREATION,
      // A new bucket is empty: only the others copy their objects into the new ones.
      backfill: backfillRegions.length > 0 && !backfillRegions.includes(source) ? backfillAll() : undefined,
    }));
    return { replications, stacks };
  }
  if (plan.replication.mode === ReplicationMode.ONE_WAY) {
    const others = regions.filter((r) => r !== primaryRegion);
    for (const region of others) {
      acknowledgeNag(
        bucketIn(region),
        { nist80053r5: 'S3BucketReplicationEnabled', hipaa: 'S3BucketReplicationEnabled', pciDss321: 'S3BucketReplicationEnabled' },
        `This bucket is a replica: one-way replication copies the primary bucket (${primaryRegion}) into it, so its data already lives in ${regions.length} Regions.`,
      );
    }
    // The same owner of the primary's configuration as with two-way replication: the custom
    // resource at the mesh's path (same logical ID) in the global stack. Switching modes then
    // updates that one resource in place, and never hands the bucket over between a native
    // configuration and a custom resource whose Delete would remove what the other just put.
    // See docs/adr (replication ownership).
    const owner = ownerOf(primaryRegion);
    const replications = [new BucketReplication(owner, `From-${primaryRegion}`, {
      ...options,
      source: bucketIn(primaryRegion),
      sourceEncryptionKey: targets.keyAliasIn(primaryRegion),
      destinations: others.map((r) => ({ bucket: bucketIn(r), storageClass, kmsKey: targets.keyAliasIn(r) })),
      method: ReplicationMethod.POST_CREATION,
      backfill: backfillAll(),
    })];
    return { replications, stacks };
  }
  return { replications: [], stacks };
}
