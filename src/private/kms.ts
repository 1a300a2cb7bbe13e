import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Lets only AWS services create grants on the key, for the AWS resources they integrate with
 * (AWS Control Tower proactive control CT.KMS.PR.3). Without it, any principal that IAM allows
 * `kms:CreateGrant` (the key policy delegates to IAM) could hand the key to another principal
 * with a grant, outside both the key policy and IAM. Nothing this library sets up uses grants:
 * S3 (SSE-KMS, replication) and CloudFront call `kms:Decrypt`/`kms:GenerateDataKey` directly.
 */
export function denyGrantsExceptForAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
    },
  }));
}
