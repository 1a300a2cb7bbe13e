/** One Region's traffic dial, as sent to `SubmitMultiRegionAccessPointRoutes`. */
export interface RouteUpdate {
  /** The Region of the bucket. */
  readonly region: string;
  /** 100 (active) or 0 (passive). */
  readonly trafficDialPercentage: number;
}
