import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Acknowledges the AwsSolutions-IAM5 finding of every wildcard resource in a customer managed (or
 * inline) policy that this library generates in full (no statement comes from the user).
 *
 * cdk-nag v3 reports one finding per wildcard resource, `AwsSolutions-IAM5[Resource::<flattened>]`,
 * and accepts only that exact ID. The flattened form depends on how references are finally
 * rendered (`<Logical.Arn>`, an export name, a generated bucket name), which is known only once
 * the app has resolved its cross-stack references; so the IDs are computed in a construct
 * validation, which CDK runs after that and before any policy-validation plugin.
 */
export function acknowledgeGeneratedWildcards(policy: iam.ManagedPolicy | iam.Policy, reason: string): void {
  const resource = policy.node.defaultChild as iam.CfnManagedPolicy | iam.CfnPolicy;
  let acknowledged = false;
  policy.node.addValidation({
    validate: () => {
      if (!acknowledged) {
        acknowledged = true;
        const document = Stack.of(resource).resolve(resource.policyDocument);
        const ids = wildcardResources(document).map((flat) => `AwsSolutions-IAM5[Resource::${flat}]`);
        if (ids.length > 0) {
          Validations.of(resource).acknowledge(...ids.map((id) => ({ id, reason })));
        }
      }
      return [];
    },
  });
}

function wildcardResources(document: { Statement?: Array<{ Effect?: string; Resource?: unknown }> }): string[] {
  const result = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const flat of resources.map(flatten)) {
      if (flat.includes('*')) result.add(flat);
    }
  }
  return [...result];
}

/** The flat form cdk-nag gives a resolved CloudFormation value in finding IDs. */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const value = node as Record<string, any>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'];
    return (items as unknown[]).map(flatten).join(delimiter);
  }
  if (value['Fn::Sub']) return flatten(value['Fn::Sub']);
  if (value['Fn::GetAtt']) {
    const [logicalId, attribute] = value['Fn::GetAtt'];
    return `<${flatten(logicalId)}.${flatten(attribute)}>`;
  }
  if (value['Fn::ImportValue']) return flatten(value['Fn::ImportValue']);
  if (value.Ref) return `<${flatten(value.Ref)}>`;
  return JSON.stringify(node);
}
