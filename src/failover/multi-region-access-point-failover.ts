import { Aws, CfnOutput, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct, IConstruct } from 'constructs';
import { createRegionSwitchPlan } from './private/region-switch-plan';
import { validateFailoverProps } from './private/validate';
import type { IMultiRegionAccessPoint } from '../access-point/multi-region-access-point';
import { acknowledgeNag } from '../private/nag';
import { acknowledgeGeneratedWildcards } from '../private/nag-wildcards';
import { CONTROL_PLANE_REGIONS } from '../private/regions';
import { validationError } from '../private/validation';

/** The namespace of the metrics each switch publishes. */
const METRIC_NAMESPACE = 'CdkMultiRegionBucket/Failover';
/** The `source` of the event each switch sends to the default event bus. */
const EVENT_SOURCE = 'cdk-multi-region-bucket.failover';
const EVENT_DETAIL_TYPE = 'Multi-Region Access Point Route Switch';

/**
 * Properties of `MultiRegionAccessPointFailover.backlogAlarm()`.
 */
export interface BacklogAlarmProps {
  /** The pending-replication metrics into the returning Region (1 to 10). */
  readonly metrics: cloudwatch.IMetric[];

  /**
   * How long they must have been zero: a multiple of 5 minutes.
   *
   * @default Duration.minutes(15)
   */
  readonly drainTime?: Duration;

  /**
   * The alarm's name; needed when the routine is in another stack.
   *
   * @default - generated
   */
  readonly alarmName?: string;
}

/**
 * Properties of a {@link MultiRegionAccessPointFailover}.
 */
export interface MultiRegionAccessPointFailoverProps {
  /**
   * The access point whose routes the routine switches. It may be imported; it must know its
   * Regions (import it with `regions`).
   */
  readonly accessPoint: IMultiRegionAccessPoint;

  /**
   * The Region that serves the traffic in normal operation: failover makes it passive (traffic
   * dial 0), failback makes it active (100) again.
   */
  readonly activeRegion: string;

  /**
   * The standby Regions, in order of preference: failover makes the first one that the request
   * does not name as unhealthy active (100), in the same request that makes `activeRegion`
   * passive, so that no moment has no active Region.
   */
  readonly standbyRegions: string[];

  /**
   * The alarm that is `OK` only when the replication backlog into `activeRegion` has been zero for
   * long enough: failback without `force` waits for it. Create it with
   * `MultiRegionAccessPointFailover.backlogAlarm()` in a stack of `activeRegion` (S3 publishes the
   * pending metrics in the destination's Region), or bring your own.
   *
   * @default - failback only with `"force": true`
   */
  readonly backlogAlarm?: cloudwatch.IAlarm;

  /**
   * An alarm whose change to `ALARM` starts a failover (through an EventBridge rule in the alarm's
   * Region, which forwards the event to this stack's Region when it is another). Typically the
   * 5xx error rate of the bucket of `activeRegion`.
   *
   * @default - no automatic trigger: start the routine by hand (the `StartFailoverCommand` output)
   * or from an ARC Region switch plan
   */
  readonly triggerAlarm?: cloudwatch.IAlarm;

  /**
   * Whether to create an ARC Region switch plan (`AWS::ARCRegionSwitch::Plan`) with
   * `activeRegion` and the first standby Region, whose custom action Lambda step runs this
   * routine: activating the standby fails over, activating `activeRegion` fails back (waiting for
   * the backlog like a manual failback).
   *
   * @default false
   */
  readonly regionSwitchPlan?: boolean;

  /**
   * The Region whose S3 failover control endpoint receives the route calls: one of us-east-1,
   * us-west-2, ap-southeast-2, ap-northeast-1 and eu-west-1.
   *
   * @default - this stack's Region when it is one of them, else us-west-2; never `activeRegion`
   * (us-east-1 when `activeRegion` is us-west-2), so that a failover does not depend on the Region it leaves
   */
  readonly controlPlaneRegion?: string;
}

