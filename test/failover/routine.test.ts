// aws-local-stepfunctions uses Promise.withResolvers (Node 22); Node 20 lacks it. Remove with Node 20.
(Promise as any).withResolvers ??= function withResolvers<T>() {
  let settle!: (value: T) => void; let reject!: (reason?: unknown) => void;
  return { promise: new Promise<T>((res, rej) => { settle = res; reject = rej; }), resolve: settle, reject };
};

import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MultiRegionAccessPoint, MultiRegionAccessPointFailover, MultiRegionAccessPointFailoverProps } from '../../src';
import { ACCOUNT } from '../util/stacks';

// Both are CommonJS under jest; aws-local-stepfunctions' types are declared for its ESM entry, hence require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StateMachine } = require('aws-local-stepfunctions') as typeof import('aws-local-stepfunctions', { with: { 'resolution-mode': 'import' } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (definition: unknown, options?: unknown) => { isValid: boolean; errors: unknown[] };

const MRAP = `arn:aws:s3::${ACCOUNT}:accesspoint/abc123.mrap`;

/** A routine over an imported access point in us-east-1, eu-west-1 and ap-southeast-2; the routine in us-west-2, a control-plane Region. */
function routine(props: Partial<MultiRegionAccessPointFailoverProps> = {}, withBacklogAlarm = true, region = 'us-west-2'): { definition: any; template: Template } {
  const app = new App();
  const stack = new Stack(app, 'Ops', { env: { account: ACCOUNT, region } });
  const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'AccessPoint', {
    multiRegionAccessPointAlias: 'abc123.mrap', regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  });
  const backlogAlarm = withBacklogAlarm
    ? cloudwatch.Alarm.fromAlarmArn(stack, 'Backlog', `arn:aws:cloudwatch:us-west-2:${ACCOUNT}:alarm:backlog-into-us-east-1`)
    : undefined;
  new MultiRegionAccessPointFailover(stack, 'Failover', {
    accessPoint, activeRegion: 'us-east-1', standbyRegions: ['eu-west-1', 'ap-southeast-2'], backlogAlarm, ...props,
  });
  const template = Template.fromStack(stack);
  const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
  return { definition: JSON.parse(resolveIntrinsics(machine.Properties.DefinitionString)), template };
}

/** Fn::Join, the partition and a function's ARN, as CloudFormation resolves them in the aws partition. */
function resolveIntrinsics(value: any): any {
  if (typeof value === 'string') return value;
  if (value?.Ref === 'AWS::Partition') return 'aws';
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(resolveIntrinsics).join(value['Fn::Join'][0]);
  if (value?.['Fn::GetAtt']?.[1] === 'Arn') return `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:${value['Fn::GetAtt'][0]}`;
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** Recorded responses: GetMultiRegionAccessPointRoutes with the given dials, DescribeAlarms with the given state. */
function routes(dials: Record<string, number>) {
  return { Mrap: MRAP, Routes: Object.entries(dials).map(([Region, TrafficDialPercentage]) => ({ Bucket: `data-${Region}`, Region, TrafficDialPercentage })) };
}
const alarm = (StateValue: string) => ({ MetricAlarms: [{ AlarmName: 'backlog-into-us-east-1', StateValue }], CompositeAlarms: [] });

const NORMAL = { 'us-east-1': 100, 'eu-west-1': 0, 'ap-southeast-2': 0 };
const FAILED_OVER = { 'us-east-1': 0, 'eu-west-1': 100, 'ap-southeast-2': 0 };

interface Trace {
  /** The states entered, in order. */
  readonly states: string[];
  /** The calls made (state name and parameters), in order. */
  readonly calls: Array<{ state: string; input: any }>;
  readonly error?: string;
}

/** Runs the routine locally: every Task answers with a recorded response, and the trace records what it was asked. */
async function run(definition: any, input: unknown, responses: { routes: unknown; backlog?: unknown }): Promise<Trace> {
  const calls: Array<{ state: string; input: any }> = [];
  const handlers: Record<string, (input: any) => any> = {};
  for (const [name, state] of Object.entries<any>(definition.States)) {
    if (state.Type !== 'Task') continue;
    handlers[name] = (taskInput: any) => {
      calls.push({ state: name, input: taskInput });
      if (name === 'ReadRoutes') return responses.routes;
      if (name === 'ReadBacklogAlarm') return responses.backlog;
      return {};
    };
  }
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as any, { overrides: { taskResourceLocalHandlers: handlers } });
  let error: string | undefined;
  try {
    await execution.result;
  } catch (e) {
    error = (e as Error).message;
  }
  const states: string[] = [];
  for await (const event of execution.eventLogs) {
    if (event.type === 'StateEntered') states.push(event.state.name);
  }
  return { states, calls, error };
}

