import { Duration, Stack } from 'aws-cdk-lib';
import * as arc from 'aws-cdk-lib/aws-arcregionswitch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../../private/nag';
import { acknowledgeGeneratedWildcards } from '../../private/nag-wildcards';

/**
 * The custom action function: Region switch invokes it with the execution metadata (`InvokedBy`,
 * `PlanArn`, `ExecutionId`, `StepName`) and no Region, so the step name carries the Region being
 * activated (`activate-<region>`). It starts the routine and returns; the routine's own outcome is
 * in its execution history and its switch event.
 */
const HANDLER = `
const { SFNClient, StartExecutionCommand } = require('@aws-sdk/client-sfn');
const client = new SFNClient({});
exports.handler = async (event) => {
  const match = /^activate-([a-z0-9-]+)$/.exec(event.StepName || '');
  if (!match) throw new Error('unexpected step name ' + event.StepName + ': expected activate-<region>');
  const action = match[1] === process.env.ACTIVE_REGION ? 'failback' : 'failover';
  const out = await client.send(new StartExecutionCommand({
    stateMachineArn: process.env.STATE_MACHINE_ARN,
    name: ('arc-' + String(event.ExecutionId || Date.now())).replace(/[^A-Za-z0-9-_]/g, '-').slice(0, 80),
    input: JSON.stringify({ action, trigger: event.PlanArn }),
  }));
  return { executionArn: out.executionArn, action };
};
`;

/** The ARC Region switch plan over `activeRegion` and `standbyRegion`, with a custom action Lambda step that starts `routine`. */
export function createRegionSwitchPlan(scope: Construct, routine: sfn.StateMachine, activeRegion: string, standbyRegion: string): Construct {
  const plan = new Construct(scope, 'RegionSwitchPlan');
  // Its own role and log group: the role may write that log group and start the routine, nothing else.
  const logGroup = new logs.LogGroup(plan, 'StartRoutineLogs', { retention: logs.RetentionDays.ONE_YEAR });
  const fnRole = new iam.Role(plan, 'StartRoutineRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Starts the failover routine ${routine.node.path} for an ARC Region switch plan step`,
  });
  fnRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  const fn = new lambda.Function(plan, 'StartRoutine', {
    runtime: lambda.determineLatestNodeRuntime(plan),
    handler: 'index.handler',
    code: lambda.Code.fromInline(HANDLER),
    timeout: Duration.seconds(30),
    description: `Starts the failover routine ${routine.node.path} for an ARC Region switch plan step`,
    environment: { STATE_MACHINE_ARN: routine.stateMachineArn, ACTIVE_REGION: activeRegion },
    role: fnRole,
    logGroup,
    // One plan step at a time; the reservation keeps the function runnable in a throttled account, which plan evaluation checks.
    reservedConcurrentExecutions: 2,
  });
  routine.grantStartExecution(fn);
  const inEveryPack = (rule: string) => ({ nist80053r5: rule, hipaa: rule, pciDss321: rule });
  acknowledgeNag(fn, inEveryPack('LambdaInsideVPC'),
    'The function only calls the Step Functions API to start the failover routine; a VPC would add endpoints or NAT in the Region without isolating anything.');
  acknowledgeNag(fn, { nist80053r5: 'LambdaDLQ', hipaa: 'LambdaDLQ' },
    'Region switch invokes it synchronously and retries it at the step\'s retry interval; a failed invocation fails the plan step, which has nothing to replay from a queue.');
  acknowledgeNag(logGroup, inEveryPack('CloudWatchLogGroupEncrypted'),
    'The log group holds which plan step started which routine execution (no object data); CloudWatch Logs encrypts it at rest with service keys.');
  acknowledgeNag(fnRole, inEveryPack('IAMNoInlinePolicy'),
    'The function\'s role may write its own log group and start the one failover routine; a reusable managed policy would grant the same and could be attached elsewhere.');
  const logStreams = fnRole.node.tryFindChild('DefaultPolicy') as iam.Policy;
  acknowledgeGeneratedWildcards(logStreams,
    'Lambda names the log streams of a function at run time (the log group ARN ends in :*, covering only this function\'s own log group).');

  const role = new iam.Role(plan, 'ExecutionRole', {
    assumedBy: new iam.ServicePrincipal('arc-region-switch.amazonaws.com'),
    description: `Lets ARC Region switch invoke the function that starts ${routine.node.path}`,
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:GetFunction', 'lambda:InvokeFunction'], resources: [fn.functionArn] }));
  acknowledgeNag(role, inEveryPack('IAMNoInlinePolicy'),
    'The plan\'s execution role may invoke and read this one function; a reusable managed policy would grant the same and could be attached elsewhere.');

  const stack = Stack.of(scope);
  const step = (region: string): arc.CfnPlan.WorkflowProperty => ({
    workflowTargetAction: 'activate',
    workflowTargetRegion: region,
    steps: [{
      name: `activate-${region}`,
      executionBlockType: 'CustomActionLambda',
      executionBlockConfiguration: {
        customActionLambdaConfig: { lambdas: [{ arn: fn.functionArn }], regionToRun: 'activatingRegion', retryIntervalMinutes: 5, timeoutMinutes: 15 },
      },
    }],
  });
  new arc.CfnPlan(plan, 'Resource', {
    name: `${stack.stackName}-${scope.node.id}`.slice(0, 32),
    executionRole: role.roleArn,
    primaryRegion: activeRegion,
    regions: [activeRegion, standbyRegion],
    recoveryApproach: 'activePassive',
    workflows: [step(standbyRegion), step(activeRegion)],
  });
  return plan;
}
