/**
 * The monitoring props: alarm thresholds CloudWatch accepts, alarm settings only where there are
 * alarms, and alarm topics only where something publishes to them.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MultiRegionBucketProps } from './props';
import { Replication, ReplicationMode } from './replication';
import { validationError } from '../private/validation';
import { warn } from '../private/warnings';

/** The kind of replication of `props.replication` (two-way by default). */
export function modeOf(props: MultiRegionBucketProps): ReplicationMode {
  return (props.replication ?? Replication.twoWay()).mode;
}

/** Whether S3 publishes replication metrics (and so there are replication alarms). */
export function hasMetrics(replication: Replication): boolean {
  const options = replication._options;
  return replication.mode !== ReplicationMode.NONE && (options.metrics ?? options.replicationTimeControl) !== undefined;
}

/** CloudWatch evaluates an alarm over at most one day: 288 periods of 5 minutes. */
const MAX_EVALUATION_PERIODS = 288;

/** The monitoring options: thresholds CloudWatch accepts, and alarm settings only where there are alarms. */
export function validateMonitoring(scope: Construct, props: MultiRegionBucketProps): void {
  const monitoring = props.monitoring;
  if (!monitoring) return;
  const replication = modeOf(props);
  const metrics = hasMetrics(props.replication ?? Replication.twoWay());
  if (monitoring.replicationAlarms === true && !metrics) {
    throw validationError(scope, `'monitoring.replicationAlarms' is true but replication metrics are off (${replication === ReplicationMode.NONE ? "'replication' is Replication.none()" : "'metrics' or 'replicationTimeControl' of 'replication'"}), `
      + 'so S3 publishes nothing to alarm on; turn on replication metrics or remove it');
  }
  const settings = {
    replicationLatencyThreshold: monitoring.replicationLatencyThreshold,
    replicationLatencyEvaluationPeriods: monitoring.replicationLatencyEvaluationPeriods,
    replicationFailureThreshold: monitoring.replicationFailureThreshold,
    replicationFailureEvaluationPeriods: monitoring.replicationFailureEvaluationPeriods,
  };
  const given = Object.entries(settings).filter(([, value]) => value !== undefined);
  if (given.length > 0 && !(metrics && monitoring.replicationAlarms !== false)) {
    const why = monitoring.replicationAlarms === false ? "'monitoring.replicationAlarms' is false"
      : replication === ReplicationMode.NONE ? "'replication' is Replication.none()" : "replication metrics are off ('metrics' or 'replicationTimeControl')";
    const [name, value] = given[0];
    const unresolved = value instanceof Duration ? value.isUnresolved() : Token.isUnresolved(value);
    const shown = unresolved ? 'a token' : value instanceof Duration ? value.toHumanString() : `${value}`;
    throw validationError(scope, `'monitoring.${name}' applies only to the replication alarms, but ${why}, got ${shown}; remove it or turn the alarms on`);
  }
  const latency = monitoring.replicationLatencyThreshold;
  if (latency !== undefined && !Token.isUnresolved(latency.toSeconds({ integral: false }))) {
    const seconds = latency.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw validationError(scope, `'monitoring.replicationLatencyThreshold' must be a whole number of seconds, at least 1 (S3 reports ReplicationLatency in seconds), got ${latency.toHumanString()}`);
    }
  }
  for (const property of ['replicationLatencyEvaluationPeriods', 'replicationFailureEvaluationPeriods'] as const) {
    const periods = monitoring[property];
    if (periods === undefined || Token.isUnresolved(periods)) continue;
    if (!Number.isInteger(periods) || periods < 1 || periods > MAX_EVALUATION_PERIODS) {
      throw validationError(scope, `'monitoring.${property}' must be a whole number from 1 to ${MAX_EVALUATION_PERIODS} (5-minute periods; CloudWatch evaluates at most one day), got ${periods}`);
    }
  }
  const failures = monitoring.replicationFailureThreshold;
  if (failures !== undefined && !Token.isUnresolved(failures) && (!Number.isInteger(failures) || failures < 0)) {
    throw validationError(scope, `'monitoring.replicationFailureThreshold' must be a whole number of operations, at least 0 (the alarm fires above it; a count of failed operations in 5 minutes, not a rate), got ${failures}`);
  }
}

export function validateAlarmTopics(scope: Construct, props: MultiRegionBucketProps): void {
  const replication = modeOf(props);
  const metrics = hasMetrics(props.replication ?? Replication.twoWay());
  const alarms = metrics && props.monitoring?.replicationAlarms !== false;
  if (props.alarmTopics === true && replication === ReplicationMode.NONE) {
    throw validationError(scope, "'alarmTopics' is true but 'replication' is Replication.none(): there are no replication alarms, so no topic would be created; remove 'alarmTopics' or turn on replication");
  }
  if (props.alarmTopics === true && !alarms && !props.backfill) {
    const why = metrics ? "'monitoring.replicationAlarms' is false" : "replication metrics are off ('metrics' or 'replicationTimeControl' of 'replication')";
    warn(scope,
      'cdk-multi-region-bucket:alarmTopicsWithoutAlarms',
      `'alarmTopics' is true but ${why}: the topics (and their KMS keys, which cost money every month) are created, but no alarm publishes to them.`,
    );
  }
  // The topics' display names are shortened to what SNS accepts (names.ts): they limit no prefix.
}
