import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { alarmNamePrefix } from './monitoring';
import { FailoverPlan } from './plan-failover';
import type { IMultiRegionAccessPoint } from '../access-point';
import { MultiRegionAccessPointFailover } from '../failover';
import { acknowledgeNag } from '../private/nag';

/** What the failover build needs from the `MultiRegionBucket` being built. */
export interface FailoverBuildContext {
  readonly plan: FailoverPlan;
  readonly accessPoint: IMultiRegionAccessPoint;
  readonly routingControlPlaneRegion?: string;
  readonly dashboardName: string;
  readonly stackIn: (region: string) => Stack;
  readonly globalStack: Stack;
  /** The ID prefix of what this construct adds to the global stack. */
  readonly idPrefix: string;
  /** The pending-replication metrics (operations and bytes) from `source` into `destination`. */
  readonly pendingInto: (source: string, destination: string) => cloudwatch.IMetric[];
  /** The 5xx error rate of the bucket of `region` (Average of 5xxErrors over 1 minute). */
  readonly serverErrorRate: (region: string) => cloudwatch.IMetric;
}

/**
 * The failover routine of a `MultiRegionBucket`: in the global stack (which holds the access
 * point, whose alias it needs; a stack in another Region could only read it across Regions), with
 * the backlog alarm and the optional 5xx trigger alarm in the active Region's stack, where S3
 * publishes those metrics. Alarm names are explicit: the global stack names them across Regions.
 */
export function buildFailover(context: FailoverBuildContext): MultiRegionAccessPointFailover {
  const { plan } = context;
  const active = plan.activeRegion;
  const activeStack = context.stackIn(active);
  const prefix = alarmNamePrefix(context.dashboardName, active).replace(/-replication-/, '-failover-');
  // Two-way replication: every standby replicates into the active Region.
  const metrics = plan.standbyRegions.flatMap((source) => context.pendingInto(source, active));
  const backlogAlarm = MultiRegionAccessPointFailover.backlogAlarm(activeStack, 'FailoverBacklog', {
    metrics, drainTime: plan.drainTime, alarmName: `${prefix}backlog`,
  });
  acknowledgeNag(backlogAlarm, { nist80053r5: 'CloudWatchAlarmAction', hipaa: 'CloudWatchAlarmAction' },
    'The backlog alarm is a gate the failover routine reads (OK: the replication into this Region has drained); it is not a notification.');

  let triggerAlarm = plan.triggerAlarm;
  if (plan.serverErrorRateThreshold !== undefined) {
    const trigger = new cloudwatch.Alarm(activeStack, 'FailoverTrigger', {
      alarmName: `${prefix}5xx-rate`,
      alarmDescription: `The 5xx error rate of the ${active} bucket has been above ${plan.serverErrorRateThreshold} for 5 minutes: starts a failover`,
      metric: context.serverErrorRate(active),
      threshold: plan.serverErrorRateThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      // No requests is not an error: a quiet Region is no reason to fail over.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Its action is the failover (EventBridge). The alarm topic's policy admits the replication
    // alarms only, and the switch event is the notification.
    acknowledgeNag(trigger, { nist80053r5: 'CloudWatchAlarmAction', hipaa: 'CloudWatchAlarmAction' },
      'Its action is the failover: EventBridge starts the routine on its ALARM state, and the routine sends an event for each switch.');
    triggerAlarm = trigger;
  }

  // The routine names the alarms by literal ARNs, never by a reference to the active Region's stack:
  // in the same Region a reference is an export, which removing `failover` could not drop while the
  // global stack still imports it (the transition checker's finding).
  const byArn = (alarm: cloudwatch.IAlarm, name: string) => {
    const arn = Stack.of(alarm).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    return cloudwatch.Alarm.fromAlarmArn(context.globalStack, `${context.idPrefix}Failover${name === `${prefix}backlog` ? 'Backlog' : 'Trigger'}Alarm`, arn);
  };
  if (triggerAlarm && context.globalStack.region !== active && plan.serverErrorRateThreshold !== undefined) {
    MultiRegionAccessPointFailover.forwardAlarm(activeStack, 'FailoverTriggerForward', triggerAlarm, context.globalStack.region);
  }

  return new MultiRegionAccessPointFailover(context.globalStack, `${context.idPrefix}Failover`, {
    accessPoint: context.accessPoint,
    activeRegion: active,
    standbyRegions: [...plan.standbyRegions],
    backlogAlarm: byArn(backlogAlarm, `${prefix}backlog`),
    triggerAlarm: plan.serverErrorRateThreshold !== undefined ? byArn(triggerAlarm!, `${prefix}5xx-rate`) : triggerAlarm,
    regionSwitchPlan: plan.regionSwitchPlan,
    controlPlaneRegion: context.routingControlPlaneRegion,
  });
}
