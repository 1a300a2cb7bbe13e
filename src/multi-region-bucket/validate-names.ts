/**
 * The names the construct makes from its props: the stack name prefix, and the stack, bucket,
 * dashboard and access point names, which CloudFormation and S3 must accept and no other construct
 * of the app may have.
 */
import { App, Stage, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MAX_STACK_NAME_LENGTH, replicationStackName, stacksOf } from './names';
import { MultiRegionBucketProps } from './props';
import { bucketNameProblem, claimOf, validationError } from '../private/validation';

/** What CloudFormation accepts as a stack name. */
const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]*$/;

/** The prefix of the stack names (and of the aliases, dashboard, alarms and topics named after it). */
export function stackNamePrefixOf(scope: Construct, props: MultiRegionBucketProps): string {
  if (props.stackNamePrefix !== undefined) return props.stackNamePrefix;
  // Directly in the App, the construct ID (the names of deployed stacks must not change). In a
  // Stage, also the Stage name: the same construct in two Stages of one account must not collide.
  const stage = Stage.of(scope);
  if (!stage || App.isApp(stage)) return scope.node.id;
  return `${stage.stageName}-${scope.node.id}`.replace(/[^A-Za-z0-9-]/g, '-');
}

/** What the default stack name prefix is, for messages. */
export function defaultPrefixNote(scope: Construct, props: MultiRegionBucketProps): string {
  if (props.stackNamePrefix !== undefined) return '';
  const stage = Stage.of(scope);
  return !stage || App.isApp(stage) ? ' (by default the construct ID)' : ' (by default the Stage name and the construct ID)';
}

/** The dashboard's name, which also starts every alarm name. */
export function dashboardNameOf(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** The stack and bucket names made from the prefixes must be names CloudFormation and S3 accept. */
export function validateNamePrefixes(scope: Construct, props: MultiRegionBucketProps): void {
  // A Region of another account than the default may get a replication stack,
  // <prefix>-<region>-replication, shortened with a hash when too long (names.ts): it limits no prefix.
  const otherAccounts = Object.entries(props.accounts ?? {}).filter(([, a]) => a !== props.account).map(([r]) => r);
  const longestRegion = Math.max(...props.regions.map((r) => r.length));
  const stackPrefix = stackNamePrefixOf(scope, props);
  const createsStacks = !props.regionalStacks?.length || !props.globalStack;
  for (const [property, value] of [['stackNamePrefix', props.stackNamePrefix], ['bucketNameBase', props.bucketNameBase]]) {
    if (value !== undefined && Token.isUnresolved(value)) {
      // Stack names, and bucket names that other Regions' stacks refer to, must be known at synth time.
      throw validationError(scope, `'${property}' must be a literal string (the names it makes are shared between stacks of several Regions at synth time), got a token`);
    }
  }
  if (createsStacks) {
    const max = MAX_STACK_NAME_LENGTH - 1 - Math.max(longestRegion, 'global'.length);
    if (!STACK_NAME_PATTERN.test(stackPrefix) || stackPrefix.length > max) {
      throw validationError(scope, `'stackNamePrefix'${defaultPrefixNote(scope, props)} must start with a letter and contain only letters, numbers and hyphens, `
        + `at most ${max} characters (the stacks are named <prefix>-<region>${otherAccounts.length > 0 ? ', <prefix>-<region>-replication' : ''} and <prefix>-global), got '${stackPrefix}' (${stackPrefix.length})`);
    }
  }
  const bucketPrefix = props.bucketNameBase;
  if (bucketPrefix === undefined) return;
  for (const region of props.regions) {
    const problem = bucketNameProblem(`${bucketPrefix}-${region}`);
    if (problem) {
      throw validationError(scope, `'bucketNameBase' must make valid S3 bucket names <prefix>-<region> (${problem}), got '${bucketPrefix}' (${bucketPrefix}-${region})`);
    }
  }
}

/**
 * Names that must be unique in the account (stack names per Region, the access point name) or
 * everywhere (bucket names) must not be those of another construct of this app: CloudFormation
 * would deploy both setups into the same stacks, or fail on the second.
 */
export function validateUniqueNames(
  scope: Construct,
  props: MultiRegionBucketProps,
  prefix: string,
  account: string,
  accounts: Map<string, string>,
): void {
  const planned: Array<{ account: string; region: string; name: string }> = [];
  for (const region of props.regions) {
    if (!props.regionalStacks?.some((s) => s.region === region)) planned.push({ account: accounts.get(region)!, region, name: `${prefix}-${region}` });
    if (accounts.get(region) !== account) planned.push({ account: accounts.get(region)!, region, name: replicationStackName(prefix, region) });
  }
  if (!props.globalStack) planned.push({ account, region: props.globalRegion ?? 'us-east-1', name: `${prefix}-global` });
  for (const stack of stacksOf(scope.node.root)) {
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) continue;
    const same = planned.find((p) => p.account === stack.account && p.region === stack.region && p.name === stack.stackName);
    if (same) {
      throw validationError(scope, `'stackNamePrefix'${defaultPrefixNote(scope, props)} must give stack names that no other stack of account ${same.account} in ${same.region} has, `
        + `got '${prefix}', which makes ${same.name}, already the name of stack ${stack.node.path}; set a different 'stackNamePrefix' (or construct ID)`);
    }
  }
  const bucketPrefix = props.bucketNameBase;
  for (const region of bucketPrefix === undefined ? [] : props.regions) {
    const owner = claimOf(scope, 'bucket', `${bucketPrefix}-${region}`);
    if (owner !== undefined) {
      throw validationError(scope, `'bucketNameBase' must make bucket names no other bucket of this app has (S3 bucket names are global), got '${bucketPrefix}', `
        + `which makes ${bucketPrefix}-${region}, already the name of the bucket of ${owner}`);
    }
  }
  const name = props.multiRegionAccessPointName;
  const owner = name === undefined || Token.isUnresolved(name) ? undefined : claimOf(scope, 'access-point', `${account}/${name}`);
  if (owner !== undefined) {
    throw validationError(scope, `'multiRegionAccessPointName' must be unique in account ${account} (S3 names Multi-Region Access Points per account), got '${name}', already the name of ${owner}`);
  }
}

