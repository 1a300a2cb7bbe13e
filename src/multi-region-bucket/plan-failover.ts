import { Duration, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { MultiRegionBucketProps } from './props';
import { ReplicationMode } from './replication';
import { hasMetrics } from './validate-monitoring';
import { RouteUpdate } from '../private/route-update';
import { validationError } from '../private/validation';
import { warn } from '../private/warnings';

/** What the build needs to create the failover routine. */
export interface FailoverPlan {
  readonly activeRegion: string;
  readonly standbyRegions: readonly string[];
  readonly drainTime: Duration;
  /** The 5xx rate that starts a failover; undefined without `serverErrorAlarm`. */
  readonly serverErrorRateThreshold?: number;
  readonly triggerAlarm?: cloudwatch.IAlarm;
  readonly regionSwitchPlan: boolean;
}

/**
 * The failover's checks and decisions: one active Region (the single active Region of `routing`,
 * else the primary), at least one standby of the setup, two-way replication with metrics (failback
 * waits for the backlog into the active Region, and writes made after a failover must flow back),
 * every Region of the failover in the access point's account, no backfill at the same time.
 */
export function planFailover(
  scope: Construct, props: MultiRegionBucketProps, routes: RouteUpdate[] | undefined,
  primaryRegion: string, account: string, accounts: ReadonlyMap<string, string>,
): FailoverPlan | undefined {
  const failover = props.failover;
  if (!failover) return undefined;
  // A setup of one Region is refused before ('regions' must list 2 to 17 Regions).
  const regions = props.regions;
  const active = routes ? routes.filter((u) => u.trafficDialPercentage === 100).map((u) => u.region) : [primaryRegion];
  if (routes && active.length === regions.length) {
    throw validationError(scope, `'failover' needs a passive Region to fail over to, got 'routing' with every Region active (${active.join(', ')}); use Routing.activePassive({ activeRegions: ['${primaryRegion}'] })`);
  }
  if (active.length !== 1) {
    throw validationError(scope, `'failover' switches one active Region, got 'routing' with ${active.length} active (${active.join(', ')})`);
  }
  const activeRegion = active[0];
  const standbyRegions = failover.standbyRegions ?? regions.filter((r) => r !== activeRegion);
  if (standbyRegions.length === 0) {
    throw validationError(scope, "'failover.standbyRegions' must name at least one passive Region to fail over to, got none");
  }
  for (const region of standbyRegions) {
    if (Token.isUnresolved(region) || !regions.includes(region)) {
      throw validationError(scope, `'failover.standbyRegions' must name Regions of 'regions' (${regions.join(', ')}), got ${Token.isUnresolved(region) ? 'a token' : region}`);
    }
    if (region === activeRegion) {
      throw validationError(scope, `'failover.standbyRegions' must not name the active Region, got ${region}`);
    }
  }
  const replication = props.replication;
  const mode = replication?.mode ?? ReplicationMode.TWO_WAY;
  if (mode !== ReplicationMode.TWO_WAY) {
    throw validationError(scope, `'failover' needs 'replication' to be two-way, got ${mode === ReplicationMode.ONE_WAY ? 'Replication.oneWay()' : 'Replication.none()'}: writes made in a standby after a failover must reach ${activeRegion} before it serves again`);
  }
  if (!replication || !hasMetrics(replication)) {
    throw validationError(scope, `'failover' needs replication metrics, got 'replication' without 'metrics' or 'replicationTimeControl': failback waits until the backlog into ${activeRegion} (OperationsPendingReplication, BytesPendingReplication) has been zero`);
  }
  if (props.backfill) {
    throw validationError(scope, "'failover' cannot be set while 'backfill' fills Regions (a standby without the existing objects would serve 404s); add it once every backfill job is Complete");
  }
  for (const region of [activeRegion, ...standbyRegions]) {
    const owner = accounts.get(region) ?? account;
    if (owner !== account) {
      throw validationError(scope, `'failover' needs its Regions in account ${account} (the access point's), got ${region} in account ${owner}`);
    }
  }
  const threshold = failover.serverErrorRateThreshold;
  if (threshold !== undefined && failover.serverErrorAlarm !== true) {
    throw validationError(scope, `'failover.serverErrorRateThreshold' is set to ${threshold} but 'failover.serverErrorAlarm' is not true`);
  }
  if (threshold !== undefined && !Token.isUnresolved(threshold) && !(threshold > 0 && threshold < 1)) {
    throw validationError(scope, `'failover.serverErrorRateThreshold' must be a rate between 0 and 1 (exclusive), got ${threshold}`);
  }
  return {
    activeRegion,
    standbyRegions,
    drainTime: failover.drainTime ?? Duration.minutes(15),
    serverErrorRateThreshold: failover.serverErrorAlarm ? threshold ?? 0.05 : undefined,
    triggerAlarm: failover.triggerAlarm,
    regionSwitchPlan: failover.regionSwitchPlan ?? false,
  };
}

/**
 * The routine lives in the global stack (beside the access point whose alias it needs). When that
 * stack is in the active Region, the Region whose failure the routine answers also runs it: the
 * failover then depends on Step Functions, EventBridge and CloudWatch of the failing Region.
 */
export function warnAboutRoutineRegion(scope: Construct, failover: FailoverPlan, globalRegion: string, regions: readonly string[]): void {
  if (Token.isUnresolved(globalRegion) || globalRegion !== failover.activeRegion) return;
  const elsewhere = failover.standbyRegions.filter((r) => r !== globalRegion);
  warn(scope, 'cdk-multi-region-bucket:failoverRoutineInActiveRegion',
    `'failover' runs its routine in the global stack, in ${globalRegion}, which is also the active Region it fails over from: ` +
    `when ${globalRegion} is unhealthy, the routine, its trigger and its alarms may be too. ` +
    `Set 'globalRegion' to a standby Region (${elsewhere.join(', ')}), or to another Region outside 'regions' (${regions.join(', ')}), on a new setup; ` +
    'on a deployed one, moving the global stack is a runbook (see "Changing a deployed setup").');
}
