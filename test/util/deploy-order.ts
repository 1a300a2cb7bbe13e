import { Token } from 'aws-cdk-lib';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';

/** A resource that needs something another stack creates, without waiting for that stack. */
export interface DeployOrderProblem {
  readonly stack: string;
  readonly resource: string;
  readonly needs: string;
  readonly createdIn: string;
}

/** What the check found: the problems, and how many cross-stack needs it verified. */
export interface DeployOrderReport {
  readonly problems: DeployOrderProblem[];
  /** Every (stack, resource, need, creating stack) that was checked and found in order. */
  readonly checked: Array<Omit<DeployOrderProblem, 'createdIn'> & { createdIn: string }>;
  /** Stacks in an order `cdk deploy --all` could use (each after all its dependencies). */
  readonly order: string[];
}

/**
 * The resource types that need a bucket (or access point) to exist when they are created:
 * replication configurations (on `AWS::S3::Bucket`), Multi-Region Access Point Regions, bucket
 * policies, custom resources (SDK calls) and CloudFront origins. Others may mention a bucket by
 * name without needing it yet (an IAM policy, an alarm's metric dimensions, a dashboard).
 */
export const TYPES_THAT_NEED_A_BUCKET = [
  'AWS::S3::Bucket',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3::MultiRegionAccessPointPolicy',
  'AWS::S3::BucketPolicy',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFormation::CustomResource',
];

function needsBuckets(type: string): boolean {
  return TYPES_THAT_NEED_A_BUCKET.includes(type) || type.startsWith('Custom::');
}

/** The control-plane Regions that serve Multi-Region Access Point route calls. */
export const ROUTE_CONTROL_PLANE_REGIONS = ['us-east-1', 'us-west-2', 'ap-southeast-2', 'ap-northeast-1', 'eu-west-1'];

/**
 * Reads a cloud assembly and verifies that no resource needs a bucket, a Multi-Region Access
 * Point or a distribution that a later or unrelated stack creates.
 *
 * A stack "creates" a bucket when it has an `AWS::S3::Bucket` with a literal `BucketName`
 * (physical names are how stacks in other Regions refer to buckets), and a Multi-Region Access
 * Point when it has an `AWS::S3::MultiRegionAccessPoint` with a literal `Name`. A resource
 * "needs" one when it is of a type in {@link TYPES_THAT_NEED_A_BUCKET} and the name appears in its
 * properties (custom resources' SDK calls are JSON strings, so names are matched in text). Exports
 * (`Fn::ImportValue`) are needs of the exporting stack. Each need must be created in the same
 * stack or in a stack the needing stack (transitively) depends on.
 *
 * Across accounts (and Regions): an export can only be imported in its own account and Region, so
 * an import from a stack of another environment is a problem whatever the order. And a bucket or
 * key policy that names a role as its `Principal` needs that role to exist (S3 and KMS refuse a
 * principal that does not): a role with a literal `RoleName` is "created" by its stack, and a
 * policy in another stack that names it must wait for that stack (cross-account grants name the
 * role's account instead, narrowed by `aws:PrincipalArn`, which is not checked for existence).
 * A stack output read with `Fn::GetStackOutput` (`output:<stack name>@<region>`) is a need of the
 * stack that has it: within an account that stack must be upstream; across accounts it is a
 * problem whatever the order (ADR 0024: no value crosses an account at deploy time).
 */
export function checkDeployOrder(assembly: CloudAssembly): DeployOrderReport {
  const stacks = assembly.stacksRecursively;
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const created = new Map<string, string>(); // name -> stack id
  const exports = new Map<string, string>(); // export name -> stack id
  const roles = new Map<string, string>(); // role ARN -> stack id
  const outputs = new Map<string, string>(); // <stack name>@<region> -> stack id, for Fn::GetStackOutput
  for (const stack of stacks) {
    outputs.set(`${stack.stackName}@${stack.environment.region}`, stack.id);
    for (const [, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      const props = resource.Properties ?? {};
      if (resource.Type === 'AWS::S3::Bucket' && typeof props.BucketName === 'string') created.set(`bucket:${props.BucketName}`, stack.id);
      if (resource.Type === 'AWS::S3::MultiRegionAccessPoint' && typeof props.Name === 'string') created.set(`mrap:${props.Name}`, stack.id);
      if (resource.Type === 'AWS::IAM::Role' && typeof props.RoleName === 'string' && !Token.isUnresolved(stack.environment.account)) {
        roles.set(`arn:aws:iam::${stack.environment.account}:role/${(props.Path ?? '/').replace(/^\//, '')}${props.RoleName}`, stack.id);
      }
    }
    for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exports.set(output.Export.Name, stack.id);
    }
  }

  const order = topologicalOrder(stacks);
  const upstream = new Map<string, Set<string>>();
  for (const id of order) {
    const set = new Set<string>();
    for (const dep of byId.get(id)!.dependencies) {
      if (!(dep instanceof CloudFormationStackArtifact)) continue;
      set.add(dep.id);
      upstream.get(dep.id)!.forEach((x) => set.add(x));
    }
    upstream.set(id, set);
  }

  const problems: DeployOrderProblem[] = [];
  const checked: DeployOrderReport['checked'] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      const needs = new Set<string>();
      collectNeeds(resource.Properties ?? {}, needsBuckets(resource.Type) ? created : new Map(), exports, needs, outputs);
      if (POLICY_TYPES.includes(resource.Type)) collectPrincipals(resource.Properties ?? {}, roles, needs);
      for (const need of needs) {
        const createdIn = need.startsWith('export:') ? exports.get(need.slice(7))!
          : need.startsWith('output:') ? outputs.get(need.slice(7))!
            : need.startsWith('role:') ? roles.get(need.slice(5))! : created.get(need)!;
        if (createdIn === stack.id) continue;
        const entry = { stack: stack.id, resource: `${logicalId} (${resource.Type})`, needs: need, createdIn };
        const exporter = byId.get(createdIn)!;
        const { account, region } = stack.environment;
        const otherEnvironment = exporter.environment.account !== account || exporter.environment.region !== region;
        if (need.startsWith('export:') && otherEnvironment) problems.push(entry);
        // No value crosses an account at deploy time (ADR 0024), whatever the order.
        else if (need.startsWith('output:') && exporter.environment.account !== account) problems.push(entry);
        else if (upstream.get(stack.id)!.has(createdIn)) checked.push(entry);
        else problems.push(entry);
      }
    }
  }
  return { problems, checked, order };
}

