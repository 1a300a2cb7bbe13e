import { MultiRegionAccessPointOriginProps, RegionalFailoverOriginProps } from '../cloudfront';

/**
 * Options of {@link DistributionOrigin.regionalFailover}: those of a `RegionalFailoverOrigin`,
 * and which Region's bucket CloudFront falls back to.
 */
export interface RegionalFailoverDistributionOriginOptions extends RegionalFailoverOriginProps {
  /**
   * The Region whose bucket CloudFront retries a request at when the primary Region's bucket
   * answers with one of `fallbackStatusCodes`. One of the construct's `regions`, other than the
   * primary.
   *
   * @default - the first of `regions` that is not the primary Region
   */
  readonly fallbackRegion?: string;
}

/**
 * Which CloudFront origin the distribution of a {@link MultiRegionBucket} reads the buckets
 * through, with the options of that origin.
 *
 * @example
 * // CloudFront's own failover, from the primary Region's bucket to eu-west-1's, on 5xx only.
 * const origin = DistributionOrigin.regionalFailover({
 *   fallbackRegion: 'eu-west-1',
 *   fallbackStatusCodes: [500, 502, 503, 504],
 * });
 */
export class DistributionOrigin {
  /**
   * The Multi-Region Access Point, through SigV4A Origin Access Control
   * (`MultiRegionAccessPointOrigin`): one origin, routed to the closest active bucket; the access
   * point policy grants exactly this distribution. Not available when a bucket is in an opt-in
   * Region.
   */
  public static multiRegionAccessPoint(options: MultiRegionAccessPointOriginProps = {}): DistributionOrigin {
    return new DistributionOrigin(true, { ...options }, undefined);
  }

  /**
   * An origin group over the primary Region's bucket and the fallback Region's, each through SigV4
   * Origin Access Control (`RegionalFailoverOrigin`), failing over on 403, 404 and 5xx by default.
   */
  public static regionalFailover(options: RegionalFailoverDistributionOriginOptions = {}): DistributionOrigin {
    return new DistributionOrigin(false, undefined, { ...options });
  }

  /**
   * Whether this is the Multi-Region Access Point origin.
   *
   * @internal
   */
  public readonly _throughAccessPoint: boolean;

  /** @internal */
  public readonly _accessPointOptions?: MultiRegionAccessPointOriginProps;

  /** @internal */
  public readonly _failoverOptions?: RegionalFailoverDistributionOriginOptions;

  private constructor(
    throughAccessPoint: boolean,
    accessPointOptions: MultiRegionAccessPointOriginProps | undefined,
    failoverOptions: RegionalFailoverDistributionOriginOptions | undefined,
  ) {
    this._throughAccessPoint = throughAccessPoint;
    this._accessPointOptions = accessPointOptions;
    this._failoverOptions = failoverOptions;
  }
}
