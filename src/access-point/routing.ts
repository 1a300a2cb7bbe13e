import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validateRegion } from '../private/regions';
import { RouteUpdate } from '../private/route-update';
import { validationError } from '../private/validation';

/**
 * Options of {@link Routing.activePassive}.
 */
export interface ActivePassiveOptions {
  /**
   * The Regions that receive traffic (traffic dial 100). Every other Region of the access point
   * is passive (traffic dial 0). At least one Region must stay active.
   */
  readonly activeRegions: string[];
}

/**
 * How a Multi-Region Access Point routes requests to its Regions.
 *
 * A Region is either active (traffic dial 100: it receives the requests for which it is the
 * closest active Region) or passive (traffic dial 0: it receives none). At least one Region must
 * stay active. A change takes effect in about two minutes.
 *
 * @example
 * // us-east-1 serves all traffic; the other Regions are passive standbys.
 * const routing = Routing.activePassive({ activeRegions: ['us-east-1'] });
 */
export class Routing {
  /**
   * Every Region is active: each request goes to the closest Region. This is how a new
   * Multi-Region Access Point routes; use it to fail back after active-passive routing.
   */
  public static activeActive(): Routing {
    return new Routing('active-active');
  }

  /**
   * The given Regions are active; every other Region of the access point is passive.
   * Failover is a change of `activeRegions` and a redeployment.
   */
  public static activePassive(options: ActivePassiveOptions): Routing {
    return new Routing('active-passive', options.activeRegions);
  }

  /**
   * Explicit traffic dials, 100 (active) or 0 (passive), for every Region of the access point.
   * Use it with an imported access point whose Regions are not known.
   *
   * @param dials the traffic dial of each Region, by Region name
   */
  public static trafficDials(dials: { [region: string]: number }): Routing {
    return new Routing('dials', undefined, { ...dials });
  }

  private constructor(
    private readonly kind: 'active-active' | 'active-passive' | 'dials',
    private readonly activeRegions?: string[],
    private readonly dials?: { [region: string]: number },
  ) {}

  /**
   * The route updates for an access point with the given Regions, validated.
   *
   * @param scope where errors are reported
   * @param property the name of the property that holds this routing, for error messages
   * @param regions the Regions of the access point; empty when they are not known
   * @internal
   */
  public _routeUpdates(scope: IConstruct, property: string, regions: string[]): RouteUpdate[] {
    const known = regions.filter((r) => !Token.isUnresolved(r));
    const updates = this.kind === 'dials' ? this.fromDials(scope, property, known) : this.fromActiveRegions(scope, property, regions, known);
    const active = updates.filter((u) => u.trafficDialPercentage === 100 || Token.isUnresolved(u.region));
    if (active.length === 0) {
      throw validationError(scope, `'${property}' must leave at least one Region active, got all passive (${updates.map((u) => u.region).join(', ')})`);
    }
    return updates;
  }

  private fromActiveRegions(scope: IConstruct, property: string, regions: string[], known: string[]): RouteUpdate[] {
    if (regions.length === 0) {
      throw validationError(scope, `'${property}' needs the Regions of the access point, got an access point whose Regions are not known: import it with 'regions', or use Routing.trafficDials()`);
    }
    if (this.kind === 'active-active') {
      return regions.map((region) => ({ region, trafficDialPercentage: 100 }));
    }
    const active = this.activeRegions ?? [];
    const seen = new Set<string>();
    for (const region of active) {
      if (Token.isUnresolved(region)) continue;
      validateRegion(scope, property, region);
      if (seen.has(region)) {
        throw validationError(scope, `'${property}' names Region ${region} more than once in 'activeRegions'`);
      }
      seen.add(region);
      if (known.length === regions.length && !known.includes(region)) {
        throw validationError(scope, `'${property}' names Region ${region}, which is not a Region of the access point (${known.join(', ')})`);
      }
    }
    if (active.some((r) => Token.isUnresolved(r)) || regions.some((r) => Token.isUnresolved(r))) {
      const where = active.some((r) => Token.isUnresolved(r)) ? "'activeRegions'" : "the access point's Regions";
      throw validationError(scope, `'${property}' cannot work out the passive Regions from Region names that are tokens, got a token in ${where}; use Routing.trafficDials() with literal Region names`);
    }
    return regions.map((region) => ({ region, trafficDialPercentage: active.includes(region) ? 100 : 0 }));
  }

  private fromDials(scope: IConstruct, property: string, known: string[]): RouteUpdate[] {
    const dials = this.dials ?? {};
    const updates: RouteUpdate[] = [];
    for (const [region, dial] of Object.entries(dials)) {
      validateRegion(scope, property, region);
      if (!Token.isUnresolved(dial) && dial !== 0 && dial !== 100) {
        throw validationError(scope, `'${property}' traffic dial of ${region} must be 0 (passive) or 100 (active), got ${dial}`);
      }
      if (known.length > 0 && !known.includes(region)) {
        throw validationError(scope, `'${property}' sets a traffic dial for Region ${region}, which is not a Region of the access point (${known.join(', ')})`);
      }
      updates.push({ region, trafficDialPercentage: dial });
    }
    if (updates.length === 0) {
      throw validationError(scope, `'${property}' must set a traffic dial for at least one Region, got none`);
    }
    const missing = known.filter((r) => !(r in dials));
    if (missing.length > 0) {
      throw validationError(scope, `'${property}' must set a traffic dial for every Region of the access point, missing ${missing.join(', ')}`);
    }
    return updates;
  }
}
