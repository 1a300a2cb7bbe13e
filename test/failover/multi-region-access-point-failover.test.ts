import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MultiRegionAccessPoint, MultiRegionAccessPointFailover, MultiRegionAccessPointFailoverProps } from '../../src';
import { Decision, formatMatrix, matches, MatrixRow, PolicyDocument, simulate } from '../util/iam-simulation';
import { expectNagClean } from '../util/nag';
import { ACCOUNT } from '../util/stacks';

const MRAP = `arn:aws:s3::${ACCOUNT}:accesspoint/abc123.mrap`;
const OTHER_MRAP = `arn:aws:s3::${ACCOUNT}:accesspoint/zzz999.mrap`;
const BACKLOG_ALARM = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:backlog-into-us-east-1`;

interface Setup {
  readonly app: App;
  readonly ops: Stack;
  readonly primary: Stack;
  readonly failover: MultiRegionAccessPointFailover;
}

/** The routine in us-west-2 (a control-plane Region); the backlog and 5xx alarms in a stack of us-east-1, the active Region. */
function setup(props: Partial<MultiRegionAccessPointFailoverProps> = {}, opsRegion = 'us-west-2'): Setup {
  const app = new App();
  const ops = new Stack(app, 'Ops', { env: { account: ACCOUNT, region: opsRegion } });
  const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops, 'AccessPoint', {
    multiRegionAccessPointAlias: 'abc123.mrap', regions: ['us-east-1', 'us-west-2'],
  });
  const failover = new MultiRegionAccessPointFailover(ops, 'Failover', {
    accessPoint,
    activeRegion: 'us-east-1',
    standbyRegions: ['us-west-2'],
    backlogAlarm: cloudwatch.Alarm.fromAlarmArn(primary, 'Backlog', BACKLOG_ALARM),
    ...props,
  });
  return { app, ops, primary, failover };
}

/** Fn::Join, Ref and Fn::GetAtt as CloudFormation would resolve them (logical ids stand for names). */
function resolved(value: any, template: any): any {
  if (Array.isArray(value)) return value.map((v) => resolved(v, template));
  if (value && typeof value === 'object') {
    if (value.Ref === 'AWS::Partition') return 'aws';
    if (value.Ref && template.Resources[value.Ref]?.Type === 'AWS::StepFunctions::StateMachine') return machineArn(value.Ref);
    if (value.Ref) return value.Ref;
    if (value['Fn::Join']) return value['Fn::Join'][1].map((v: any) => resolved(v, template)).join(value['Fn::Join'][0]);
    if (value['Fn::GetAtt']) {
      const [id, attribute] = value['Fn::GetAtt'];
      const type = template.Resources[id].Type;
      if (type === 'AWS::Lambda::Function' && attribute === 'Arn') return `arn:aws:lambda:us-west-2:${ACCOUNT}:function:${id}`;
      if (type === 'AWS::Logs::LogGroup' && attribute === 'Arn') return `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:${id}:*`;
      if (type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${ACCOUNT}:role/${id}`;
      throw new Error(`unresolved ${id}.${attribute}`);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v, template)]));
  }
  return value;
}

/** The identity policies of the role `roleLogicalId` in `stack`, resolved. */
function policiesOf(stack: Stack, roleLogicalId: (id: string) => boolean): { role: string; policies: PolicyDocument[] } {
  const template = Template.fromStack(stack).toJSON();
  const roleId = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::IAM::Role' && roleLogicalId(id));
  if (!roleId) throw new Error('no such role');
  const policies = Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
    .map((r) => resolved(r.Properties.PolicyDocument, template));
  return { role: `arn:aws:iam::${ACCOUNT}:role/${roleId}`, policies };
}

