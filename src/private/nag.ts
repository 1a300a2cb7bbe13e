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

/** Why a log bucket is exempt from the rules it cannot meet. */
export interface LogBucketReasons {
  /**
   * Why it is not itself logged. Leave it out for the target of S3 server access logs of a bucket
   * in the same stack: cdk-nag already treats that bucket as compliant, and an acknowledgement
   * that matches no finding would only hide a future one.
   */
  readonly logging?: string;
  /** Why it uses SSE-S3 rather than a KMS key. */
  readonly encryption: string;
  /** Why it is not replicated. */
  readonly replication: string;
}

/** The findings a log-target bucket has, in every pack, each with its own reason. */
export function acknowledgeLogBucket(bucket: IConstruct, reasons: LogBucketReasons): void {
  const inEveryPack = (rule: string) => ({ nist80053r5: rule, hipaa: rule, pciDss321: rule });
  if (reasons.logging !== undefined) {
    acknowledgeNag(bucket, { awsSolutions: 'S1', ...inEveryPack('S3BucketLoggingEnabled') }, reasons.logging);
  }
  acknowledgeNag(bucket, inEveryPack('S3DefaultEncryptionKMS'), reasons.encryption);
  acknowledgeNag(bucket, inEveryPack('S3BucketReplicationEnabled'), reasons.replication);
}
