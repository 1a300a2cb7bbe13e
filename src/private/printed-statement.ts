import { CfnElement, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { partitionOf } from './partition';
import { warn, WarningId } from './warnings';

/**
 * Policy statements printed in a warning for a user to paste into a policy this app cannot change
 * (an imported bucket, key or access point). A user pastes what the terminal shows, so the text
 * is literal JSON that parses as a policy statement: no `{"Ref": ...}`, no `Fn::Join`, no token.
 *
 * Each value the app knows at synth time is written as a literal: the partition of the stack's
 * Region, the stack's account and Region when they are literals. A value only known once deployed
 * (a distribution's id, an environment-agnostic stack's account) becomes a named placeholder
 * (`<distribution-id>`, `<account-id>`), and the message says how to get each one. Placeholders
 * are `<` + lowercase words joined by hyphens + `>`, so a user (and a test) can find them.
 */

/** The pattern every placeholder matches. */
export const PLACEHOLDER_PATTERN = /<[a-z0-9]+(?:-[a-z0-9]+)*>/g;

/** A placeholder and how to get its value. */
interface Placeholder {
  readonly name: string;
  readonly how: string;
}

/**
 * Renders `statements` (in the context of `scope`'s stack, where their pseudo parameters and
 * references are evaluated) as pasteable JSON: one statement as an object, several as an array,
 * followed by one sentence per placeholder. Call it when the app is being synthesized (see
 * {@link warnWithStatements}): before that, references to resources of the app (a distribution's
 * id given to an origin at bind time) are not resolved yet.
 */
export function pasteableStatements(scope: IConstruct, statements: Array<iam.PolicyStatement | Record<string, unknown>>): string {
  const stack = Stack.of(scope);
  const placeholders = new Map<string, string>();
  const json = statements.map((s) => {
    const raw = s instanceof iam.PolicyStatement ? s.toStatementJson() : s;
    return literal(stack, stack.resolve(raw), placeholders);
  });
  const text = JSON.stringify(json.length === 1 ? json[0] : json);
  const hows = [...placeholders.entries()].map(([name, how]) => `Replace ${name} with ${how}.`);
  return hows.length === 0 ? text : `${text} ${hows.join(' ')}`;
}

/**
 * Adds the warning `id` to `scope` when the app is synthesized, with a message that may print
 * statements through `render` ({@link pasteableStatements} in the stack of `renderIn`, by default
 * the scope's: the stack whose resources the statements name). Deferred so
 * that every reference in the statements (a distribution's id, a bucket name computed at
 * synthesis) is known; added once however often validation runs.
 */
export function warnWithStatements(
  scope: IConstruct,
  id: WarningId,
  message: (render: (statements: Array<iam.PolicyStatement | Record<string, unknown>>) => string) => string,
  renderIn: IConstruct = scope,
): void {
  let warned = false;
  scope.node.addValidation({
    validate: () => {
      if (!warned) warn(scope, id, message((statements) => pasteableStatements(renderIn, statements)));
      warned = true;
      return [];
    },
  });
}

/** `value` (resolved by the stack) with every CloudFormation intrinsic replaced by a literal or a placeholder. */
function literal(stack: Stack, value: unknown, placeholders: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => literal(stack, v, placeholders));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return intrinsicText(stack, value as Record<string, unknown>, placeholders);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(stack, v, placeholders)]));
  }
  return value;
}

