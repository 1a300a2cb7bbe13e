import type { IConstruct } from 'constructs';
import { DistributionOrigin } from './distribution-origin';
import type { MultiRegionBucketProps } from './props';
import { validationError } from '../private/validation';
import { warn } from '../private/warnings';

/**
 * The read paths other than the access point's routes that send users to a bucket while `backfill`
 * fills it: the primary and the fallback Region of `DistributionOrigin.regionalFailover()`. The
 * routes keep the Regions being backfilled passive; CloudFront's origin group has no routes, so
 * the primary (read for every request) is refused, and the fallback (read when the primary fails,
 * or answers 403 or 404) warned, since with two Regions there is no other fallback. docs/adr/0040.
 *
 * @param backfillRegions the Regions `backfill` copies the existing objects into (validated)
 */
export function validateBackfillReadPaths(scope: IConstruct, props: MultiRegionBucketProps, backfillRegions: string[]): void {
  const origin = props.distribution ? props.distribution.origin ?? DistributionOrigin.multiRegionAccessPoint() : undefined;
  if (!origin || origin._throughAccessPoint || backfillRegions.length === 0) return;
  const primary = props.primaryRegion ?? props.regions[0];
  if (backfillRegions.includes(primary)) {
    const holding = props.regions.filter((r) => !backfillRegions.includes(r));
    throw validationError(scope, `'backfill' names ${primary}, the primary Region, whose bucket 'distribution.origin' DistributionOrigin.regionalFailover() reads every request from, `
      + `while the backfill job copies the existing objects into it: users would get 404 for every object not copied yet. Keep 'primaryRegion' on a Region that holds the objects (${holding.join(', ')}) `
      + 'until every backfill job is Complete, then make the new Region primary in a later deploy');
  }
  const given = origin._failoverOptions?.fallbackRegion;
  const fallback = given ?? props.regions.find((r) => r !== primary)!;
  if (backfillRegions.includes(fallback)) {
    const others = props.regions.filter((r) => r !== primary && !backfillRegions.includes(r));
    warn(scope,
      'cdk-multi-region-bucket:backfillIntoFailoverFallback',
      `'distribution.origin' falls back to ${fallback}${given === undefined ? " (by default the first of 'regions' after the primary)" : ''}, whose bucket 'backfill' is filling: `
        + `when ${primary} fails (or answers 403 or 404), CloudFront reads objects from ${fallback} that may not be copied yet. `
        + (others.length > 0
          ? `Set 'fallbackRegion' to a Region that holds the objects (${others.join(', ')}) until every backfill job is Complete.`
          : 'No other Region holds the objects: acknowledge this warning until every backfill job is Complete.'),
      { region: fallback },
    );
  }
}
