import { ReferenceStrength, Resource } from 'aws-cdk-lib';

/**
 * Gives `resource` (created with `PhysicalName.GENERATE_IF_NEEDED`) the name aws-cdk-lib generates
 * for a resource named from another environment, whether or not one names it, and makes
 * references to it from other stacks of its own environment weak (`Fn::GetStackOutput`, no
 * export). Its name then depends neither on which stacks refer to it nor from where (so moving
 * the global stack or changing the replication mode keeps the bucket), and no export can block
 * an update of its stack.
 */
export function stableCrossStackName(resource: Resource): void {
  // aws-cdk-lib generates the name on the first cross-environment reference; make that now.
  (resource as unknown as { _enableCrossEnvironment(): void })._enableCrossEnvironment();
  resource.applyCrossStackReferenceStrength(ReferenceStrength.WEAK);
}
