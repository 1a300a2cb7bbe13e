import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RegionUse, validateRegion } from '../../private/regions';
import { validationError } from '../../private/validation';
import type { MultiRegionAccessPointFailoverProps } from '../multi-region-access-point-failover';

/** The failover's own checks: the Regions must be Regions of the access point, at least one standby, no Region twice. */
export function validateFailoverProps(scope: Construct, props: MultiRegionAccessPointFailoverProps): void {
  if (Token.isUnresolved(props.activeRegion)) {
    throw validationError(scope, "'activeRegion' must be a literal Region name (the routine names it in its states), got a token");
  }
  const regions = props.accessPoint.regions.filter((r) => !Token.isUnresolved(r));
  validateRegion(scope, 'controlPlaneRegion', props.controlPlaneRegion, RegionUse.CONTROL_PLANE);
  if (props.accessPoint.regions.length === 0) {
    throw validationError(scope, `'accessPoint' must know its Regions, got ${props.accessPoint.node.path} without: import it with 'regions'`);
  }
  if (regions.length === 1) {
    throw validationError(scope, `'accessPoint' must have at least two Regions to fail over between, got one (${regions[0]})`);
  }
  if (regions.length === props.accessPoint.regions.length && !regions.includes(props.activeRegion)) {
    throw validationError(scope, `'activeRegion' must be a Region of the access point (${regions.join(', ')}), got ${props.activeRegion}`);
  }
  if (props.standbyRegions.length === 0) {
    throw validationError(scope, '\'standbyRegions\' must name at least one passive Region to fail over to, got none');
  }
  const seen = new Set<string>();
  for (const region of props.standbyRegions) {
    if (Token.isUnresolved(region)) {
      throw validationError(scope, "'standbyRegions' must be literal Region names (the routine names each in its states), got a token");
    }
    if (region === props.activeRegion) {
      throw validationError(scope, `'standbyRegions' must not name the active Region, got ${region} (the 'activeRegion')`);
    }
    if (seen.has(region)) throw validationError(scope, `'standbyRegions' names Region ${region} more than once`);
    seen.add(region);
    if (regions.length === props.accessPoint.regions.length && !regions.includes(region)) {
      throw validationError(scope, `'standbyRegions' must name Regions of the access point (${regions.join(', ')}), got ${region}`);
    }
  }
}