describe('MultiRegionAccessPointFailover', () => {
  test('the start commands are among the stack outputs', () => {
    const { ops } = setup();
    const outputs = Template.fromStack(ops).toJSON().Outputs;
    const commands = Object.entries<any>(outputs).filter(([id]) => /Start(Failover|Failback)Command/.test(id));
    expect(commands).toHaveLength(2);
    const failover = JSON.stringify(commands.find(([id]) => id.includes('StartFailover'))![1].Value);
    expect(failover).toContain('aws stepfunctions start-execution --region us-west-2 --state-machine-arn ');
    expect(failover).toContain('--input \'{\\"action\\":\\"failover\\"}\'');
  });

  test('the routine logs every execution and is traced', () => {
    Template.fromStack(setup().ops).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
      TracingConfiguration: { Enabled: true },
    });
  });

  test('an alarm in another Region starts a failover through its Region\'s event bus', () => {
    const app = new App();
    const opsStack = new Stack(app, 'Ops', { env: { account: ACCOUNT, region: 'us-west-2' } });
    const primaryStack = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const alarm = new cloudwatch.Alarm(primaryStack, 'ServerErrors', {
      alarmName: 'data-us-east-1-5xx',
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: '5xxErrors' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    new MultiRegionAccessPointFailover(opsStack, 'Failover', {
      accessPoint: MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(opsStack, 'AccessPoint', { multiRegionAccessPointAlias: 'abc123.mrap', regions: ['us-east-1', 'us-west-2'] }),
      activeRegion: 'us-east-1',
      standbyRegions: ['us-west-2'],
      triggerAlarm: alarm,
    });
    const pattern = {
      'source': ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      'detail': { state: { value: ['ALARM'] } },
    };
    // In the alarm's Region: forward to us-west-2's default bus.
    Template.fromStack(primaryStack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike(pattern),
      Targets: [Match.objectLike({ Arn: { 'Fn::Join': ['', Match.arrayWith([':events:us-west-2:111111111111:event-bus/default'])] } })],
    });
    // In the routine's Region: start the routine with a failover request.
    Template.fromStack(opsStack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike(pattern),
      Targets: [Match.objectLike({ InputTransformer: Match.objectLike({ InputTemplate: Match.stringLikeRegexp('"action":"failover"') }) })],
    });
  });

  test('the ARC Region switch plan runs the routine in a custom action Lambda step per Region', () => {
    const { ops } = setup({ regionSwitchPlan: true });
    const template = Template.fromStack(ops);
    template.hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      PrimaryRegion: 'us-east-1',
      Regions: ['us-east-1', 'us-west-2'],
      RecoveryApproach: 'activePassive',
      Workflows: [
        Match.objectLike({ WorkflowTargetAction: 'activate', WorkflowTargetRegion: 'us-west-2', Steps: [Match.objectLike({ Name: 'activate-us-west-2', ExecutionBlockType: 'CustomActionLambda' })] }),
        Match.objectLike({ WorkflowTargetAction: 'activate', WorkflowTargetRegion: 'us-east-1', Steps: [Match.objectLike({ Name: 'activate-us-east-1', ExecutionBlockType: 'CustomActionLambda' })] }),
      ],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'arc-region-switch.amazonaws.com' } })] }),
    });
  });

  test('outside a control-plane Region the route calls go to us-west-2 through aws-cdk-lib\'s cross-Region task', () => {
    const { ops } = setup({}, 'eu-central-1');
    const machine = Object.values<any>(Template.fromStack(ops).findResources('AWS::StepFunctions::StateMachine'))[0];
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).not.toContain('aws-sdk:s3control');
    expect(definition).toContain('\\"region\\":\\"us-west-2\\"');
  });

  test('cdk-nag clean, with the plan and an alarm trigger', () => {
    const { app, ops, primary } = setup({ regionSwitchPlan: true });
    const alarm = new cloudwatch.Alarm(primary, 'ServerErrors', {
      alarmName: 'data-us-east-1-5xx',
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: '5xxErrors' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    // The test's own alarm (MultiRegionBucket gives the one it creates its alarm topic).
    Validations.of(alarm).acknowledge(...['NIST.800.53.R5', 'HIPAA.Security'].map((pack) => ({ id: `${pack}-CloudWatchAlarmAction`, reason: 'the test\'s trigger alarm, without actions' })));
    new MultiRegionAccessPointFailover(ops, 'Second', {
      accessPoint: MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops, 'Other', { multiRegionAccessPointAlias: 'zzz999.mrap', regions: ['us-east-1', 'us-west-2'] }),
      activeRegion: 'us-east-1',
      standbyRegions: ['us-west-2'],
      triggerAlarm: alarm,
    });
    expectNagClean(app);
  });
});

