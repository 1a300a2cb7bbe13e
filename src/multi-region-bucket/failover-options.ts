import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Options of `MultiRegionBucket`'s `failover`: a routine that fails the access point over from
 * the active Region to a standby and back (`MultiRegionAccessPointFailover`).
 */
export interface MultiRegionBucketFailoverOptions {
  /**
   * The standby Regions, in order of preference.
   *
   * @default - every Region but the active one, in the order of `regions`
   */
  readonly standbyRegions?: string[];

  /**
   * How long the replication backlog into the active Region must have been zero before a
   * failback (a multiple of 5 minutes).
   *
   * @default Duration.minutes(15)
   */
  readonly drainTime?: Duration;

  /**
   * Start a failover when the 5xx error rate of the active Region's bucket is above
   * `serverErrorRateThreshold` for 5 minutes in a row (an alarm in the active Region; no requests
   * is not an error).
   *
   * @default false - fail over by hand or with `triggerAlarm` / the ARC plan
   */
  readonly serverErrorAlarm?: boolean;

  /**
   * The 5xx error rate (0 to 1) above which `serverErrorAlarm` starts a failover.
   *
   * @default 0.05
   */
  readonly serverErrorRateThreshold?: number;

  /**
   * Your alarm whose change to ALARM starts a failover. It must have an explicit `alarmName` when
   * it is in another stack than the routine (the global stack).
   *
   * @default - none
   */
  readonly triggerAlarm?: cloudwatch.IAlarm;

  /**
   * Create an ARC Region switch plan whose custom action Lambda step runs the routine.
   *
   * @default false
   */
  readonly regionSwitchPlan?: boolean;
}
