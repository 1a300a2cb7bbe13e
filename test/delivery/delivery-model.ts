import { BucketInfo, discover, ExampleModel, KeyInfo, RoleInfo } from '../examples/example-model';
import { PolicyDocument } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';

/**
 * What an assembly contains about the services that act on the app's resources, on top of the
 * example model (buckets, access points, distributions, roles, replications, keys): found by
 * resource type and by the references between resources, never by name.
 */
export interface DeliveryModel extends ExampleModel {
  /** Buckets with S3 Object Lock, by name. */
  readonly objectLocked: Set<string>;
  /** Buckets whose ACLs are disabled (object ownership `BucketOwnerEnforced`), by name. */
  readonly aclsDisabled: Set<string>;
  /** Buckets with an enabled lifecycle rule that expires current objects, noncurrent versions and incomplete uploads, by name. */
  readonly expiring: Set<string>;
  /** Buckets whose default encryption is SSE-KMS, by name. */
  readonly kmsEncrypted: Set<string>;
  readonly topics: TopicInfo[];
  readonly alarmActions: AlarmAction[];
  /** CloudFront standard logging of each distribution that has it. */
  readonly distributionLogs: Array<{ readonly distribution: string; readonly bucket: BucketInfo; readonly prefix: string }>;
  readonly sdkCalls: SdkCall[];
  /** The HTTP methods each distribution forwards to its origins (every cache behaviour), by distribution ARN. */
  readonly allowedMethods: Map<string, Set<string>>;
  /** Trust policies of the app's roles, by role ARN. */
  readonly trust: Map<string, PolicyDocument>;
  /** EventBridge rule targets that act with a role: a state machine to start, or an event bus to forward to. */
  readonly ruleTargets: RuleTarget[];
  /** ARC Region switch plans, with the functions of their custom action Lambda steps. */
  readonly regionSwitchPlans: RegionSwitchPlanInfo[];
  /** The state machines of the app, by ARN. */
  readonly stateMachines: Set<string>;
}

export interface RuleTarget {
  readonly rule: string;
  readonly region: string;
  readonly targetArn: string;
  readonly role: RoleInfo;
}

export interface RegionSwitchPlanInfo {
  readonly plan: string;
  readonly role: RoleInfo;
  /** Each custom action function, with its role and the state machine it starts (STATE_MACHINE_ARN). */
  readonly functions: Array<{ readonly arn: string; readonly role: RoleInfo; readonly starts?: string }>;
}

export interface TopicInfo {
  readonly stack: string;
  readonly arn: string;
  readonly region: string;
  readonly policy?: PolicyDocument;
  readonly key?: KeyInfo;
}

/** One alarm that notifies one topic. */
export interface AlarmAction {
  readonly alarmArn: string;
  readonly topic: TopicInfo;
}

/** One AWS SDK call of an `AwsCustomResource` (create, update or delete), with the role that makes it. */
export interface SdkCall {
  readonly resource: string;
  readonly phase: 'Create' | 'Update' | 'Delete';
  readonly service: string;
  readonly action: string;
  /** The Region the call is sent to (the function's own when absent). */
  readonly region: string;
  readonly parameters: any;
  readonly role: RoleInfo;
}

