import * as crypto from 'crypto';
import * as util from 'util';
import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { accountRelation, AccountRelation } from '../../private/account-relation';
import { describeBucket } from '../../private/buckets';
import { partitionOf } from '../../private/partition';
import { warnWithStatements } from '../../private/printed-statement';
import { validationError } from '../../private/validation';

/**
 * Throws when `bucket` may or may not be in another account than `account` (one of the two is a
 * token): a destination in another account needs the account on the rule and a bucket policy in
 * that account, so it must not be guessed.
 */
export function requireKnownAccount(scope: IConstruct, property: string, bucket: s3.IBucket, other: string, otherLabel: string): AccountRelation {
  const relation = accountRelation(bucket.env.account, other);
  if (relation !== 'unknown') return relation;
  const known = Token.isUnresolved(bucket.env.account) ? other : bucket.env.account;
  const unknownSide = Token.isUnresolved(bucket.env.account) ? `${describeBucket(bucket)}, whose account is a token (an environment-agnostic stack, or an import without an account)` : `${otherLabel}, whose account is a token`;
  throw validationError(
    scope,
    `'${property}' must have a known account when the other side is in account ${known} (a bucket in another account needs the account on the rule and a policy in that account), got ${unknownSide}; `
      + 'give the stacks an env with an account, or import the bucket with s3.Bucket.fromBucketAttributes({ account })',
  );
}

/**
 * The prefix of the ARN of a role in `role`'s stack (`arn:<partition>:iam::<account>:role/`), for
 * a role named at synth time; throws when that stack has no literal account and Region.
 */
export function roleArnPrefix(scope: IConstruct, property: string, role: IConstruct): string {
  const stack = Stack.of(role);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw validationError(scope, `'${property}' must be in a stack with an explicit account and Region to be named in another account's policy, got ${role.node.path} in stack ${stack.stackName} without one`);
  }
  return `arn:${partitionOf(stack.region)}:iam::${stack.account}:role/`;
}

/**
 * The ARN of a given role as a literal that another account's template can carry (no
 * cross-account reference): an imported ARN, or the ARN of a role of this app with a name (and
 * path) known at synth time.
 */
export function literalRoleArn(scope: IConstruct, property: string, role: iam.IRole): string {
  if (!Token.isUnresolved(role.roleArn)) return role.roleArn;
  const prefix = roleArnPrefix(scope, property, role);
  const stack = Stack.of(role);
  const cfn = role.node.defaultChild;
  const name = cfn instanceof iam.CfnRole ? stack.resolve(cfn.roleName) : undefined;
  const path = cfn instanceof iam.CfnRole ? stack.resolve(cfn.path) : undefined;
  if (typeof name !== 'string' || (path !== undefined && typeof path !== 'string')) {
    throw validationError(
      scope,
      `'${property}' must have a name known at synth time to be named in another account's bucket and key policies (no CloudFormation reference crosses accounts), got ${role.node.path}, whose name is generated at deploy time; give it a roleName, or import it with iam.Role.fromRoleArn`,
    );
  }
  const folder = typeof path === 'string' && path !== '/' ? path.replace(/^\/|\/$/g, '') + '/' : '';
  return `${prefix}${folder}${name}`;
}

/** What the destination's account must allow the replication role for one destination. */
export interface CrossAccountGrant {
  /** The replication role's ARN (a literal). */
  readonly roleArn: string;
  /** The role's account, the principal of the statements (narrowed to the role by `aws:PrincipalArn`). */
  readonly roleAccount: string;
  /** The destination bucket's ARN. */
  readonly bucketArn: string;
  /** The destination's Region (for `kms:ViaService`). */
  readonly region: string;
  /** The object key patterns the role replicates (`*`, or `<prefix>*`). */
  readonly objectPatterns: string[];
  /** Whether the replicas change owner (`s3:ObjectOwnerOverrideToBucketOwner`). */
  readonly ownerOverride: boolean;
}

/**
 * The destination account's principal for the role: the role's account, narrowed to exactly the
 * role by `aws:PrincipalArn`. A policy cannot name the role itself as principal: S3 and KMS refuse
 * a policy whose principal does not exist yet, and the role is created after the destination
 * (its stack deploys after the destination's); a condition is not checked for existence, and it
 * keeps matching if the role is ever re-created.
 */
/**
 * A statement ID unique to the role: several sources (a mesh across three accounts) replicate into
 * one destination, and a policy's statement IDs must be unique (cfn-lint E3512).
 */
