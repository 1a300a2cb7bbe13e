import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MultiRegionBucket, MultiRegionBucketProps, Replication } from '../../src';
import { expectNagClean } from '../util/nag';
import { ACCOUNT } from '../util/stacks';

function site(props: Partial<MultiRegionBucketProps> = {}): MultiRegionBucket {
  return new MultiRegionBucket(new App(), 'Site', {
    regions: ['eu-west-1', 'eu-central-1'],
    account: ACCOUNT,
    globalRegion: 'eu-central-1',
    replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
    failover: {},
    ...props,
  });
}

describe("MultiRegionBucket's failover", () => {
  test('the routine is in the global stack; the primary is active and the other Region passive', () => {
    const s = site();
    expect(s.failover?.activeRegion).toBe('eu-west-1');
    expect(s.failover?.standbyRegions).toEqual(['eu-central-1']);
    expect(s.failover && s.failover.stateMachine.stack).toBe(s.globalStack);
    expect(s.accessPoint.routes?.activeRegions).toEqual(['eu-west-1']);
    expect(s.accessPoint.routes?.passiveRegions).toEqual(['eu-central-1']);
  });

  test('the backlog alarm is in the active Region, on the pending operations and bytes from every standby, and fails closed', () => {
    const s = site();
    Template.fromStack(s.stackIn('eu-west-1')).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('failover-eu-west-1-backlog$'),
      TreatMissingData: 'breaching',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'OperationsPendingReplication' }) }) }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'BytesPendingReplication' }) }) }),
      ]),
    });
  });

  test('the built-in trigger is the 5xx rate of the active Region\'s bucket, and starts the routine through EventBridge', () => {
    const s = site({ failover: { serverErrorAlarm: true, serverErrorRateThreshold: 0.1 } });
    const regional = Template.fromStack(s.stackIn('eu-west-1'));
    regional.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('failover-eu-west-1-5xx-rate$'),
      MetricName: '5xxErrors',
      Statistic: 'Average',
      Period: 60,
      Threshold: 0.1,
      EvaluationPeriods: 5,
      TreatMissingData: 'notBreaching',
    });
    regional.resourceCountIs('AWS::Events::Rule', 1);
    Template.fromStack(s.globalStack).resourceCountIs('AWS::Events::Rule', 1);
  });

  test('cdk-nag clean with every trigger', () => {
    const s = site({ failover: { serverErrorAlarm: true, regionSwitchPlan: true } });
    expectNagClean(s.node.root);
  });
});
