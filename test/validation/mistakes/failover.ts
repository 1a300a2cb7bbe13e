import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Mistake } from '../mistakes';
import { MultiRegionAccessPoint, MultiRegionAccessPointFailover, MultiRegionAccessPointFailoverProps } from '../../../src';
import { ACCOUNT } from '../../util/stacks';

/** A failover of an imported access point over `regions`, in a stack of us-west-2. */
function failover(props: Partial<MultiRegionAccessPointFailoverProps>, regions: string[] = ['us-east-1', 'us-west-2']): () => MultiRegionAccessPointFailover {
  return () => {
    const stack = new Stack(new App(), 'Ops', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'AccessPoint', { multiRegionAccessPointAlias: 'abc123.mrap', regions });
    return new MultiRegionAccessPointFailover(stack, 'Failover', { accessPoint, activeRegion: 'us-east-1', standbyRegions: ['us-west-2'], ...props });
  };
}

function backlogAlarm(metrics: number, drainTime?: Duration): () => cloudwatch.Alarm {
  return () => {
    const stack = new Stack(new App(), 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const metric = (i: number) => new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'OperationsPendingReplication', dimensionsMap: { RuleId: `rule-${i}` } });
    return MultiRegionAccessPointFailover.backlogAlarm(stack, 'Backlog', Array.from({ length: metrics }, (_, i) => metric(i)), drainTime);
  };
}

/** Automatic failover (MultiRegionAccessPointFailover, and MultiRegionBucket's `failover`). */
export const FAILOVER_MISTAKES: Mistake[] = ([
  { name: 'a standby Region that is not in the access point', property: 'standbyRegions', value: 'must name Regions of the access point (us-east-1, us-west-2), got eu-central-1', build: failover({ standbyRegions: ['eu-central-1'] }) },
  { name: 'no passive Region to fail over to', property: 'standbyRegions', value: 'must name at least one passive Region to fail over to, got none', build: failover({ standbyRegions: [] }) },
  { name: 'failover of a one-Region access point', property: 'accessPoint', value: 'must have at least two Regions to fail over between, got one (us-east-1)', build: failover({}, ['us-east-1']) },
  { name: 'an active Region that is not in the access point', property: 'activeRegion', value: 'must be a Region of the access point (us-east-1, us-west-2), got eu-west-1', build: failover({ activeRegion: 'eu-west-1' }) },
  { name: 'the active Region as its own standby', property: 'standbyRegions', value: "must not name the active Region, got us-east-1 (the 'activeRegion')", build: failover({ standbyRegions: ['us-east-1'] }) },
  { name: 'a standby Region named twice', property: 'standbyRegions', value: 'names Region us-west-2 more than once', build: failover({ standbyRegions: ['us-west-2', 'us-west-2'] }) },
  { name: 'a standby Region that is a token', property: 'standbyRegions', value: 'must be literal Region names (the routine names each in its states), got a token', build: failover({ standbyRegions: [Token.asString({ Ref: 'Standby' })] }) },
  { name: 'an active Region that is a token', property: 'activeRegion', value: 'must be a literal Region name (the routine names it in its states), got a token', build: failover({ activeRegion: Token.asString({ Ref: 'Active' }) }) },
  { name: 'failover of an access point whose Regions are not known', property: 'accessPoint', value: 'must know its Regions, got Ops/AccessPoint without', build: failover({}, []) },
  { name: 'failover through a Region without a failover control endpoint', property: 'controlPlaneRegion', value: "got 'us-east-2' (only these Regions have an S3 failover control endpoint)", build: failover({ controlPlaneRegion: 'us-east-2' }) },
  { name: 'a backlog alarm without metrics', property: 'metrics', value: 'must hold 1 to 10 pending-replication metrics, got 0', build: backlogAlarm(0) },
  { name: 'a backlog alarm over more metrics than an alarm takes', property: 'metrics', value: 'must hold 1 to 10 pending-replication metrics, got 11', build: backlogAlarm(11) },
  { name: 'a drain time that is not a multiple of the metrics\' period', property: 'drainTime', value: 'must be a multiple of 5 minutes (the period of the S3 replication metrics), got 7 minutes', build: backlogAlarm(1, Duration.minutes(7)) },
] as Array<Omit<Mistake, 'group'>>).map((row) => ({ ...row, group: 'access point and routing' as const }));
