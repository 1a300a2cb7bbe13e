import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReplicationOptions } from '../replication';

/**
 * How the Regional buckets of a {@link MultiRegionBucket} replicate: the value of
 * {@link Replication.mode}, read from `MultiRegionBucket.replication`.
 */
export enum ReplicationMode {
  /** Every bucket replicates to every other one ({@link Replication.twoWay}). */
  TWO_WAY = 'TWO_WAY',

  /** The primary Region's bucket replicates to all the others ({@link Replication.oneWay}). */
  ONE_WAY = 'ONE_WAY',

  /** No replication ({@link Replication.none}). */
  NONE = 'NONE',
}

/**
 * Options of {@link Replication.oneWay}: the options of every replication rule, and the storage
 * class of the replicas.
 */
export interface OneWayReplicationOptions extends ReplicationOptions {
  /**
   * The storage class of the replicas (the name `s3.ReplicationRule` uses).
   *
   * One of STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER,
   * DEEP_ARCHIVE or GLACIER_IR.
   *
   * @default - replicas keep the storage class of the source object
   */
  readonly storageClass?: s3.StorageClass;
}

/**
 * Options of {@link Replication.twoWay}: those of one-way replication, and whether replica
 * modifications flow back.
 */
export interface TwoWayReplicationOptions extends OneWayReplicationOptions {
  /**
   * Whether metadata changes made to a replica (tags, ACLs, Object Lock settings) flow back to the
   * bucket it came from, so that every copy of an object looks the same whichever bucket was
   * written. AWS recommends it for Multi-Region Access Points.
   *
   * @default true
   */
  readonly replicaModifications?: boolean;
}

/**
 * How the Regional buckets of a {@link MultiRegionBucket} replicate, with the options that apply
 * to that kind of replication.
 *
 * Switching between two-way and one-way replication updates the primary's replication
 * configuration in place (the same custom resource applies both).
 *
 * @example
 * // The primary replicates to the other Regions, with Replication Time Control.
 * const replication = Replication.oneWay({
 *   replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
 * });
 */
export class Replication {
  /**
   * Every bucket replicates to every other one (a full mesh, with replica modification sync), so a
   * write in any Region reaches all of them. What an active-active Multi-Region Access Point
   * needs, and what lets an active-passive one fail over and back without losing writes. Applied
   * after every bucket exists, from the global stack.
   */
  public static twoWay(options: TwoWayReplicationOptions = {}): Replication {
    return new Replication(ReplicationMode.TWO_WAY, { ...options });
  }

  /**
   * The primary Region's bucket replicates to all the others, applied from the global stack by
   * the same custom resource that applies two-way replication. Writes must go to the primary.
   */
  public static oneWay(options: OneWayReplicationOptions = {}): Replication {
    return new Replication(ReplicationMode.ONE_WAY, { ...options });
  }

  /**
   * No replication. cdk-nag's compliance packs report it.
   */
  public static none(): Replication {
    return new Replication(ReplicationMode.NONE, {});
  }

  /** Which kind of replication this is. */
  public readonly mode: ReplicationMode;

  /**
   * The options given to the factory method.
   *
   * @internal
   */
  public readonly _options: TwoWayReplicationOptions;

  private constructor(mode: ReplicationMode, options: TwoWayReplicationOptions) {
    this.mode = mode;
    this._options = options;
  }
}
