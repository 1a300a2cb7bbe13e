import { Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { cloudFrontLogsReach } from './regions';
import { isUnknown, validationError } from './validation';

/** A domain name may be an alternate domain name of one distribution only once. */
export function validateDomainNames(scope: IConstruct, property: string, domainNames: string[]): void {
  const seen = new Set<string>();
  for (const name of domainNames) {
    if (Token.isUnresolved(name)) continue;
    const key = name.toLowerCase().replace(/\.$/, '');
    if (seen.has(key)) {
      throw validationError(scope, `'${property}' must not list a domain name twice, got ${name} twice; CloudFront rejects the duplicate alias`);
    }
    seen.add(key);
  }
}

/**
 * What CloudFront standard logging (legacy) cannot deliver to: a bucket with ACLs disabled (it
 * writes through an ACL grant to its log-delivery account), or a bucket in an opt-in Region.
 */
export function validateLogBucket(scope: IConstruct, property: string, bucket: s3.IBucket): void {
  const region = bucket.env.region;
  if (!isUnknown(region) && !cloudFrontLogsReach(region)) {
    throw validationError(scope, `'${property}' must not be in an opt-in Region (CloudFront does not deliver standard logs there), got ${bucket.node.path} in ${region}; use a bucket in us-east-1`);
  }
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket)) return; // imported: its ownership cannot be known
  const controls = Stack.of(cfn).resolve(cfn.ownershipControls);
  const rules: any[] = controls?.Rules ?? controls?.rules ?? [];
  const ownership = rules.map((r) => r?.ObjectOwnership ?? r?.objectOwnership).find((o) => o !== undefined);
  if (ownership === undefined || ownership === 'BucketOwnerEnforced') {
    throw validationError(scope, `'${property}' must have ACLs enabled (objectOwnership OBJECT_WRITER or BUCKET_OWNER_PREFERRED), because CloudFront standard logging writes through an ACL grant, `
      + `got ${bucket.node.path} with ACLs disabled (${ownership === undefined ? 'BucketOwnerEnforced, the default of new buckets' : ownership})`);
  }
}

/**
 * Refuses `originAccessControlId` (from `cloudfront.OriginProps`) on an origin that binds an Origin
 * Access Control of its own: the origin would overwrite it, and the control's signing could not be checked.
 */
export function refuseOriginAccessControlId(scope: IConstruct, id: string | undefined): void {
  if (id === undefined) return;
  throw validationError(scope, `'originAccessControlId' is not used by this origin, got ${Token.isUnresolved(id) ? 'a token' : `'${id}'`}; `
    + "pass 'originAccessControl' instead (for example cloudfront.S3OriginAccessControl.fromOriginAccessControlId(scope, id, originAccessControlId))");
}