/**
 * Automatic failover and failback of one Multi-Region Access Point: a Step Functions state
 * machine (the routine) that switches its routes with `SubmitMultiRegionAccessPointRoutes` in a
 * routes control-plane Region.
 *
 * - Input `{"action": "failover"}` (optionally `"unhealthyRegions": [...]`): when `activeRegion`
 *   is active, makes it passive (0) and the first healthy standby active (100) in one request;
 *   when `activeRegion` is already passive, does nothing (running it twice is harmless). When
 *   every standby is unhealthy, fails with `NoHealthyStandby` and leaves the routes as they are.
 * - Input `{"action": "failback"}` (optionally `"force": true`): makes `activeRegion` active and
 *   the standbys passive, only when `backlogAlarm` is `OK` (the replication backlog into
 *   `activeRegion` has drained), else fails with `FailbackBlocked`; `force` skips the check.
 *
 * Each switch publishes the metrics `RouteSwitches` and `FailedOver` (1 while failed over, 0
 * after failback) in the namespace `CdkMultiRegionBucket/Failover`, and sends the event
 * `Multi-Region Access Point Route Switch` (source `cdk-multi-region-bucket.failover`) to the
 * default event bus; `failedOverAlarm` is in `ALARM` while the live routes differ from the
 * declared ones (ADR 0035).
 *
 * @example
 * declare const accessPoint: IMultiRegionAccessPoint; // over us-east-1 and eu-west-1
 * declare const backlogAlarm: cloudwatch.IAlarm; // MultiRegionAccessPointFailover.backlogAlarm() in us-east-1
 * new MultiRegionAccessPointFailover(stack, 'Failover', {
 *   accessPoint,
 *   activeRegion: 'us-east-1',
 *   standbyRegions: ['eu-west-1'],
 *   backlogAlarm,
 * });
 */
export class MultiRegionAccessPointFailover extends Construct {
  /** The namespace of the metrics each switch publishes. */
  public static readonly METRIC_NAMESPACE = METRIC_NAMESPACE;
  /** The `source` of the events each switch sends. */
  public static readonly EVENT_SOURCE = EVENT_SOURCE;
  /** The `detail-type` of the events each switch sends. */
  public static readonly EVENT_DETAIL_TYPE = EVENT_DETAIL_TYPE;

