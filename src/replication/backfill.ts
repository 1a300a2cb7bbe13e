import { Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { validateRegion } from '../private/regions';
import { validationError } from '../private/validation';
import { warn } from '../private/warnings';

/**
 * Options of {@link Backfill.existingObjects}.
 */
export interface ExistingObjectsOptions {
  /**
   * The Regions whose buckets are new and must receive the objects that are already in the other
   * buckets. Each must be the Region of a destination (of a bucket of the set, for
   * `ReplicationMesh` and `MultiRegionBucket`), and at least one bucket must stay out of it.
   *
   * @default - every destination (`BucketReplication` only; `ReplicationMesh` and
   * `MultiRegionBucket` need the Regions, since every bucket there is a destination)
   */
  readonly regions?: string[];

  /**
   * Where S3 writes the completion report of each job (`<prefix>/job-<job id>/report.json` and the
   * per-object results): a bucket in the source bucket's Region (S3 writes reports with SSE-S3).
   * `BucketReplication` only: `ReplicationMesh` and `MultiRegionBucket` have one source per Region.
   *
   * @default - the source bucket's server access log bucket when it is a `RegionalBucket` with
   * access logs (what `MultiRegionBucket` gives each job); otherwise no report
   */
  readonly reportBucket?: s3.IBucket;
}

/**
 * Whether replication first copies the objects that are already in the buckets.
 *
 * S3 replication copies only the objects written after a replication configuration names a
 * destination. When a bucket joins a set that already holds data (a Region added to a deployed
 * `MultiRegionBucket`, a bucket added to a `ReplicationMesh`, replication turned on for a bucket
 * with objects), the new bucket starts empty. `Backfill.existingObjects()` runs S3 Batch
 * Replication once for it: one S3 Batch Operations job per source bucket, created by the deploy
 * that adds the destination, after the replication configuration names it.
 *
 * The construct cannot see from a template that the other buckets are already deployed with data:
 * say it with `backfill` in the deploy that adds the Region. See `docs/adr/0016-backfill-new-regions.md`.
 *
 * @example
 * // ap-southeast-2 joins a deployed setup: copy the existing objects there, and keep it
 * // passive until the jobs are complete.
 * const backfill = Backfill.existingObjects({ regions: ['ap-southeast-2'] });
 */
export class Backfill {
  /**
   * Copy the existing objects of every source bucket into the new buckets (S3 Batch Replication,
   * one job per source, created once: a repeated or retried deploy never starts a second job).
   */
  public static existingObjects(options: ExistingObjectsOptions = {}): Backfill {
    return new Backfill(options.regions ? [...options.regions] : undefined, options.reportBucket);
  }

  /**
   * The backfill a `ReplicationMesh` gives each member's replication: the mesh has warned about
   * its own Regions already, in the words of its props.
   *
   * @internal
   */
  public static _ofMember(regions: string[]): Backfill {
    return new Backfill([...regions], undefined, true);
  }

  private constructor(
    private readonly regions?: string[],
    /** @internal */
    public readonly _reportBucket?: s3.IBucket,
    /** @internal */
    public readonly _ofMember = false,
  ) {}

  /**
   * Whether the Regions to backfill were named.
   *
   * @internal
   */
  public get _namesRegions(): boolean {
    return this.regions !== undefined;
  }

  /**
   * The Regions to backfill, validated: literal, well-formed, distinct, and each one of `known`.
   *
   * @param scope where errors are reported
   * @param property the property that holds this backfill, for error messages
   * @param known the Regions the Regions to backfill must be among (the destinations, or the set)
   * @param required whether the Regions must be given (every bucket of a set is a destination)
   * @internal
   */
  public _regions(scope: IConstruct, property: string, known: string[], required: boolean): string[] {
    if (this.regions === undefined) {
      if (required) {
        throw validationError(scope, `'${property}' must name the new Regions (Backfill.existingObjects({ regions: [...] })), got none: every bucket of the set is a destination, so the construct cannot tell which are new`);
      }
      return [...known];
    }
    if (this.regions.length === 0) {
      throw validationError(scope, `'${property}' must name at least one Region to backfill, got an empty list; remove 'backfill' when no Region is new`);
    }
    const seen = new Set<string>();
    for (const region of this.regions) {
      if (Token.isUnresolved(region)) {
        throw validationError(scope, `'${property}' must name Regions literally (each names a bucket at synth time), got a token`);
      }
      validateRegion(scope, property, region);
      if (seen.has(region)) throw validationError(scope, `'${property}' names Region ${region} more than once`);
      seen.add(region);
      if (!known.includes(region)) {
        throw validationError(scope, `'${property}' names Region ${region}, which is not the Region of a bucket that receives replicas here (${known.join(', ') || 'none known'})`);
      }
    }
    return [...this.regions];
  }

  /**
   * Warns when a named Region holds more than one of `buckets` (the destinations, or the members of
   * a mesh): a Region then does not name one bucket, and the job copies into each of them.
   *
   * @param scope where the warning is raised
   * @param property the property that holds this backfill, for the message
   * @param buckets the buckets a Region may name, with the property each is given by
   * @param regionOf the Region of a bucket
   * @internal
   */
  public _warnAboutSharedRegions(
    scope: IConstruct,
    property: string,
    buckets: Array<{ property: string; bucket: s3.IBucket }>,
    regionOf: (bucket: s3.IBucket) => string,
  ): void {
    if (this.regions === undefined || this._ofMember) return;
    for (const region of this.regions) {
      const inRegion = buckets.filter((b) => regionOf(b.bucket) === region);
      if (inRegion.length < 2) continue;
      warn(scope,
        'cdk-multi-region-bucket:backfillRegionOfSeveralBuckets',
        `'${property}' names Region ${region}, which holds ${inRegion.length} buckets (${inRegion.map((b) => `'${b.property}' ${b.bucket.node.path}`).join(', ')}): `
          + 'a Region names every bucket of it, so the job copies the existing objects into each of them, also into one that already holds them (S3 Batch Replication '
          + 'charges per object). When only one of them is new, add it in a deploy of its own, or acknowledge this warning.',
      );
    }
  }
}
