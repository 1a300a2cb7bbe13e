import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The one way the library raises a warning. aws-cdk-lib collects annotations per stack: a warning
 * on a construct outside every stack (an App, a Stage, `MultiRegionBucket` with its own stacks) is
 * kept on the node but never printed by `cdk synth`. So a warning goes on a construct inside a
 * stack: the scope itself when a stack contains it, else the stack its owner names for it (see
 * `deferWarnings` and `placeWarnings`). A scope with neither is a bug of this library, reported
 * at once rather than dropped.
 */

/** The id a user acknowledges a warning by: `cdk-multi-region-bucket:<name>`. */
export type WarningId = `cdk-multi-region-bucket:${string}`;

/** Options of `warn`. */
export interface WarnOptions {
  /**
   * The Region the warning concerns, for a scope whose warnings are placed by Region (its warning
   * then goes to that Region's stack).
   * @default - the scope's global stack
   */
  readonly region?: string;
}

/** Picks the construct (inside a stack) that carries a warning about `region` (undefined: none in particular). */
export type WarningTarget = (region: string | undefined) => IConstruct;

interface Placement {
  target?: WarningTarget;
  readonly pending: Array<{ id: WarningId; message: string; region?: string }>;
}

const PLACEMENTS = new WeakMap<IConstruct, Placement>();

/** Per construct tree: `<id>@<region>` of every Region's warning raised by a construct that places its warnings. */
const RAISED_BY_OWNERS = new WeakMap<IConstruct, Set<string>>();

/**
 * Raises warning `id` about `scope`, on a construct inside a stack so that `cdk synth` prints it;
 * the user acknowledges it there or on any construct above it (the App included).
 */
export function warn(scope: IConstruct, id: WarningId, message: string, options: WarnOptions = {}): void {
  const placement = PLACEMENTS.get(scope);
  const regional = options.region === undefined ? undefined : `${id}@${options.region}`;
  const raisedInApp = RAISED_BY_OWNERS.get(scope.node.root) ?? new Set<string>();
  RAISED_BY_OWNERS.set(scope.node.root, raisedInApp);
  if (placement) {
    if (regional) raisedInApp.add(regional);
  } else if (regional && raisedInApp.has(regional)) {
    // A construct that places warnings (MultiRegionBucket) raised this Region's warning already, in
    // the words of the prop the user wrote; its parts (the access point it creates, which checks the
    // same Regions again under its own prop names) do not print it a second time.
    return;
  }
  if (placement) {
    if (placement.target) annotate(placement.target(options.region), id, message);
    else placement.pending.push({ id, message, region: options.region });
    return;
  }
  if (!isInStack(scope)) {
    throw new Error(`cdk-multi-region-bucket: internal error: warning ${id} was raised on ${scope.node.path || 'the App'}, which is in no stack, `
      + `so 'cdk synth' would not print it; please report this. The warning was: ${message}`);
  }
  annotate(scope, id, message);
}

/**
 * Holds the warnings raised on `scope` (a construct whose stacks do not exist yet) until
 * `placeWarnings` says where they go. Until then, and after it, `warn(scope, ...)` never
 * annotates `scope` itself, even when a stack contains it.
 */
export function deferWarnings(scope: IConstruct): void {
  if (!PLACEMENTS.has(scope)) PLACEMENTS.set(scope, { pending: [] });
}

/** Places the warnings of `scope` (held since `deferWarnings`, and every later one) with `target`. */
export function placeWarnings(scope: IConstruct, target: WarningTarget): void {
  const placement = PLACEMENTS.get(scope) ?? { pending: [] };
  PLACEMENTS.set(scope, placement);
  placement.target = (region) => {
    const construct = target(region);
    if (!isInStack(construct)) {
      throw new Error(`cdk-multi-region-bucket: internal error: the warnings of ${scope.node.path} are placed on ${construct.node.path || 'the App'}, which is in no stack; please report this`);
    }
    return construct;
  };
  for (const { id, message, region } of placement.pending.splice(0)) annotate(placement.target(region), id, message);
}

function annotate(construct: IConstruct, id: WarningId, message: string): void {
  Annotations.of(construct).addWarningV2(id, message);
}

function isInStack(construct: IConstruct): boolean {
  return construct.node.scopes.some((c) => Stack.isStack(c));
}