  /**
   * An alarm that is `OK` only when each of `metrics` (the `OperationsPendingReplication` and
   * `BytesPendingReplication` of every replication rule into the returning Region) has been zero
   * for `drainTime`. Missing data is breaching: a failback without metrics is never taken for a
   * drained backlog (pass `force` instead). Create it in a stack of the Region the metrics are
   * published in; give it an `alarmName` when the routine is in another stack.
   *
   * @param scope a construct in a stack of the Region the metrics are published in
   * @param id the alarm's construct id
   */
  public static backlogAlarm(scope: Construct, id: string, props: BacklogAlarmProps): cloudwatch.Alarm {
    const metrics = props.metrics;
    const drainTime = props.drainTime ?? Duration.minutes(15);
    if (metrics.length === 0 || metrics.length > 10) {
      throw validationError(scope, `'metrics' must hold 1 to 10 pending-replication metrics, got ${metrics.length}`);
    }
    const minutes = drainTime.toMinutes({ integral: false });
    if (!Token.isUnresolved(minutes) && (minutes < 5 || minutes % 5 !== 0)) {
      throw validationError(scope, `'drainTime' must be a multiple of 5 minutes (the period of the S3 replication metrics), got ${drainTime.toHumanString()}`);
    }
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    metrics.forEach((m, i) => { usingMetrics[`m${i}`] = m; });
    const backlog = new cloudwatch.MathExpression({
      expression: metrics.length === 1 ? 'm0' : `MAX([${metrics.map((_, i) => `m${i}`).join(', ')}])`,
      usingMetrics,
      period: Duration.minutes(5),
      label: 'Largest replication backlog',
    });
    const periods = Token.isUnresolved(minutes) ? 3 : minutes / 5;
    return new cloudwatch.Alarm(scope, id, {
      alarmName: props.alarmName,
      metric: backlog,
      alarmDescription: `The replication backlog has not been zero for ${drainTime.toHumanString()}: failback waits until this alarm is OK`,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: periods,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  /**
   * A rule in the alarm's Region that forwards its `ALARM` state changes to the default event bus
   * of `toRegion` (the routine's Region), where the routine's `triggerAlarm` rule starts it.
   *
   * @param scope a construct in a stack of the alarm's Region
   * @param id the rule's construct id
   * @param alarm the alarm
   * @param toRegion the Region of the routine
   */
  public static forwardAlarm(scope: Construct, id: string, alarm: cloudwatch.IAlarm, toRegion: string): events.Rule {
    const stack = Stack.of(scope);
    const bus = events.EventBus.fromEventBusArn(scope, `${id}Bus`, stack.formatArn({ service: 'events', region: toRegion, resource: 'event-bus', resourceName: 'default' }));
    const forward = new events.Rule(scope, id, {
      description: `Forwards the ALARM state of ${alarm.alarmName} to ${toRegion}, where it starts a failover`,
      eventPattern: alarmPattern(alarm.alarmArn),
      targets: [new targets.EventBus(bus)],
    });
    acknowledgeNag(forward, { nist80053r5: 'IAMNoInlinePolicy', hipaa: 'IAMNoInlinePolicy', pciDss321: 'IAMNoInlinePolicy' },
      `aws-cdk-lib gives the forwarding rule's role events:PutEvents on the default event bus of ${toRegion} only, as an AWS::IAM::Policy; a managed policy would grant the same and could be attached elsewhere.`);
    // No stack dependency: the rule names the default event bus, which every Region has.
    return forward;
  }

  /** The routine. */
  public readonly stateMachine: sfn.StateMachine;
  /** The Region of the S3 failover control endpoint the route calls go to. */
  public readonly controlPlaneRegion: string;
  /** The Region failover leaves and failback returns to. */
  public readonly activeRegion: string;
  /** The standby Regions, in order of preference. */
  public readonly standbyRegions: string[];
  /** In `ALARM` while the routine has failed over (the live routes differ from the declared ones). */
  public readonly failedOverAlarm: cloudwatch.Alarm;
  /** The ARC Region switch plan, when `regionSwitchPlan` is on. */
  public readonly plan?: Construct;

  private readonly accessPoint: IMultiRegionAccessPoint;
  /** The statements the custom states need, added to the role once it exists. */
  private readonly grants: iam.PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: MultiRegionAccessPointFailoverProps) {
    super(scope, id);
    const stack = Stack.of(this);
    validateFailoverProps(this, props);
    this.accessPoint = props.accessPoint;
    this.activeRegion = props.activeRegion;
    this.standbyRegions = [...props.standbyRegions];
    this.controlPlaneRegion = props.controlPlaneRegion ?? defaultControlPlaneRegion(stack.region, props.activeRegion);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    acknowledgeNag(
      logGroup,
      { nist80053r5: 'CloudWatchLogGroupEncrypted', hipaa: 'CloudWatchLogGroupEncrypted', pciDss321: 'CloudWatchLogGroupEncrypted' },
      'The routine logs route switches of one access point (Region names and traffic dials, never object data); CloudWatch Logs encrypts them at rest with service keys, and a customer managed key would protect nothing more.',
    );
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(props)),
      comment: `Fails ${props.accessPoint.node.path} over from ${props.activeRegion} to ${props.standbyRegions.join(' or ')} and back`,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
      // A failback that waits for nothing ends in seconds; a stuck call is given up after an hour.
      timeout: Duration.hours(1),
    });
    for (const statement of this.grants) this.stateMachine.addToRolePolicy(statement);
    acknowledgeRoutineFindings(this.stateMachine);
    acknowledgeCrossRegionFunction(stack);