export function discoverDelivery(assembly: ResolvedAssembly): DeliveryModel {
  const model = discover(assembly);
  const stacks = assembly.stackNames;
  const all = (type: string) =>
    stacks.flatMap((stack) => Object.entries(assembly.resources(stack, type)).map(([logicalId, r]) => ({ stack, logicalId, props: r.Properties })));

  const objectLocked = new Set<string>();
  const aclsDisabled = new Set<string>();
  const kmsEncrypted = new Set<string>();
  const expiring = new Set<string>();
  for (const { stack, logicalId, props } of all('AWS::S3::Bucket')) {
    const name = assembly.ref(stack, logicalId);
    if (props.ObjectLockEnabled === true || props.ObjectLockEnabled === 'true') objectLocked.add(name);
    const ownership = props.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
    // S3's default for new buckets is BucketOwnerEnforced (ACLs disabled).
    if (ownership === undefined || ownership === 'BucketOwnerEnforced') aclsDisabled.add(name);
    const sse = props.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
    if (sse === 'aws:kms' || sse === 'aws:kms:dsse') kmsEncrypted.add(name);
    const rules: any[] = (props.LifecycleConfiguration?.Rules ?? []).filter((r: any) => r.Status === 'Enabled');
    if (rules.some((r) => r.ExpirationInDays !== undefined) && rules.some((r) => r.NoncurrentVersionExpiration !== undefined)
      && rules.some((r) => r.AbortIncompleteMultipartUpload !== undefined)) {
      expiring.add(name);
    }
  }

  const keyOf = (reference: string | undefined) => (reference ? model.keys.find((k) => k.arn === reference || k.arn.endsWith(`/${reference}`)) : undefined);
  const topicPolicies = all('AWS::SNS::TopicPolicy');
  const topics = all('AWS::SNS::Topic').map(({ stack, logicalId, props }): TopicInfo => {
    const arn = assembly.ref(stack, logicalId);
    const policies = topicPolicies.filter((p) => (p.props.Topics as string[]).includes(arn));
    if (policies.length > 1) throw new Error(`topic ${arn} has ${policies.length} topic policies`);
    const key = keyOf(props.KmsMasterKeyId);
    if (props.KmsMasterKeyId && !key) throw new Error(`topic ${arn} is encrypted with a key the app does not define: ${props.KmsMasterKeyId}`);
    return { stack, arn, region: assembly.stack(stack).environment.region, policy: policies[0]?.props.PolicyDocument, key };
  });
  const alarmActions = all('AWS::CloudWatch::Alarm').flatMap(({ stack, logicalId, props }) => {
    const targets = [...new Set([...(props.AlarmActions ?? []), ...(props.OKActions ?? []), ...(props.InsufficientDataActions ?? [])])] as string[];
    return targets.filter((t) => t.startsWith('arn:aws:sns:')).map((target): AlarmAction => {
      const topic = topics.find((t) => t.arn === target);
      if (!topic) throw new Error(`alarm ${logicalId} notifies a topic the app does not define: ${target}`);
      return { alarmArn: assembly.getAtt(stack, logicalId, 'Arn'), topic };
    });
  });

  const distributionLogs = all('AWS::CloudFront::Distribution').flatMap(({ stack, logicalId, props }) => {
    const logging = props.DistributionConfig.Logging;
    if (!logging) return [];
    const bucket = model.buckets.find((b) => logging.Bucket === `${b.name}.s3.amazonaws.com` || logging.Bucket === `${b.name}.s3.${b.region}.amazonaws.com`);
    if (!bucket) throw new Error(`distribution ${logicalId} logs to a bucket the app does not define: ${logging.Bucket}`);
    return [{ distribution: assembly.ref(stack, logicalId), bucket, prefix: logging.Prefix ?? '' }];
  });

  // AwsCustomResource calls, with the role of the function behind the service token.
  const functions = all('AWS::Lambda::Function').map((f) => ({ arn: assembly.getAtt(f.stack, f.logicalId, 'Arn'), role: f.props.Role as string }));
  const sdkCalls: SdkCall[] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(assembly.resources(stack))) {
      if (!resource.Type.startsWith('Custom::')) continue;
      const phases = (['Create', 'Update', 'Delete'] as const).filter((phase) => typeof resource.Properties?.[phase] === 'string');
      if (phases.length === 0) continue;
      const fn = functions.find((f) => f.arn === resource.Properties.ServiceToken);
      if (!fn) throw new Error(`${stack}/${logicalId} runs on a function the app does not define: ${resource.Properties.ServiceToken}`);
      const role = model.roles.find((r) => r.arn === fn.role);
      if (!role) throw new Error(`${stack}/${logicalId} runs as a role the app does not define: ${fn.role}`);
      for (const phase of phases) {
        const call = JSON.parse(resource.Properties[phase]);
        sdkCalls.push({
          resource: `${stack}/${logicalId}`,
          phase,
          service: call.service,
          // AwsCustomResource accepts the action in either case: PutBucketReplication, submitMultiRegionAccessPointRoutes.
          action: call.action.charAt(0).toUpperCase() + call.action.slice(1),
          region: call.region ?? assembly.stack(stack).environment.region,
          parameters: call.parameters ?? {},
          role,
        });
      }
    }
  }

  const allowedMethods = new Map<string, Set<string>>();
  for (const { stack, logicalId, props } of all('AWS::CloudFront::Distribution')) {
    const config = props.DistributionConfig;
    const behaviours = [config.DefaultCacheBehavior, ...(config.CacheBehaviors ?? [])];
    // CloudFront's default is GET and HEAD.
    const methods = behaviours.flatMap((b: any) => b.AllowedMethods ?? ['GET', 'HEAD']);
    allowedMethods.set(`arn:aws:cloudfront::${model.account}:distribution/${assembly.ref(stack, logicalId)}`, new Set(methods));
  }

  const trust = new Map<string, PolicyDocument>();
  for (const { stack, logicalId, props } of all('AWS::IAM::Role')) trust.set(assembly.getAtt(stack, logicalId, 'Arn'), props.AssumeRolePolicyDocument);

  const roleOf = (arn: string, what: string): RoleInfo => {
    const role = model.roles.find((r) => r.arn === arn);
    if (!role) throw new Error(`${what} acts as a role the app does not define: ${arn}`);
    return role;
  };
  const ruleTargets = all('AWS::Events::Rule').flatMap(({ stack, logicalId, props }) =>
    (props.Targets ?? []).filter((t: any) => t.RoleArn).map((t: any): RuleTarget => ({
      rule: `${stack}/${logicalId}`, region: assembly.stack(stack).environment.region, targetArn: t.Arn, role: roleOf(t.RoleArn, `${stack}/${logicalId}`),
    })));
  const allFunctions = all('AWS::Lambda::Function').map((f) => ({ ...f, arn: assembly.getAtt(f.stack, f.logicalId, 'Arn') }));
  const regionSwitchPlans = all('AWS::ARCRegionSwitch::Plan').map(({ stack, logicalId, props }): RegionSwitchPlanInfo => {
    const arns = new Set<string>((props.Workflows ?? []).flatMap((w: any) => (w.Steps ?? [])
      .flatMap((step: any) => step.ExecutionBlockConfiguration?.CustomActionLambdaConfig?.Lambdas ?? []).map((l: any) => l.Arn as string)));
    return {
      plan: `${stack}/${logicalId}`,
      role: roleOf(props.ExecutionRole, `${stack}/${logicalId}`),
      functions: [...arns].map((arn) => {
        const fn = allFunctions.find((f) => f.arn === arn);
        if (!fn) throw new Error(`${stack}/${logicalId} invokes a function the app does not define: ${arn}`);
        return { arn, role: roleOf(fn.props.Role, arn), starts: fn.props.Environment?.Variables?.STATE_MACHINE_ARN };
      }),
    };
  });
  const stateMachines = new Set(all('AWS::StepFunctions::StateMachine').map(({ stack, logicalId }) => assembly.ref(stack, logicalId)));

  return {
    ...model,
    objectLocked,
    expiring,
    aclsDisabled,
    kmsEncrypted,
    topics,
    alarmActions,
    distributionLogs,
    sdkCalls,
    allowedMethods,
    trust,
    ruleTargets,
    regionSwitchPlans,
    stateMachines,
  };
}
