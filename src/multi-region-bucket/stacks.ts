/**
 * Where the construct's own stacks go, and the names of what it creates in them.
 */
import * as crypto from 'crypto';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { MultiRegionBucketProps } from './props';
import { validationError } from '../private/validation';

/** Whether the construct is inside a stack (as in the `lib/<name>-stack.ts` of `cdk init`). */
export function enclosingStackOf(scope: Construct): Stack | undefined {
  const parent = scope.node.scope as IConstruct;
  return parent.node.scopes.some((s) => Stack.isStack(s)) ? Stack.of(parent) : undefined;
}

/**
 * Inside a stack, the stack that deploys after the construct's own stacks: the enclosing stack,
 * unless it is one of `regionalStacks` or `globalStack`, which have their own place in the deploy
 * order (the global stack already waits for the Regional ones; a Regional stack must not wait for
 * the global one). docs/adr/0027.
 */
export function dependentStackOf(scope: Construct, props: MultiRegionBucketProps): Stack | undefined {
  const enclosing = enclosingStackOf(scope);
  const given = [...(props.regionalStacks ?? []), ...(props.globalStack ? [props.globalStack] : [])];
  return enclosing && !given.includes(enclosing) ? enclosing : undefined;
}

/**
 * Inside a stack, the construct's own stacks go at that stack's Stage under a construct with the
 * construct's ID (docs/adr/0027): no other construct of the Stage may have that ID.
 */
export function validateStackScope(scope: Construct, enclosing: Stack): void {
  const stage = Stage.of(scope)!;
  const id = scope.node.id;
  const taken = stage.node.tryFindChild(id);
  if (taken) {
    const where = App.isApp(stage) ? 'the App' : `Stage ${stage.node.path}`;
    throw validationError(scope, `'id' must not be the ID of another construct of ${where} when MultiRegionBucket is inside a stack (${enclosing.node.path}): `
      + `it creates its stacks in ${where}, under a construct with its own ID (${id}/<region>, ${id}/global), got '${id}', already the ID of `
      + `${Stack.isStack(taken) ? 'stack' : 'construct'} ${taken.node.path}; give the MultiRegionBucket (or the other construct) another ID`);
  }
}

/**
 * Where the construct's own stacks go (docs/adr/0027): directly in an App or a Stage (or a plain
 * construct there), under the construct itself; inside a stack (`atStage`), at that stack's Stage
 * under a construct with the same ID, so the stacks have the construct paths they would have
 * directly in the App (`Site/us-east-1`, `Site/global`), and with them the same names and resources.
 */
export function stackScopeOf(scope: Construct, atStage: boolean): Construct {
  return atStage ? new Construct(Stage.of(scope)!, scope.node.id) : scope;
}

/**
 * The name of the bucket in a Regional stack this construct creates: the stack name (unique in
 * the account and Region, and the same whatever the construct id) and a hash of the account,
 * Region and stack name (bucket names are global). Renaming the construct with the same stack
 * prefix keeps it; aws-cdk-lib's generated name would follow the construct path.
 */
export function ownBucketName(account: string, region: string, stackName: string): string {
  const hash = crypto.createHash('sha256').update(`${account}/${region}/${stackName}`).digest('hex').slice(0, 12);
  return `${stackName.toLowerCase().slice(0, 40)}-bucket-${hash}`;
}