    this.failedOverAlarm = new cloudwatch.Alarm(this, 'FailedOver', {
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'FailedOver',
        dimensionsMap: { MultiRegionAccessPoint: props.accessPoint.multiRegionAccessPointArn },
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      alarmDescription: `The routine failed ${props.accessPoint.node.path} over: its live routes differ from the declared ones until it fails back`,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      // Published only at a switch: the last state holds until the next one.
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    acknowledgeNag(this.failedOverAlarm, { nist80053r5: 'CloudWatchAlarmAction', hipaa: 'CloudWatchAlarmAction' },
      'The alarm is the lasting record that the live routes differ from the declared ones; each switch also sends an EventBridge event the user routes where they want. '
        + 'Add an action with failedOverAlarm.addAlarmAction() to be paged.');

    if (props.triggerAlarm) this.triggerOn(props.triggerAlarm);
    if (props.regionSwitchPlan) this.plan = this.createPlan();

    const start = (input: string) => `aws stepfunctions start-execution --region ${stack.region} --state-machine-arn ${this.stateMachine.stateMachineArn} --input '${input}'`;
    new CfnOutput(this, 'StartFailoverCommand', {
      description: `Fails ${props.accessPoint.node.path} over from ${props.activeRegion}`,
      value: start('{"action":"failover"}'),
    });
    new CfnOutput(this, 'StartFailbackCommand', {
      description: `Fails ${props.accessPoint.node.path} back to ${props.activeRegion} once the replication backlog into it has drained (add "force":true to skip the check)`,
      value: start('{"action":"failback"}'),
    });
  }

  /** The `source` of the events this routine sends, with the access point they concern in `detail.multiRegionAccessPointArn`. */
  public get eventSource(): string {
    return EVENT_SOURCE;
  }

  /** `RouteSwitches` of this access point (Sum over 5 minutes), published by the routine in its Region. */
  public metricRouteSwitches(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'RouteSwitches',
      dimensionsMap: { MultiRegionAccessPoint: this.accessPoint.multiRegionAccessPointArn },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...options,
    });
  }

  private definition(props: MultiRegionAccessPointFailoverProps): sfn.IChainable {
    const mrap = props.accessPoint.multiRegionAccessPointArn;
    const account = props.accessPoint.env.account;
    const target = { AccountId: account, Mrap: mrap };
    const primary = props.activeRegion;
    const standbys = props.standbyRegions;

    const defaults = new sfn.Pass(this, 'Defaults', {
      parameters: { 'defaults': { action: 'none', force: false, unhealthyRegions: [] }, 'input.$': '$' },
    });
    const normalize = new sfn.Pass(this, 'Normalize', {
      parameters: { 'request.$': 'States.JsonMerge($.defaults, $.input, false)' },
    });
    const readRoutes = this.sdkCall('ReadRoutes', this.controlPlaneRegion, 's3control', 'getMultiRegionAccessPointRoutes', target, {
      iamAction: 's3:GetMultiRegionAccessPointRoutes',
      iamResources: [mrap],
      resultSelector: { 'active.$': '$.Routes[?(@.TrafficDialPercentage == 100)].Region' },
      resultPath: '$.routes',
    });
    const check = new sfn.Pass(this, 'Check', {
      parameters: {
        'request.$': '$.request',
        'activeRegionActive.$': `States.ArrayContains($.routes.active, '${primary}')`,
        ...Object.fromEntries(standbys.map((r, i) => [`standby${i}Unhealthy.$`, `States.ArrayContains($.request.unhealthyRegions, '${r}')`])),
      },
    });

    // Failover: the first healthy standby becomes active in the request that makes the active Region passive.
    const alreadyFailedOver = new sfn.Succeed(this, 'AlreadyFailedOver', { comment: `${primary} is passive already: nothing to do` });
    const noHealthyStandby = new sfn.Fail(this, 'NoHealthyStandby', {
      error: 'NoHealthyStandby',
      cause: `Every standby Region (${standbys.join(', ')}) is named unhealthy; the routes are left as they are, so that a Region stays active`,
    });
    const publish = this.publishSwitch();
    const chooseStandby = new sfn.Choice(this, 'ChooseStandby');
    standbys.forEach((region, i) => {
      const submit = this.sdkCall(`FailOverTo-${region}`, this.controlPlaneRegion, 's3control', 'submitMultiRegionAccessPointRoutes', {
        ...target,
        RouteUpdates: [{ Region: primary, TrafficDialPercentage: 0 }, { Region: region, TrafficDialPercentage: 100 }],
      }, { iamAction: 's3:SubmitMultiRegionAccessPointRoutes', iamResources: [mrap], resultPath: sfn.JsonPath.DISCARD });
      chooseStandby.when(
        sfn.Condition.booleanEquals(`$.standby${i}Unhealthy`, false),
        submit.next(this.recordSwitch(`RecordFailoverTo-${region}`, mrap, 'failover', primary, region, 1)).next(publish),
      );
    });
    chooseStandby.otherwise(noHealthyStandby);
    const failover = new sfn.Choice(this, 'ActiveRegionActive')
      .when(sfn.Condition.booleanEquals('$.activeRegionActive', false), alreadyFailedOver)
      .otherwise(chooseStandby);

    // Failback: only once the backlog into the returning Region has drained, or when forced.
    const alreadyFailedBack = new sfn.Succeed(this, 'AlreadyFailedBack', { comment: `${primary} is active already: nothing to do` });
    const submitFailback = this.sdkCall('FailBack', this.controlPlaneRegion, 's3control', 'submitMultiRegionAccessPointRoutes', {
      ...target,
      RouteUpdates: [{ Region: primary, TrafficDialPercentage: 100 }, ...standbys.map((r) => ({ Region: r, TrafficDialPercentage: 0 }))],
    }, { iamAction: 's3:SubmitMultiRegionAccessPointRoutes', iamResources: [mrap], resultPath: sfn.JsonPath.DISCARD });
    submitFailback.next(this.recordSwitch('RecordFailback', mrap, 'failback', standbys.join(','), primary, 0)).next(publish);
    const blocked = new sfn.Fail(this, 'FailbackBlocked', {
      error: 'FailbackBlocked',
      cause: props.backlogAlarm
        ? `The replication backlog into ${primary} has not drained (alarm ${props.backlogAlarm.alarmName} is not OK); start the failback again later, or with "force": true`
        : `No backlog alarm is configured to tell that replication into ${primary} has caught up; start the failback with "force": true`,
    });
    const forced = new sfn.Choice(this, 'Forced').when(sfn.Condition.booleanEquals('$.request.force', true), submitFailback);
    if (props.backlogAlarm) {
      const alarm = props.backlogAlarm;
      const readBacklog = this.sdkCall('ReadBacklogAlarm', alarm.env.region, 'cloudwatch', 'describeAlarms', { AlarmNames: [alarm.alarmName] }, {
        iamAction: 'cloudwatch:DescribeAlarms',
        iamResources: [alarm.alarmArn],
        resultSelector: { 'state.$': '$.MetricAlarms[0].StateValue' },
        resultPath: '$.backlog',
      });
      forced.otherwise(readBacklog.next(new sfn.Choice(this, 'BacklogDrained')
        .when(sfn.Condition.stringEquals('$.backlog.state', 'OK'), submitFailback)
        .otherwise(blocked)));
    } else {
      forced.otherwise(blocked);
    }
    const failback = new sfn.Choice(this, 'ActiveRegionPassive')
      .when(sfn.Condition.booleanEquals('$.activeRegionActive', true), alreadyFailedBack)
      .otherwise(forced);

    const action = new sfn.Choice(this, 'Action')
      .when(sfn.Condition.stringEquals('$.request.action', 'failover'), failover)
      .when(sfn.Condition.stringEquals('$.request.action', 'failback'), failback)
      .otherwise(new sfn.Fail(this, 'UnknownAction', { error: 'UnknownAction', cause: 'The input must be {"action": "failover"} or {"action": "failback"}' }));
    return defaults.next(normalize).next(readRoutes).next(check).next(action);
  }

  /** A Pass state that puts the metric data and the event entry of one switch (all literal) in `$.switch`. */
  private recordSwitch(id: string, mrap: string, direction: 'failover' | 'failback', from: string, to: string, failedOver: number): sfn.Pass {
    const dimensions = [{ Name: 'MultiRegionAccessPoint', Value: mrap }];
    return new sfn.Pass(this, id, {
      result: sfn.Result.fromObject({
        direction,
        metricData: [
          { MetricName: 'RouteSwitches', Dimensions: dimensions, Value: 1, Unit: 'Count' },
          { MetricName: 'FailedOver', Dimensions: dimensions, Value: failedOver, Unit: 'None' },
        ],
        entries: [{
          Source: EVENT_SOURCE,
          DetailType: EVENT_DETAIL_TYPE,
          Resources: [mrap],
          Detail: Stack.of(this).toJsonString({ multiRegionAccessPointArn: mrap, direction, fromRegions: from.split(','), toRegion: to }),
        }],
      }),
      resultPath: '$.switch',
    });
  }

  /**
   * Publishes the metrics of a switch, then its event. Custom states rather than `CallAwsService`,
   * whose grant could not carry the conditions: metrics of this namespace only, events of this
   * source only.
   */
  private publishSwitch(): sfn.IChainable {
    const stack = Stack.of(this);
    const sdk = (action: string) => `arn:${Aws.PARTITION}:states:::aws-sdk:${action}`;
    const putMetric = new sfn.CustomState(this, 'PublishSwitchMetrics', {
      stateJson: { Type: 'Task', Resource: sdk('cloudwatch:putMetricData'), Parameters: { 'Namespace': METRIC_NAMESPACE, 'MetricData.$': '$.switch.metricData' }, ResultPath: null },
    });
    const putEvent = new sfn.CustomState(this, 'PublishSwitchEvent', {
      stateJson: { Type: 'Task', Resource: sdk('eventbridge:putEvents'), Parameters: { 'Entries.$': '$.switch.entries' }, ResultPath: null },
    });
    this.grants.push(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        // PutMetricData has no resource type: the namespace condition is what scopes it.
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } },
      }),
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })],
        // events:source is multivalued (one per entry): every entry must carry this source, and there must be one.
        conditions: { 'ForAllValues:StringEquals': { 'events:source': [EVENT_SOURCE] }, 'Null': { 'events:source': 'false' } },
      }),
    );
    return putMetric.next(putEvent).next(new sfn.Succeed(this, 'Switched'));
  }

  /**
   * An AWS SDK call in `region`: the Step Functions AWS SDK integration when it is this stack's
   * Region (the integration calls the state machine's own Region), else aws-cdk-lib's
   * `CallAwsServiceCrossRegion`, whose function calls the given Region.
   */
  private sdkCall(id: string, region: string, service: string, action: string, parameters: Record<string, unknown>,
    options: { iamAction: string; iamResources: string[]; resultSelector?: Record<string, string>; resultPath?: string }): sfn.TaskStateBase {
    const stack = Stack.of(this);
    if (Token.isUnresolved(region) || region === stack.region) {
      return new tasks.CallAwsService(this, id, { service, action, parameters, ...options });
    }
    return new tasks.CallAwsServiceCrossRegion(this, id, {
      service: service === 's3control' ? 's3-control' : service,
      action,
      region,
      parameters,
      iamAction: options.iamAction,
      iamResources: options.iamResources,
      // The task invokes the function directly (Resource: its ARN): its output is the SDK response itself.
      resultSelector: options.resultSelector,
      resultPath: options.resultPath,
    });
  }

  /**
   * Starts a failover when `alarm` goes to ALARM. EventBridge receives the alarm's state changes
   * in the alarm's Region: a rule there starts the routine, or forwards the event to the default
   * event bus of the routine's Region, where a second rule starts it. An alarm imported from
   * another Region (by ARN) gets only the second rule: forward its events with
   * `MultiRegionAccessPointFailover.forwardAlarm()` in a stack of its Region.
   */
  private triggerOn(alarm: cloudwatch.IAlarm): void {
    const stack = Stack.of(this);
    const input = events.RuleTargetInput.fromObject({ action: 'failover', trigger: events.EventField.fromPath('$.resources[0]') });
    const start = new targets.SfnStateMachine(this.stateMachine, { input });
    new events.Rule(this, 'OnAlarm', { description: `Fails over when ${alarm.alarmName} goes to ALARM`, eventPattern: alarmPattern(alarm.alarmArn), targets: [start] });
    const alarmStack = Stack.of(alarm);
    if (alarm.env.region !== stack.region && alarmStack.region === alarm.env.region) {
      MultiRegionAccessPointFailover.forwardAlarm(alarmStack, `${this.node.id}ForwardAlarm`, alarm, stack.region);
    }
  }

  /**
   * An ARC Region switch plan over `activeRegion` and the first standby: its custom action Lambda
   * step starts this routine (failover when the standby is activated, failback when
   * `activeRegion` is).
   */
  private createPlan(): Construct {
    return createRegionSwitchPlan(this, this.stateMachine, this.activeRegion, this.standbyRegions[0]);
  }
}

