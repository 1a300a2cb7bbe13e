import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Backfill, MultiRegionAccessPoint, MultiRegionAccessPointFailover, MultiRegionAccessPointFailoverProps, MultiRegionBucket, MultiRegionBucketProps, Replication, Routing } from '../../../src';
import { ACCOUNT } from '../../util/stacks';
import type { Mistake } from '../mistakes';

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
    return MultiRegionAccessPointFailover.backlogAlarm(stack, 'Backlog', { metrics: Array.from({ length: metrics }, (_, i) => metric(i)), drainTime });
  };
}

const RTC = Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES });

/** A MultiRegionBucket over us-east-1 and eu-west-1 with two-way replication and RTC, and `failover`. */
function site(props: Partial<MultiRegionBucketProps>): () => MultiRegionBucket {
  return () => new MultiRegionBucket(new App(), 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT, replication: RTC, failover: {}, ...props });
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
  // MultiRegionBucket's `failover`.
  { name: 'a failover standby that is not one of the Regions', property: 'failover.standbyRegions', value: "must name Regions of 'regions' (us-east-1, eu-west-1), got ap-south-1", build: site({ failover: { standbyRegions: ['ap-south-1'] } }) },
  { name: 'a failover standby that is the active Region', property: 'failover.standbyRegions', value: 'must not name the active Region, got us-east-1', build: site({ failover: { standbyRegions: ['us-east-1'] } }) },
  { name: 'failover with every Region active', property: 'failover', value: "needs a passive Region to fail over to, got 'routing' with every Region active (us-east-1, eu-west-1)", build: site({ routing: Routing.activeActive() }) },
  { name: 'failover of a one-Region setup', property: 'regions', value: 'must list 2 to 17 Regions (a Multi-Region Access Point spans at most 17), got 1', build: site({ regions: ['us-east-1'] }) },
  { name: 'failover without a standby Region', property: 'failover.standbyRegions', value: 'must name at least one passive Region to fail over to, got none', build: site({ failover: { standbyRegions: [] } }) },
  { name: 'failover with two active Regions', property: 'failover', value: "switches one active Region, got 'routing' with 2 active (us-east-1, eu-west-1)", build: site({ regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], routing: Routing.activePassive({ activeRegions: ['us-east-1', 'eu-west-1'] }) }) },
  { name: 'failover with one-way replication', property: 'failover', value: "needs 'replication' to be two-way, got Replication.oneWay()", build: site({ replication: Replication.oneWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }) }) },
  { name: 'failover without replication metrics', property: 'failover', value: "needs replication metrics, got 'replication' without 'metrics' or 'replicationTimeControl'", build: site({ replication: Replication.twoWay() }) },
  { name: 'failover while a Region is backfilled', property: 'failover', value: "cannot be set while 'backfill' fills Regions", build: site({ regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], backfill: Backfill.existingObjects({ regions: ['ap-southeast-2'] }) }) },
  { name: 'failover with a standby in another account', property: 'failover', value: 'needs its Regions in account 111111111111 (the access point\'s), got eu-west-1 in account 222222222222', build: site({ accounts: { 'eu-west-1': '222222222222' } }) },
  {
    name: 'the failover routine in the Region it fails over from (the default global Region)',
    property: 'failover',
    value: 'in us-east-1, which is also the active Region it fails over from',
    warning: 'cdk-multi-region-bucket:failoverRoutineInActiveRegion',
    build: site({}),
  },
  { name: 'a 5xx threshold without the 5xx alarm', property: 'failover.serverErrorRateThreshold', value: "is set to 0.1 but 'failover.serverErrorAlarm' is not true", build: site({ failover: { serverErrorRateThreshold: 0.1 } }) },
  { name: 'a 5xx threshold that is not a rate', property: 'failover.serverErrorRateThreshold', value: 'must be a rate between 0 and 1 (exclusive), got 5', build: site({ failover: { serverErrorAlarm: true, serverErrorRateThreshold: 5 } }) },
] as Array<Omit<Mistake, 'group'>>).map((row) => ({ ...row, group: 'access point and routing' as const }));
