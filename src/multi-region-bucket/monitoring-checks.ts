import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from '../private/validation';
import { warn } from '../private/warnings';

/** What the monitoring options are checked against: who replicates to whom, in which account. */
export interface MonitoringTargets {
  /** The account of the global stack (and of the construct's dashboard). */
  readonly account: string;
  /** The account of the bucket of each Region. */
  readonly accounts: ReadonlyMap<string, string>;
  /** The Regions whose buckets replicate to the others. */
  readonly sources: readonly string[];
  /** The Regions whose buckets receive replicas. */
  readonly destinations: readonly string[];
  /** Whether the replication rules have replication metrics (and so replication alarms, unless turned off). */
  readonly metrics: boolean;
}

/** The options of `monitoring` this file checks. */
interface MonitoringOptions {
  readonly replicationAlarms?: boolean;
  readonly replicationFailureEvaluationPeriods?: number;
  readonly replicationLatencyThreshold?: Duration;
  readonly replicationLatencyEvaluationPeriods?: number;
  readonly dashboard?: boolean;
}

/**
 * Monitoring options that tune nothing, refused: a latency setting when no pair has a latency
 * alarm (every pair crosses accounts, docs/adr/0024), and a dashboard asked for in an account that
 * has no bucket (it would show nothing). Warned: a failure alarm that waits for several periods of
 * failures, and so misses failures within one. Tokens are not checked.
 */
export function validateMonitoringTargets(scope: IConstruct, monitoring: MonitoringOptions | undefined, targets: MonitoringTargets): void {
  if (!monitoring) return;
  const { account, accounts, sources, destinations, metrics } = targets;
  if (metrics && monitoring.replicationAlarms !== false && !Token.isUnresolved(account)) {
    const pairs = sources.flatMap((src) => destinations.filter((dst) => dst !== src).map((dst) => [src, dst] as const));
    const latencyAlarms = pairs.filter(([src, dst]) => accounts.get(src) === accounts.get(dst));
    const threshold = monitoring.replicationLatencyThreshold;
    const latency = [
      ['replicationLatencyThreshold', threshold && (threshold.isUnresolved() ? 'a token' : threshold.toHumanString())],
      ['replicationLatencyEvaluationPeriods', monitoring.replicationLatencyEvaluationPeriods],
    ].find(([, value]) => value !== undefined);
    if (latency && pairs.length > 0 && latencyAlarms.length === 0) {
      const crossing = pairs.map(([src, dst]) => `${src} (${accounts.get(src)}) to ${dst} (${accounts.get(dst)})`).join(', ');
      const shown = Token.isUnresolved(latency[1]) ? 'a token' : latency[1];
      throw validationError(scope, `'monitoring.${latency[0]}' tunes no alarm, got ${shown}: every replication pair crosses accounts (${crossing}), `
        + 'and S3 publishes ReplicationLatency in the source\'s account in the destination\'s Region, where this construct has no stack, so no pair has a latency alarm. '
        + 'Remove it, and watch the latency with metricReplicationLatency() on a dashboard or alarm of the source\'s account');
    }
  }
  const alarms = metrics && monitoring.replicationAlarms !== false;
  const failurePeriods = monitoring.replicationFailureEvaluationPeriods;
  if (alarms && failurePeriods !== undefined && !Token.isUnresolved(failurePeriods) && failurePeriods > 1) {
    warn(scope,
      'cdk-multi-region-bucket:failureAlarmMissesIsolatedFailures',
      `'monitoring.replicationFailureEvaluationPeriods' is ${failurePeriods}: the failure alarm fires only when operations fail in `
        + `${failurePeriods} consecutive 5-minute periods, `
        + 'so failures within one period (objects that are then never replicated) raise no alarm. To ignore a few failures, keep it at 1 and raise \'monitoring.replicationFailureThreshold\'.',
    );
  }
  if (monitoring.dashboard === true && !Token.isUnresolved(account) && ![...accounts.values()].includes(account)) {
    const withBuckets = [...new Set(accounts.values())];
    throw validationError(scope, `'monitoring.dashboard' is true, but the dashboard would be in the global stack's account (${account}), which has no bucket: `
      + `it would show nothing (CloudWatch has each bucket's metrics in the bucket's account). Remove it, and place dashboardWidgets('${withBuckets[0]}') on a dashboard in ${withBuckets.length > 1 ? `each of ${withBuckets.join(', ')}` : withBuckets[0]}`);
  }
}