/** The findings of the routine's role and state machine that are its design, each with its reason. */
function acknowledgeRoutineFindings(stateMachine: sfn.StateMachine): void {
  // On the state machine: its role, and the roles aws-cdk-lib creates under it for the EventBridge targets that start it.
  acknowledgeNag(
    stateMachine,
    { nist80053r5: 'IAMNoInlinePolicy', hipaa: 'IAMNoInlinePolicy', pciDss321: 'IAMNoInlinePolicy' },
    'aws-cdk-lib gives the routine\'s role (and the EventBridge role that starts it) their permissions as an AWS::IAM::Policy: the route calls of one access point, one alarm read, '
      + 'metric and event writes conditioned on this library\'s namespace and source, or states:StartExecution of this one state machine. A managed policy would grant the same and could be attached elsewhere.',
  );
  const policy = stateMachine.role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  if (policy) {
    acknowledgeGeneratedWildcards(policy,
      'cloudwatch:PutMetricData has no resource type, so its resource is * with the condition cloudwatch:namespace = CdkMultiRegionBucket/Failover; '
      + 'lambda:InvokeFunction of aws-cdk-lib\'s cross-Region call function names its versions with :*.');
  }
}

/**
 * The findings of aws-cdk-lib's cross-Region AWS SDK call function (`CallAwsServiceCrossRegion`,
 * one per stack), when the routine uses it: a property of that function, not of what it calls.
 */
