import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The cdk-nag rule IDs that one finding has in each of the four packs we check. Packs that
 * do not have the rule are simply absent.
 */
export interface NagRuleIds {
  readonly awsSolutions?: string;
  readonly nist80053r5?: string;
  readonly hipaa?: string;
  readonly pciDss321?: string;
}

/**
 * Acknowledges one finding, in every pack that reports it, on `scope` and its children.
 * The reason is recorded in construct metadata, where cdk-nag v3 (and any audit tool) reads it.
 */
export function acknowledgeNag(scope: IConstruct, rules: NagRuleIds, reason: string): void {
  const ids = [
    rules.awsSolutions && `AwsSolutions-${rules.awsSolutions}`,
    rules.nist80053r5 && `NIST.800.53.R5-${rules.nist80053r5}`,
    rules.hipaa && `HIPAA.Security-${rules.hipaa}`,
    rules.pciDss321 && `PCI.DSS.321-${rules.pciDss321}`,
  ].filter((id): id is string => !!id);
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}