/** Resources whose policy S3 or KMS validates when it is put: every principal must exist. */
const POLICY_TYPES = ['AWS::S3::BucketPolicy', 'AWS::KMS::Key'];

/** The roles of the app named as `Principal` (AWS) in the statements of a policy resource. */
function collectPrincipals(value: unknown, roles: Map<string, string>, out: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach((v) => collectPrincipals(v, roles, out));
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'Principal' && v && typeof v === 'object' && 'AWS' in v) {
      for (const arn of [(v as { AWS: unknown }).AWS].flat()) {
        if (typeof arn === 'string' && roles.has(arn)) out.add(`role:${arn}`);
      }
    } else {
      collectPrincipals(v, roles, out);
    }
  }
}

function collectNeeds(
  value: unknown, created: Map<string, string>, exports: Map<string, string>, out: Set<string>, outputs: Map<string, string>,
): void {
  if (typeof value === 'string') {
    // An IAM ARN (a replication role is named after its buckets) needs no bucket.
    if (/^arn:[a-z-]+:iam::/.test(value)) return;
    for (const key of created.keys()) {
      const name = key.slice(key.indexOf(':') + 1);
      // A bucket or MRAP name appears on its own, inside an ARN or JSON, or before `.s3.<region>`
      // in an endpoint; never as part of a longer name.
      if (new RegExp(`(^|[^a-z0-9.-])${escape(name)}($|[^a-z0-9-])`).test(value)) out.add(key);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v) => collectNeeds(v, created, exports, out, outputs));
    return;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === 'Fn::ImportValue' && typeof entries[0][1] === 'string' && exports.has(entries[0][1])) {
      out.add(`export:${entries[0][1]}`);
      return;
    }
    if (entries.length === 1 && entries[0][0] === 'Fn::GetStackOutput') {
      const { StackName: name, Region: region } = entries[0][1] as { StackName?: unknown; Region?: unknown };
      if (outputs.has(`${name}@${region}`)) out.add(`output:${name}@${region}`);
      return;
    }
    entries.forEach(([, v]) => collectNeeds(v, created, exports, out, outputs));
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Stack IDs so that every stack comes after its dependencies; throws on a cycle. */
export function topologicalOrder(stacks: CloudFormationStackArtifact[]): string[] {
  const result: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: CloudFormationStackArtifact, path: string[]) => {
    if (state.get(stack.id) === 'done') return;
    if (state.get(stack.id) === 'visiting') throw new Error(`stack dependency cycle: ${[...path, stack.id].join(' -> ')}`);
    state.set(stack.id, 'visiting');
    for (const dep of stack.dependencies) {
      if (dep instanceof CloudFormationStackArtifact) visit(dep, [...path, stack.id]);
    }
    state.set(stack.id, 'done');
    result.push(stack.id);
  };
  [...stacks].sort((a, b) => a.id.localeCompare(b.id)).forEach((s) => visit(s, []));
  return result;
}

/**
 * The Regions that route-submitting custom resources send their SDK call to
 * (`SubmitMultiRegionAccessPointRoutes`), with the stack and resource that makes each call.
 */
export function routeCallRegions(assembly: CloudAssembly): Array<{ stack: string; resource: string; region: string }> {
  const calls: Array<{ stack: string; resource: string; region: string }> = [];
  for (const stack of assembly.stacksRecursively) {
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      for (const key of ['Create', 'Update']) {
        const raw = resource.Properties?.[key];
        const text = typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
        if (!/submitMultiRegionAccessPointRoutes/i.test(text)) continue;
        const region = /\\?"region\\?":\s*\\?"([a-z0-9-]+)\\?"/.exec(text)?.[1] ?? 'unknown';
        calls.push({ stack: stack.id, resource: `${logicalId}.${key}`, region });
      }
    }
  }
  return calls;
}