function acknowledgeCrossRegionFunction(stack: Stack): void {
  const fn = stack.node.tryFindChild(CROSS_REGION_FUNCTION_ID);
  // One function per stack, whichever routine created it: acknowledged once.
  if (!fn || ACKNOWLEDGED_CROSS_REGION.has(fn)) return;
  ACKNOWLEDGED_CROSS_REGION.add(fn);
  const inEveryPack = (rule: string) => ({ nist80053r5: rule, hipaa: rule, pciDss321: rule });
  acknowledgeNag(fn, inEveryPack('LambdaInsideVPC'),
    'aws-cdk-lib\'s cross-Region call function calls the S3 Control and CloudWatch APIs of another Region for the failover routine; a VPC would need endpoints or NAT without isolating anything.');
  acknowledgeNag(fn, { nist80053r5: 'LambdaConcurrency', hipaa: 'LambdaConcurrency' },
    'Invoked only by the failover routine, a few times per switch; reserving concurrency would take capacity from the account.');
  acknowledgeNag(fn, { nist80053r5: 'LambdaDLQ', hipaa: 'LambdaDLQ' },
    'Step Functions invokes it synchronously and receives every error as the task\'s failure (with retries); there is no asynchronous event to keep in a queue.');
  acknowledgeNag(fn, inEveryPack('IAMNoInlinePolicy'),
    'aws-cdk-lib grants the cross-Region call function the exact calls of the routine\'s tasks (one access point\'s routes, one alarm) in an AWS::IAM::Policy of its own role.');
  // Under @aws-cdk/aws-lambda:useCdkManagedLogGroup the function's log group is in the template;
  // acknowledged only when it is there (an acknowledgement that matches nothing hides a future finding).
  const logGroup = fn.node.tryFindChild('LogGroup');
  if (logGroup) {
    acknowledgeNag(logGroup, inEveryPack('CloudWatchLogGroupEncrypted'),
      'The log group of aws-cdk-lib\'s cross-Region call function holds the outcome of the failover routine\'s route and alarm calls (no object data); CloudWatch Logs encrypts it with service keys.');
  }
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'aws-cdk-lib gives its cross-Region call function the AWS managed AWSLambdaBasicExecutionRole to write its logs; the library does not own that function\'s role.',
  });
}