/**
 * `<base><first 8 hex of sha256 of the role ARN>`. The hash is of the ARN's value: an ARN known
 * only once bucket names are resolved is a lazy token, whose text (`${Token[TOKEN.n]}`) depends
 * on how many tokens the process made before, so hashing it gave another Sid at every synthesis.
 */
function sidFor(base: string, grant: CrossAccountGrant): string {
  const sid = (arn: string) => `${base}${crypto.createHash('sha256').update(arn).digest('hex').slice(0, 8)}`;
  if (!Token.isUnresolved(grant.roleArn)) return sid(grant.roleArn);
  return Lazy.uncachedString({
    produce: (context) => {
      const arn = context.resolve(grant.roleArn);
      return sid(typeof arn === 'string' ? arn : util.inspect(arn, { depth: null, breakLength: Infinity, sorted: true }));
    },
  });
}

function roleCondition(grant: CrossAccountGrant): Record<string, Record<string, string>> {
  return { ArnEquals: { 'aws:PrincipalArn': grant.roleArn } };
}

/**
 * The destination bucket policy statements that let exactly the replication role replicate.
 * Nothing on the bucket itself: AWS's walkthrough also grants `s3:GetBucketVersioning` and
 * `s3:PutBucketVersioning`, but the role needs neither (its documented minimal policy has
 * neither, and a cross-account request needs the role's own policy to allow too).
 */
export function destinationBucketStatements(grant: CrossAccountGrant): iam.PolicyStatement[] {
  const principal = new iam.AccountPrincipal(grant.roleAccount);
  return [
    new iam.PolicyStatement({
      sid: sidFor('AllowCrossAccountReplication', grant),
      principals: [principal],
      actions: [
        ...(grant.ownerOverride ? ['s3:ObjectOwnerOverrideToBucketOwner'] : []),
        's3:ReplicateDelete',
        's3:ReplicateObject',
        's3:ReplicateTags',
      ],
      resources: grant.objectPatterns.map((pattern) => `${grant.bucketArn}/${pattern}`),
      conditions: roleCondition(grant),
    }),
  ];
}

/**
 * What the replication role does with a replica key: encrypt the replicas, and decrypt to verify
 * the destination's S3 Bucket Key (S3 User Guide, replicating encrypted objects: "To use
 * replication with an S3 Bucket Key, the AWS KMS key policy for the KMS key that's used to encrypt
 * the object replica must include the kms:Decrypt permission for the calling principal.").
 */
export const REPLICA_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt'];

/**
 * The destination key policy statement that lets exactly the replication role encrypt replicas of
 * that bucket and verify its S3 Bucket Key (`REPLICA_KEY_ACTIONS`).
 */
export function destinationKeyStatement(grant: CrossAccountGrant): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: sidFor('AllowCrossAccountReplicationEncrypt', grant),
    principals: [new iam.AccountPrincipal(grant.roleAccount)],
    actions: REPLICA_KEY_ACTIONS,
    resources: ['*'],
    conditions: {
      ...roleCondition(grant),
      StringEquals: { 'kms:ViaService': `s3.${grant.region}.amazonaws.com` },
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': [grant.bucketArn, `${grant.bucketArn}/*`] },
    },
  });
}

/**
 * Adds `statements` to the bucket policy of an `s3.Bucket` of this app (in its own stack);
 * for a bucket this app cannot change, warns with the statements its owner must add.
 */
export function grantOnBucket(scope: IConstruct, property: string, bucket: s3.IBucket, statements: iam.PolicyStatement[]): void {
  const added = statements.map((statement) => bucket.addToResourcePolicy(statement).statementAdded);
  if (added.every((a) => a)) return;
  warnWithStatements(scope, 'cdk-multi-region-bucket:crossAccountReplicationBucketPolicy', (render) =>
    `'${property}' ${describeBucket(bucket)} is in account ${bucket.env.account} and not a bucket of this app: its owner must add these statements to its bucket policy, or replication into it fails: ${render(statements)}`);
}

/**
 * Adds `statement` to the key policy of a `kms.Key` of this app (or of the key an alias of this
 * app names); for a key this app cannot change, warns with the statement its owner must add.
 */
export function grantOnKey(scope: IConstruct, property: string, key: kms.IKey, statement: iam.PolicyStatement): void {
  if (key.addToResourcePolicy(statement, true).statementAdded) return;
  warnWithStatements(scope, 'cdk-multi-region-bucket:crossAccountReplicationKeyPolicy', (render) =>
    `'${property}' ${key.node.path} is in account ${key.env.account} and not a key of this app: its owner must add this statement to its key policy, or S3 cannot encrypt the replicas: ${render([statement])}`);
}
