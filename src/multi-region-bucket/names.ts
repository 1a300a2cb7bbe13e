import * as crypto from 'crypto';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Names this construct makes up from `stackNamePrefix`, and the check that the stacks it names
 * are not also the names of stacks the app defines after it.
 *
 * A name the library makes up must not refuse a prefix the user's own names accept (docs/adr/0040):
 * a made-up name that would be too long keeps its beginning and its end and replaces the middle
 * with a hash of the whole name (so two long prefixes still give two names). Every name that fits
 * is kept as it is, so no name of a deployed setup changes: only names that were refused before
 * are shortened.
 */

/** The most characters a CloudFormation stack name may have. */
export const MAX_STACK_NAME_LENGTH = 128;

/** The most characters an SNS topic's display name may have. */
export const MAX_TOPIC_DISPLAY_NAME = 100;

/** The most characters a CloudWatch alarm name may have. */
export const MAX_ALARM_NAME = 255;

/**
 * `name` when it has at most `max` characters; otherwise its first characters, a hash of the
 * whole name, and `keep` (the end that says what the name is for), `max` characters in all.
 */
export function fitName(name: string, max: number, keep = ''): string {
  if (name.length <= max) return name;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 8);
  const head = name.slice(0, name.length - keep.length).slice(0, max - keep.length - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}${keep}`;
}

/** The name of the stack that applies the replication of a bucket outside the global stack's account. */
export function replicationStackName(prefix: string, region: string): string {
  const suffix = `-${region}-replication`;
  return fitName(`${prefix}${suffix}`, MAX_STACK_NAME_LENGTH, suffix);
}

/** The display name of the topic of the replication alarms of `region`. */
export function alarmTopicDisplayName(prefix: string, region: string): string {
  const suffix = ` replication alarms (${region})`;
  return fitName(`${prefix}${suffix}`, MAX_TOPIC_DISPLAY_NAME, suffix);
}

/** A stack this construct will create, as the plan names it. */
export interface OwnStackName {
  /** Its construct ID under the construct (or under the construct of the same ID at the Stage). */
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
}

/**
 * Refuses, when the app is complete, a stack of the app (defined before or after this construct)
 * with the name of one of the stacks this construct creates, in the same account and Region:
 * `cdk deploy` would deploy both templates into one CloudFormation stack, each replacing the other.
 * aws-cdk-lib checks unique construct IDs, not stack names. Stacks whose account, Region or name
 * is a token are skipped (the collision is not known at synth time).
 *
 * @param own the stacks this construct creates (not the ones the user passed)
 * @param describe the property (and its default) that makes the names, as the user wrote it
 */
export function validateStackNamesWhenComplete(scope: IConstruct, own: readonly OwnStackName[], describe: () => string): void {
  scope.node.addValidation({
    validate: () => {
      // The construct's own stacks are its children, or (inside a stack, docs/adr/0027) the
      // children of the construct with its ID at the Stage.
      const stage = Stage.of(scope);
      const atStage = stage?.node.tryFindChild(scope.node.id);
      const parents: IConstruct[] = atStage ? [scope, atStage] : [scope];
      const stacks = stacksOf(scope.node.root).filter(literal);
      const errors: string[] = [];
      for (const planned of own) {
        if (Token.isUnresolved(planned.account) || Token.isUnresolved(planned.region)) continue;
        const same = stacks.filter((s) => s.account === planned.account && s.region === planned.region && s.stackName === planned.stackName);
        const mine = same.find((s) => s.node.id === planned.id && parents.includes(s.node.scope!));
        for (const other of same.filter((s) => s !== mine)) {
          errors.push(`${describe()} must give stack names that no other stack of account ${planned.account} in ${planned.region} has, got ${planned.stackName} for stack `
            + `${mine?.node.path ?? planned.id}, also the name of stack ${other.node.path}: cdk deploy would deploy both into one CloudFormation stack; `
            + `set a different 'stackNamePrefix', or rename stack ${other.node.path} (its 'stackName')`);
        }
      }
      return errors;
    },
  });
}

function literal(stack: Stack): boolean {
  return !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region) && !Token.isUnresolved(stack.stackName);
}

/** Every stack of the app (not nested stacks), Stages included. */
export function stacksOf(root: IConstruct): Stack[] {
  const stacks: Stack[] = [];
  const visit = (construct: IConstruct) => {
    for (const child of construct.node.children) {
      if (Stack.isStack(child)) stacks.push(child);
      else visit(child);
    }
  };
  visit(root);
  return stacks;
}
