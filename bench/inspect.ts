/**
 * What a synthesized cloud assembly costs to deploy: stacks and deploy waves, resources and
 * template bytes per stack against CloudFormation's limits, replication rules, Lambda-backed
 * custom resources, Lambda functions and IAM roles.
 */
import * as fs from 'fs';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

/**
 * CloudFormation's limits for one stack. Templates are uploaded as the files `cdk synth` writes
 * (the default synthesizer publishes them as assets), so the file size is what counts; 1 MB is
 * taken as 1,000,000 bytes, the threshold aws-cdk-lib itself warns against.
 */
export const LIMITS = { templateBytes: 1_000_000, resources: 500, outputs: 200 };

/** One stack of an assembly. */
export interface StackCost {
  readonly stack: string;
  readonly region: string;
  readonly resources: number;
  readonly templateBytes: number;
  readonly outputs: number;
  /** Replication rules in the configurations this stack applies (native or by custom resource). */
  readonly replicationRules: number;
  /** Custom resources whose ServiceToken is a Lambda function. */
  readonly lambdaCustomResources: number;
  readonly lambdaFunctions: number;
  readonly iamRoles: number;
  /** Stacks this one waits for. */
  readonly dependsOn: string[];
}

/** A whole assembly. */
export interface AssemblyCost {
  readonly stacks: StackCost[];
  /** The longest chain of stacks that deploy one after another (`cdk deploy --all` waves). */
  readonly waves: number;
  readonly resources: number;
  readonly templateBytes: number;
  readonly replicationRules: number;
  readonly lambdaCustomResources: number;
  readonly lambdaFunctions: number;
  readonly iamRoles: number;
  readonly maxResourcesPerStack: number;
  readonly maxTemplateBytesPerStack: number;
  /** Each limit a stack exceeds, as a sentence; empty when every stack is within the limits. */
  readonly overLimits: string[];
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

export function inspectAssembly(dir: string): AssemblyCost {
  const assembly = new CloudAssembly(dir);
  const artifacts = assembly.stacksRecursively;
  const stacks = artifacts.map(inspectStack);
  const depth = new Map<string, number>();
  const waveOf = (artifact: CloudFormationStackArtifact): number => {
    const known = depth.get(artifact.id);
    if (known !== undefined) return known;
    const deps = artifact.dependencies.filter((d): d is CloudFormationStackArtifact => d instanceof CloudFormationStackArtifact);
    const wave = 1 + Math.max(0, ...deps.map(waveOf));
    depth.set(artifact.id, wave);
    return wave;
  };
  const sum = (f: (s: StackCost) => number) => stacks.reduce((total, s) => total + f(s), 0);
  const overLimits = stacks.flatMap((s) => [
    ...(s.templateBytes > LIMITS.templateBytes ? [`${s.stack}: template of ${s.templateBytes} bytes, over ${LIMITS.templateBytes}`] : []),
    ...(s.resources > LIMITS.resources ? [`${s.stack}: ${s.resources} resources, over ${LIMITS.resources}`] : []),
    ...(s.outputs > LIMITS.outputs ? [`${s.stack}: ${s.outputs} outputs, over ${LIMITS.outputs}`] : []),
  ]);
  return {
    stacks,
    waves: Math.max(0, ...artifacts.map(waveOf)),
    resources: sum((s) => s.resources),
    templateBytes: sum((s) => s.templateBytes),
    replicationRules: sum((s) => s.replicationRules),
    lambdaCustomResources: sum((s) => s.lambdaCustomResources),
    lambdaFunctions: sum((s) => s.lambdaFunctions),
    iamRoles: sum((s) => s.iamRoles),
    maxResourcesPerStack: Math.max(0, ...stacks.map((s) => s.resources)),
    maxTemplateBytesPerStack: Math.max(0, ...stacks.map((s) => s.templateBytes)),
    overLimits,
  };
}

function inspectStack(artifact: CloudFormationStackArtifact): StackCost {
  const resources: Record<string, Resource> = artifact.template.Resources ?? {};
  const all = Object.values(resources);
  const ofType = (type: string) => all.filter((r) => r.Type === type).length;
  return {
    stack: artifact.stackName,
    region: artifact.environment.region,
    resources: all.length,
    templateBytes: fs.statSync(artifact.templateFullPath).size,
    outputs: Object.keys(artifact.template.Outputs ?? {}).length,
    replicationRules: all.reduce((n, r) => n + replicationRules(r), 0),
    lambdaCustomResources: all.filter((r) => isCustomResource(r) && isLambdaToken(r.Properties?.ServiceToken, resources)).length,
    lambdaFunctions: ofType('AWS::Lambda::Function'),
    iamRoles: ofType('AWS::IAM::Role'),
    dependsOn: artifact.dependencies.map((d) => d.id),
  };
}

function isCustomResource(r: Resource): boolean {
  return r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource';
}

/** A ServiceToken that is a Lambda function: the ARN of a function of this template, or a literal Lambda ARN. */
function isLambdaToken(token: unknown, resources: Record<string, Resource>): boolean {
  if (typeof token === 'string') return token.includes(':lambda:');
  const getAtt = (token as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
  return getAtt !== undefined && resources[getAtt[0]]?.Type === 'AWS::Lambda::Function';
}

/** The rules of a native replication configuration, or of one a custom resource puts with PutBucketReplication. */
function replicationRules(r: Resource): number {
  if (r.Type === 'AWS::S3::Bucket') return r.Properties?.ReplicationConfiguration?.Rules?.length ?? 0;
  if (!isCustomResource(r) || r.Properties?.Create === undefined) return 0;
  const call = JSON.parse(flatten(r.Properties.Create));
  return call.action === 'PutBucketReplication' ? call.parameters.ReplicationConfiguration.Rules.length : 0;
}

/** A string or an `Fn::Join` of strings and intrinsics, with every intrinsic replaced by a placeholder. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join(join[0]);
  return 'TOKEN';
}