describe('least privilege (IAM simulation)', () => {
  const rows: MatrixRow[] = [];

  async function check(name: string, principal: { role: string; policies: PolicyDocument[] }, action: string, resource: string,
    expected: Decision | 'Denied', context?: Record<string, string | string[]>): Promise<void> {
    const { role, policies } = principal;
    const actual = await simulate({ principal: role, identityPolicies: policies, action, resource, resourceAccount: ACCOUNT, context });
    rows.push({ name, principal: principal.role.replace(/.*\//, ''), action, resource, expected, actual });
  }

  afterAll(() => {
    const allowed = rows.filter((r) => r.expected === 'Allowed').length;
    // eslint-disable-next-line no-console
    console.log(`${rows.length} cases: ${allowed} allowed, ${rows.length - allowed} denied\n${formatMatrix(rows)}`);
  });

  test('the routine reads and submits the routes of its access point, reads its backlog alarm and publishes its own metrics and events; nothing else', async () => {
    const { ops } = setup();
    const routine = policiesOf(ops, (id) => id.startsWith('FailoverRole'));
    const bus = `arn:aws:events:us-west-2:${ACCOUNT}:event-bus/default`;
    await check('read routes', routine, 's3:GetMultiRegionAccessPointRoutes', MRAP, 'Allowed');
    await check('submit routes', routine, 's3:SubmitMultiRegionAccessPointRoutes', MRAP, 'Allowed');
    // The backlog alarm is in us-east-1: aws-cdk-lib's cross-Region function reads it for the routine.
    const crossRegion = policiesOf(ops, (id) => id.startsWith('CrossRegionAwsSdk'));
    await check('read backlog alarm (cross-Region function)', crossRegion, 'cloudwatch:DescribeAlarms', BACKLOG_ALARM, 'Allowed');
    await check('routine reads the alarm itself', routine, 'cloudwatch:DescribeAlarms', BACKLOG_ALARM, 'Denied');
    await check('publish switch metric', routine, 'cloudwatch:PutMetricData', '*', 'Allowed', { 'cloudwatch:namespace': 'CdkMultiRegionBucket/Failover' });
    await check('publish switch event', routine, 'events:PutEvents', bus, 'Allowed', { 'events:source': ['cdk-multi-region-bucket.failover'] });

    await check('cross-Region function submits routes', crossRegion, 's3:SubmitMultiRegionAccessPointRoutes', MRAP, 'Denied');
    await check('submit routes of another access point', routine, 's3:SubmitMultiRegionAccessPointRoutes', OTHER_MRAP, 'Denied');
    await check('read routes of another access point', routine, 's3:GetMultiRegionAccessPointRoutes', OTHER_MRAP, 'Denied');
    await check('change the access point policy', routine, 's3:PutMultiRegionAccessPointPolicy', MRAP, 'Denied');
    await check('delete the access point', routine, 's3:DeleteMultiRegionAccessPoint', MRAP, 'Denied');
    await check('read objects of a bucket', routine, 's3:GetObject', 'arn:aws:s3:::data-us-east-1/key', 'Denied');
    await check('read another alarm (cross-Region function)', crossRegion, 'cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:other`, 'Denied');
    await check('set the backlog alarm\'s state (cross-Region function)', crossRegion, 'cloudwatch:SetAlarmState', BACKLOG_ALARM, 'Denied');
    await check('publish metrics of another namespace', routine, 'cloudwatch:PutMetricData', '*', 'Denied', { 'cloudwatch:namespace': 'AWS/S3' });
    await check('publish events of another source', routine, 'events:PutEvents', bus, 'Denied', { 'events:source': ['cdk-multi-region-bucket.failover', 'aws.s3'] });
    await check('publish to another bus', routine, 'events:PutEvents', `arn:aws:events:us-west-2:${ACCOUNT}:event-bus/other`, 'Denied', { 'events:source': ['cdk-multi-region-bucket.failover'] });
    expect(rows.filter((r) => !matches(r.expected, r.actual))).toEqual([]);
  });

  test('the plan invokes only its function, which only starts the routine; the alarm rule only starts the routine', async () => {
    const { ops } = setup({ regionSwitchPlan: true });
    const alarm = new cloudwatch.Alarm(ops, 'ServerErrors', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: '5xxErrors' }), threshold: 1, evaluationPeriods: 1,
    });
    new MultiRegionAccessPointFailover(ops, 'Triggered', {
      accessPoint: MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops, 'Other', { multiRegionAccessPointAlias: 'zzz999.mrap', regions: ['us-east-1', 'us-west-2'] }),
      activeRegion: 'us-east-1',
      standbyRegions: ['us-west-2'],
      triggerAlarm: alarm,
    });
    const template = Template.fromStack(ops).toJSON();
    const fnId = Object.keys(template.Resources).find((id) => id.startsWith('FailoverRegionSwitchPlanStartRoutine') && template.Resources[id].Type === 'AWS::Lambda::Function')!;
    const fnArn = `arn:aws:lambda:us-west-2:${ACCOUNT}:function:${fnId}`;
    const machineId = (prefix: string) => Object.keys(template.Resources).find((id) => id.startsWith(prefix) && template.Resources[id].Type === 'AWS::StepFunctions::StateMachine')!;
    const routine = machineId('Failover');
    const other = machineId('Triggered');

    const planRole = policiesOf(ops, (id) => id.startsWith('FailoverRegionSwitchPlanExecutionRole'));
    await check('plan invokes its function', planRole, 'lambda:InvokeFunction', fnArn, 'Allowed');
    await check('plan reads its function', planRole, 'lambda:GetFunction', fnArn, 'Allowed');
    await check('plan invokes another function', planRole, 'lambda:InvokeFunction', `arn:aws:lambda:us-west-2:${ACCOUNT}:function:other`, 'Denied');
    await check('plan changes its function', planRole, 'lambda:UpdateFunctionCode', fnArn, 'Denied');

    const fnRole = policiesOf(ops, (id) => id.startsWith('FailoverRegionSwitchPlanStartRoutineRole'));
    await check('function starts the routine', fnRole, 'states:StartExecution', machineArn(routine), 'Allowed');
    await check('function starts another state machine', fnRole, 'states:StartExecution', machineArn(other), 'Denied');
    const logGroupId = Object.keys(template.Resources).find((id) => id.startsWith('FailoverRegionSwitchPlanStartRoutineLogs'))!;
    await check('function writes its log group', fnRole, 'logs:PutLogEvents', `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:${logGroupId}:log-stream:x`, 'Allowed');
    await check('function writes another log group', fnRole, 'logs:PutLogEvents', `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:other:log-stream:x`, 'Denied');
    await check('function stops an execution', fnRole, 'states:StopExecution', `arn:aws:states:us-west-2:${ACCOUNT}:execution:${routine}:x`, 'Denied');

    const ruleRole = policiesOf(ops, (id) => id.startsWith('TriggeredEventsRole'));
    await check('alarm rule starts its routine', ruleRole, 'states:StartExecution', machineArn(other), 'Allowed');
    await check('alarm rule starts another routine', ruleRole, 'states:StartExecution', machineArn(routine), 'Denied');
    expect(rows.filter((r) => !matches(r.expected, r.actual))).toEqual([]);
  });
});

/** The ARN a state machine of logical id `logicalId` would have in us-west-2 (its name stands for the generated one). */
function machineArn(logicalId: string): string {
  return `arn:aws:states:us-west-2:${ACCOUNT}:stateMachine:${logicalId}`;
}