/** The cross-Region call functions already acknowledged (aws-cdk-lib's singleton, not ours to stamp). */
const ACKNOWLEDGED_CROSS_REGION = new WeakSet<IConstruct>();

/** The construct id aws-cdk-lib gives its cross-Region AWS SDK call function (`CallAwsServiceCrossRegion`). */
const CROSS_REGION_FUNCTION_ID = 'CrossRegionAwsSdk8a0c93f3dbef4b71ac137aaf2048ce7e';

/**
 * The routine's control-plane Region: its own Region when that has a failover control endpoint
 * (no cross-Region call), else us-west-2; never the Region it fails over from.
 */
function defaultControlPlaneRegion(stackRegion: string, activeRegion: string): string {
  if (!Token.isUnresolved(stackRegion) && CONTROL_PLANE_REGIONS.includes(stackRegion) && stackRegion !== activeRegion) return stackRegion;
  return activeRegion === 'us-west-2' ? 'us-east-1' : 'us-west-2';
}

/** The EventBridge pattern of an alarm's change to ALARM. */
function alarmPattern(alarmArn: string): events.EventPattern {
  return {
    source: ['aws.cloudwatch'],
    detailType: ['CloudWatch Alarm State Change'],
    resources: [alarmArn],
    detail: { state: { value: ['ALARM'] } },
  };
}