const submitted = (trace: Trace) => trace.calls.filter((c) => c.state.startsWith('FailOverTo') || c.state === 'FailBack').map((c) => c.input.RouteUpdates);
const published = (trace: Trace) => trace.calls.filter((c) => c.state === 'PublishSwitchMetrics' || c.state === 'PublishSwitchEvent');

describe('the routine', () => {
  test('its definition is valid Amazon States Language (asl-validator)', () => {
    const { definition } = routine();
    const result = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
    // Without a backlog alarm and with a plan, too.
    expect(aslValidator(routine({ regionSwitchPlan: true }, false).definition).errors).toEqual([]);
  });

  test('its states', () => {
    expect(Object.keys(routine().definition.States).sort()).toEqual([
      'Defaults', 'Normalize', 'ReadRoutes', 'Check', 'Action', 'UnknownAction',
      'ActiveRegionActive', 'ChooseStandby', 'NoHealthyStandby',
      'FailOverTo-eu-west-1', 'RecordFailoverTo-eu-west-1', 'PublishSwitchMetrics', 'PublishSwitchEvent', 'Switched',
      'FailOverTo-ap-southeast-2', 'RecordFailoverTo-ap-southeast-2', 'AlreadyFailedOver',
      'ActiveRegionPassive', 'Forced', 'FailBack', 'RecordFailback', 'ReadBacklogAlarm', 'BacklogDrained', 'FailbackBlocked', 'AlreadyFailedBack',
    ].sort());
  });

  test('the route calls go to S3 Control through the AWS SDK integration, for this access point only', () => {
    const { definition } = routine();
    expect(definition.States.ReadRoutes.Resource).toBe('arn:aws:states:::aws-sdk:s3control:getMultiRegionAccessPointRoutes');
    expect(definition.States['FailOverTo-eu-west-1'].Resource).toBe('arn:aws:states:::aws-sdk:s3control:submitMultiRegionAccessPointRoutes');
    expect(definition.States.ReadRoutes.Parameters).toEqual({ AccountId: ACCOUNT, Mrap: MRAP });
  });

  test('failover: the active Region to 0 and the first standby to 100 in one request, then a metric and an event', async () => {
    const trace = await run(routine().definition, { action: 'failover' }, { routes: routes(NORMAL) });
    expect(trace.error).toBeUndefined();
    expect(trace.states).toEqual([
      'Defaults', 'Normalize', 'ReadRoutes', 'Check', 'Action', 'ActiveRegionActive', 'ChooseStandby',
      'FailOverTo-eu-west-1', 'RecordFailoverTo-eu-west-1', 'PublishSwitchMetrics', 'PublishSwitchEvent', 'Switched',
    ]);
    expect(submitted(trace)).toEqual([[{ Region: 'us-east-1', TrafficDialPercentage: 0 }, { Region: 'eu-west-1', TrafficDialPercentage: 100 }]]);
    const [metrics, event] = published(trace);
    expect(metrics.input.Namespace).toBe('CdkMultiRegionBucket/Failover');
    expect(metrics.input.MetricData.map((m: any) => [m.MetricName, m.Value])).toEqual([['RouteSwitches', 1], ['FailedOver', 1]]);
    expect(event.input.Entries[0]).toMatchObject({ Source: 'cdk-multi-region-bucket.failover', DetailType: 'Multi-Region Access Point Route Switch', Resources: [MRAP] });
    expect(JSON.parse(event.input.Entries[0].Detail)).toEqual({ multiRegionAccessPointArn: MRAP, direction: 'failover', fromRegions: ['us-east-1'], toRegion: 'eu-west-1' });
  });

  test('failover skips a standby the request names unhealthy', async () => {
    const trace = await run(routine().definition, { action: 'failover', unhealthyRegions: ['eu-west-1'] }, { routes: routes(NORMAL) });
    expect(submitted(trace)).toEqual([[{ Region: 'us-east-1', TrafficDialPercentage: 0 }, { Region: 'ap-southeast-2', TrafficDialPercentage: 100 }]]);
  });

  test('failover when already failed over submits nothing (idempotent)', async () => {
    const trace = await run(routine().definition, { action: 'failover' }, { routes: routes(FAILED_OVER) });
    expect(trace.error).toBeUndefined();
    expect(trace.states.slice(-2)).toEqual(['ActiveRegionActive', 'AlreadyFailedOver']);
    expect(submitted(trace)).toEqual([]);
    expect(published(trace)).toEqual([]);
  });

  test('failover with every standby unhealthy fails and leaves the routes (a Region stays active)', async () => {
    const trace = await run(routine().definition, { action: 'failover', unhealthyRegions: ['eu-west-1', 'ap-southeast-2'] }, { routes: routes(NORMAL) });
    expect(trace.error).toMatch(/Every standby Region \(eu-west-1, ap-southeast-2\) is named unhealthy/);
    expect(trace.states.slice(-2)).toEqual(['ChooseStandby', 'NoHealthyStandby']);
    expect(submitted(trace)).toEqual([]);
  });

  test('failback is blocked while the backlog alarm is not OK', async () => {
    for (const state of ['ALARM', 'INSUFFICIENT_DATA']) {
      const trace = await run(routine().definition, { action: 'failback' }, { routes: routes(FAILED_OVER), backlog: alarm(state) });
      expect(trace.error).toMatch(/backlog into us-east-1 has not drained/);
      expect(trace.states).toEqual([
        'Defaults', 'Normalize', 'ReadRoutes', 'Check', 'Action', 'ActiveRegionPassive', 'Forced', 'ReadBacklogAlarm', 'BacklogDrained', 'FailbackBlocked',
      ]);
      expect(trace.calls.find((c) => c.state === 'ReadBacklogAlarm')!.input).toEqual({ AlarmNames: ['backlog-into-us-east-1'] });
      expect(submitted(trace)).toEqual([]);
    }
  });

  test('failback after the backlog drained: the active Region to 100, every standby to 0', async () => {
    const trace = await run(routine().definition, { action: 'failback' }, { routes: routes(FAILED_OVER), backlog: alarm('OK') });
    expect(trace.error).toBeUndefined();
    expect(trace.states).toEqual([
      'Defaults', 'Normalize', 'ReadRoutes', 'Check', 'Action', 'ActiveRegionPassive', 'Forced', 'ReadBacklogAlarm', 'BacklogDrained',
      'FailBack', 'RecordFailback', 'PublishSwitchMetrics', 'PublishSwitchEvent', 'Switched',
    ]);
    expect(submitted(trace)).toEqual([[
      { Region: 'us-east-1', TrafficDialPercentage: 100 }, { Region: 'eu-west-1', TrafficDialPercentage: 0 }, { Region: 'ap-southeast-2', TrafficDialPercentage: 0 },
    ]]);
    expect(published(trace)[0].input.MetricData.map((m: any) => [m.MetricName, m.Value])).toEqual([['RouteSwitches', 1], ['FailedOver', 0]]);
  });

  test('forced failback does not read the backlog', async () => {
    const trace = await run(routine().definition, { action: 'failback', force: true }, { routes: routes(FAILED_OVER), backlog: alarm('ALARM') });
    expect(trace.error).toBeUndefined();
    expect(trace.states).not.toContain('ReadBacklogAlarm');
    expect(submitted(trace)).toHaveLength(1);
  });

  test('failback without a backlog alarm needs force', async () => {
    const { definition } = routine({}, false);
    const blocked = await run(definition, { action: 'failback' }, { routes: routes(FAILED_OVER) });
    expect(blocked.error).toMatch(/No backlog alarm is configured/);
    expect(blocked.states.at(-1)).toBe('FailbackBlocked');
    expect(definition.States.FailbackBlocked.Cause).toMatch(/"force": true/);
    const forced = await run(definition, { action: 'failback', force: true }, { routes: routes(FAILED_OVER) });
    expect(submitted(forced)).toHaveLength(1);
  });

  test('failback when the active Region is active already submits nothing', async () => {
    const trace = await run(routine().definition, { action: 'failback' }, { routes: routes(NORMAL), backlog: alarm('OK') });
    expect(trace.states.slice(-2)).toEqual(['ActiveRegionPassive', 'AlreadyFailedBack']);
    expect(submitted(trace)).toEqual([]);
  });

  test('outside a control-plane Region the tasks call aws-cdk-lib\'s cross-Region function, and the traces are the same', async () => {
    const { definition } = routine({}, true, 'eu-central-1');
    expect(definition.States.ReadRoutes.Parameters).toMatchObject({ region: 'us-west-2', service: 's3-control', action: 'getMultiRegionAccessPointRoutes' });
    // The function's output is the SDK response itself (the task's Resource is the function).
    expect(definition.States.ReadRoutes.ResultSelector).toEqual({ 'active.$': '$.Routes[?(@.TrafficDialPercentage == 100)].Region' });
    expect(aslValidator(definition).errors).toEqual([]);
    const trace = await run(definition, { action: 'failover' }, { routes: routes(NORMAL) });
    expect(trace.states).toContain('FailOverTo-eu-west-1');
    expect(trace.calls.find((c) => c.state === 'FailOverTo-eu-west-1')!.input.parameters.RouteUpdates)
      .toEqual([{ Region: 'us-east-1', TrafficDialPercentage: 0 }, { Region: 'eu-west-1', TrafficDialPercentage: 100 }]);
  });

  test('an unknown action fails without a call that changes anything', async () => {
    const trace = await run(routine().definition, { action: 'fail-sideways' }, { routes: routes(NORMAL) });
    expect(trace.error).toMatch(/The input must be/);
    expect(trace.states.at(-1)).toBe('UnknownAction');
    expect(trace.calls.map((c) => c.state)).toEqual(['ReadRoutes']);
  });
});
