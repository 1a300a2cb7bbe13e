import { Arn, ArnFormat, Aws, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { partitionOf } from './partition';
import { isUnknown, validationError } from './validation';

/**
 * The alias name (`alias/...`) when `key` is an alias, by construct or by ARN; otherwise undefined.
 *
 * For an alias created in the app, the literal name it was given (its `AWS::KMS::Alias`'s
 * `AliasName`), not `Alias.aliasName`: under `@aws-cdk/aws-kms:aliasNameRef` (in the flags
 * `cdk init` writes) that is a `Ref` of the alias resource, which another stack can only read
 * through an export or `Fn::GetStackOutput` (docs/adr/0031-feature-flags-users-have.md).
 */
export function aliasNameOf(key: kms.IKey): string | undefined {
  const aliasName = (key as Partial<kms.IAlias>).aliasName;
  if (typeof aliasName === 'string') return literalAliasName(key) ?? aliasName;
  if (!Token.isUnresolved(key.keyArn)) {
    const resource = Arn.split(key.keyArn, ArnFormat.SLASH_RESOURCE_NAME);
    if (resource.resource === 'alias') return `alias/${resource.resourceName}`;
  }
  return undefined;
}

/** The `AliasName` of the `AWS::KMS::Alias` of an alias created in the app, when it is a literal. */
function literalAliasName(alias: kms.IKey): string | undefined {
  const resource = alias.node.defaultChild;
  if (!(resource instanceof kms.CfnAlias)) return undefined;
  return Token.isUnresolved(resource.aliasName) ? undefined : resource.aliasName;
}

/**
 * The ARN to name `key` by in a replication configuration: for an alias whose Region and account
 * are known, its alias ARN with the literal partition (a plain string in another Region's stack,
 * where the alias's own `keyArn` is an `Fn::Join` around `AWS::Partition`); otherwise `keyArn`.
 */
export function keyArnOf(key: kms.IKey): string {
  const aliasName = aliasNameOf(key);
  const { account, region } = key.env;
  if (aliasName === undefined || isUnknown(account) || isUnknown(region)) return key.keyArn;
  return `arn:${partitionOf(region)}:kms:${region}:${account}:${aliasName}`;
}

/**
 * Checks that a key lives in `region` (when both are known) and that `consumer` can name it
 * without cross-Region SSM references.
 */
export function validateKey(scope: IConstruct, property: string, key: kms.IKey, region: string, consumer: Stack): void {
  const keyRegion = key.env.region;
  if (!isUnknown(keyRegion) && !Token.isUnresolved(region) && keyRegion !== region) {
    throw validationError(scope, `'${property}' must be a key in ${region}, the Region of its bucket, got a key in ${keyRegion}`);
  }
  if (aliasNameOf(key) !== undefined || referenceableFrom(key, consumer)) return;
  const keyStack = Stack.of(key);
  throw validationError(
    scope,
    `'${property}' must be referenceable from stack ${consumer.stackName} (${consumer.region}), got the key ${key.node.path} of stack ${keyStack.stackName} (${keyStack.region}), whose ARN only SSM parameters could carry across Regions; pass an alias of it (key.addAlias('alias/...')) or import it by ARN (kms.Key.fromKeyArn)`,
  );
}

/** Whether `consumer` can name `key` by its ARN: a literal ARN, or a key of the same stack or environment. */
function referenceableFrom(key: kms.IKey, consumer: Stack): boolean {
  if (!Token.isUnresolved(key.keyArn)) return true;
  const keyStack = Stack.of(key);
  if (keyStack === consumer) return true;
  return !Token.isUnresolved(keyStack.account) && keyStack.account === consumer.account &&
    !Token.isUnresolved(keyStack.region) && keyStack.region === consumer.region;
}

/**
 * A statement that lets a principal use `key` for one bucket only, and only through S3
 * in that bucket's Region: `kms:ViaService` = `s3.<region>.amazonaws.com` and
 * `kms:EncryptionContext:aws:s3:arn` = the bucket ARN (S3 Bucket Keys) or an object ARN under it.
 *
 * A key given as an alias is granted as `key/*` in its Region and account, narrowed to keys that
 * carry the alias (`kms:ResourceAliases`): IAM never matches an alias ARN against the key ARN that
 * KMS authorizes. A key whose ARN `consumer` (the stack of the policy) cannot name, a key of a
 * stack in another Region, is granted as `key/*` in its Region and account too, narrowed by the
 * S3 service of its Region and the bucket's encryption context alone.
 */
export function keyStatement(action: string | string[], key: kms.IKey, bucketArn: string, region: string, consumer?: Stack): iam.PolicyStatement {
  const aliasName = aliasNameOf(key);
  const byPattern = aliasName !== undefined || (consumer !== undefined && !referenceableFrom(key, consumer));
  const conditions: Record<string, Record<string, unknown>> = {
    StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
    StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
  };
  if (aliasName !== undefined) {
    conditions['ForAnyValue:StringEquals'] = { 'kms:ResourceAliases': aliasName };
  }
  return new iam.PolicyStatement({
    actions: [action].flat(),
    resources: [byPattern ? aliasKeysArn(key) : key.keyArn],
    conditions,
  });
}

function aliasKeysArn(key: kms.IKey): string {
  const account = isUnknown(key.env.account) ? Aws.ACCOUNT_ID : key.env.account;
  return `arn:${partitionOf(key.env.region)}:kms:${key.env.region}:${account}:key/*`;
}