/** An intrinsic as the string it stands for, or a placeholder of it. */
function intrinsicText(stack: Stack, intrinsic: Record<string, unknown>, placeholders: Map<string, string>): string {
  const [fn, arg] = Object.entries(intrinsic)[0];
  const asText = (v: unknown): string => {
    const l = literal(stack, v, placeholders);
    return typeof l === 'string' ? l : use(placeholders, { name: '<value>', how: `the value CloudFormation computes for ${JSON.stringify(l)}` });
  };
  if (fn === 'Fn::Join' && Array.isArray(arg) && Array.isArray(arg[1])) {
    return arg[1].map(asText).join(String(arg[0]));
  }
  if (fn === 'Fn::Select' && Array.isArray(arg) && Array.isArray(arg[1]) && typeof arg[0] !== 'object') {
    return asText(arg[1][Number(arg[0])]);
  }
  if (fn === 'Ref' && typeof arg === 'string' && arg.startsWith('AWS::')) {
    return use(placeholders, pseudo(stack, arg));
  }
  if (fn === 'Ref' && typeof arg === 'string') {
    return use(placeholders, attribute(stack, arg, undefined));
  }
  if (fn === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string') {
    return use(placeholders, attribute(stack, arg[0], String(arg[1])));
  }
  return use(placeholders, {
    name: '<value>',
    how: `the value CloudFormation computes for ${JSON.stringify(intrinsic)} in stack ${stack.stackName}`,
  });
}

/** Records a placeholder (a literal is returned as it is) and returns its text. */
function use(placeholders: Map<string, string>, value: Placeholder | string): string {
  if (typeof value === 'string') return value;
  if (!placeholders.has(value.name)) placeholders.set(value.name, value.how);
  return value.name;
}

/** A pseudo parameter: the stack's literal when it has one, else a placeholder. */
function pseudo(stack: Stack, name: string): Placeholder | string {
  const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
  switch (name) {
    case 'AWS::Partition': {
      const partition = partitionOf(region);
      return Token.isUnresolved(partition)
        ? { name: '<partition>', how: `the partition of the Region stack ${stack.stackName} deploys to (aws, aws-cn or aws-us-gov)` }
        : partition;
    }
    case 'AWS::AccountId':
      return Token.isUnresolved(stack.account)
        ? { name: '<account-id>', how: `the 12-digit id of the account stack ${stack.stackName} deploys to (\`aws sts get-caller-identity --query Account\` with its credentials)` }
        : stack.account;
    case 'AWS::Region':
      return region ?? { name: '<region>', how: `the Region stack ${stack.stackName} deploys to` };
    case 'AWS::URLSuffix':
      return region && partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : region ? 'amazonaws.com' : {
        name: '<url-suffix>', how: `the domain suffix of the Region stack ${stack.stackName} deploys to (amazonaws.com, or amazonaws.com.cn in China)`,
      };
    default:
      return { name: `<${kebab(name.replace(/^AWS::/, ''))}>`, how: `the value of the ${name} pseudo parameter in stack ${stack.stackName}` };
  }
}

/** A placeholder for an attribute (or the `Ref`) of a resource of the stack, and how to read it once deployed. */
function attribute(stack: Stack, logicalId: string, attr: string | undefined): Placeholder {
  const element = stack.node.findAll().find((c): c is CfnElement => CfnElement.isCfnElement(c) && stack.resolve(c.logicalId) === logicalId);
  const type = element && CfnResource.isCfnResource(element) ? element.cfnResourceType : undefined;
  const path = element?.node.path ?? logicalId;
  const physicalId = `\`aws cloudformation describe-stack-resource --stack-name ${stack.stackName} --logical-resource-id ${logicalId} `
    + '--query StackResourceDetail.PhysicalResourceId --output text`';
  if (type === 'AWS::CloudFront::Distribution' && attr === undefined) {
    return {
      name: '<distribution-id>',
      how: `the id of the distribution ${path} once stack ${stack.stackName} is deployed (${physicalId}, or \`aws cloudfront list-distributions\`)`,
    };
  }
  const noun = type ? kebab(type.split('::').pop()!) : 'resource';
  if (attr === undefined) {
    return { name: `<${noun}-id>`, how: `the physical id of ${path} once stack ${stack.stackName} is deployed (${physicalId})` };
  }
  return { name: `<${noun}-${kebab(attr)}>`, how: `the ${attr} attribute of ${path} once stack ${stack.stackName} is deployed` };
}

/** `MultiRegionAccessPoint` → `multi-region-access-point`, `Arn` → `arn`. */
function kebab(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}
