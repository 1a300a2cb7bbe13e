import { Stack } from 'aws-cdk-lib';

/** The most bytes CloudFormation accepts in a template (uploaded to S3, as `cdk deploy` does). */
export const MAX_TEMPLATE_BYTES = 1_000_000;

/**
 * What the stack synthesizer adds to a template after validation (the bootstrap version parameter
 * and rule of the default synthesizer), rounded up.
 */
const SYNTHESIZER_BYTES = 1_000;

/** The most resources CloudFormation accepts in one stack. */
export const MAX_STACK_RESOURCES = 500;

/**
 * What each guarded stack's constructs put into it. A module-level WeakMap: the one validation per
 * stack needs to know whether it is already registered and whom to name, which is bookkeeping of
 * this library (closures, nothing to synthesize), so it stays off the user's stack object.
 */
const CONTRIBUTORS = new WeakMap<Stack, Array<() => string>>();

/**
 * Fails synthesis, naming the properties that made it grow, when the template of `stack` would be
 * larger than CloudFormation accepts (1,000,000 bytes, or 500 resources). aws-cdk-lib only warns
 * about the size, and the deployment then fails after the stacks before it were deployed.
 *
 * `contributor` describes what a construct puts into the stack, by property (for example
 * `'regions' (17), 'replicationOptions.rules' (2)`); every construct that calls this for the same
 * stack is listed in the one error.
 */
export function guardTemplateLimits(stack: Stack, contributor: () => string): void {
  const registered = CONTRIBUTORS.get(stack);
  if (registered) {
    registered.push(contributor);
    return;
  }
  const contributors = [contributor];
  CONTRIBUTORS.set(stack, contributors);
  stack.node.addValidation({
    validate: () => {
      // The template as aws-cdk-lib will write it (the same rendering and indentation). This is
      // the one private aws-cdk-lib API left (issue 18): no public API renders a stack's template
      // before it is written. Public alternatives fall short: the construct tree (TreeInspector)
      // does not show a plain CfnResource's properties (custom resources, most of the global
      // template) or overrides; a stack synthesizer of our own would replace the app's; policy
      // validation plugins (beta) are the app's to configure; attachCustomSynthesis is reserved for
      // AWS libraries. Tested: a change of the private API fails test/multi-region-bucket (17 Regions).
      const template = (stack as any)._toCloudFormation();
      const indentation = (stack as any)._suppressTemplateIndentation ? undefined : 1;
      const bytes = Buffer.byteLength(JSON.stringify(template, undefined, indentation)) + SYNTHESIZER_BYTES;
      const resources = Object.keys(template.Resources ?? {}).length;
      const described = [...new Set(contributors.map((c) => c()))];
      const what = described.length > 3 ? `${described.slice(0, 3).join('; ')}; and ${described.length - 3} more` : described.join('; ');
      const errors: string[] = [];
      if (bytes > MAX_TEMPLATE_BYTES) {
        errors.push(`${what}: they make the template of stack ${stack.stackName} about ${bytes} bytes, got more than the ${MAX_TEMPLATE_BYTES} `
          + 'CloudFormation accepts; use fewer Regions or rules, or turn off what adds per-Region-pair resources (KMS, replication metrics)');
      }
      if (resources > MAX_STACK_RESOURCES) {
        errors.push(`${what}: they make stack ${stack.stackName} ${resources} resources, got more than the ${MAX_STACK_RESOURCES} CloudFormation accepts`);
      }
      return errors;
    },
  });
}
