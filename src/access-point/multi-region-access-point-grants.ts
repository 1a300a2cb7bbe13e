import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IMultiRegionAccessPoint } from './multi-region-access-point';
import {
  DESCRIBE_OPERATION_ACTIONS,
  LIST_ACTIONS,
  MANAGE_ACCOUNT_ACTIONS,
  MANAGE_ACTIONS,
  MULTIPART_LIST_ACTIONS,
  OBJECT_READ_ACTIONS,
  OBJECT_WRITE_ACTIONS,
} from './private/actions';
import { GrantsOptions } from './private/grants-options';
import { accountRelation } from '../private/account-relation';
import { BucketKey, KEY_READ_ACTIONS, KEY_WRITE_ACTIONS, knownBucketKeysOf } from '../private/bucket-keys';
import { keyStatement } from '../private/keys';
import { warnWithStatements } from '../private/printed-statement';
import { validationError } from '../private/validation';

/** The object actions whose requests S3 decrypts (GetObject, HEAD) or encrypts (PutObject, UploadPart) with the bucket key. */
const DECRYPTING_ACTION = 's3:GetObject';
const ENCRYPTING_ACTION = 's3:PutObject';

/**
 * The grants of a Multi-Region Access Point, as aws-cdk-lib's `BucketGrants` are for a bucket:
 * `accessPoint.grants.read(role)`. Each data grant is an IAM policy for a principal of the owning
 * account; a principal of another account (or one that cannot take an identity policy) also gets
 * a statement in the access point policy. With SSE-KMS buckets, the principal may also use each
 * bucket's key, only through S3 in that bucket's Region and only for that bucket. A key of
 * another account than the principal's (a bucket of another account behind the access point)
 * also gets a statement in its key policy, in the key's own stack, that admits the principal (by
 * its ARN when that is a literal, else its account) for the same S3 requests.
 *
 * @example
 * declare const accessPoint: MultiRegionAccessPoint;
 * declare const reader: iam.IRole;
 *
 * accessPoint.grants.read(reader, 'reports/*');
 * accessPoint.grants.actions(reader, 's3:GetObjectAcl');
 */
export class MultiRegionAccessPointGrants {
  /**
   * The grants of `accessPoint`. An access point of this library already offers them as
   * `accessPoint.grants`; use this in your own implementation of `IMultiRegionAccessPoint`.
   *
   * @param accessPoint the access point to grant access to
   */
  public static fromMultiRegionAccessPoint(accessPoint: IMultiRegionAccessPoint): MultiRegionAccessPointGrants {
    return new MultiRegionAccessPointGrants(accessPoint, {});
  }

  /**
   * The grants of `accessPoint`, with the checks of the construct that exposes them.
   *
   * @internal
   */
  public static _withOptions(accessPoint: IMultiRegionAccessPoint, options: GrantsOptions): MultiRegionAccessPointGrants {
    return new MultiRegionAccessPointGrants(accessPoint, options);
  }

  private constructor(private readonly accessPoint: IMultiRegionAccessPoint, private readonly options: GrantsOptions) {}

  /**
   * Grants reading and listing objects through the access point (`s3:GetObject` (also HEAD),
   * `s3:GetObjectTagging`, `s3:GetObjectRetention`, `s3:GetObjectLegalHold`, `s3:ListBucket`),
   * and with SSE-KMS buckets `kms:Decrypt` with each bucket's key.
   *
   * @param grantee who to grant to
   * @param objectsKeyPattern which keys may be read (`*`, every key, when absent)
   */
  public read(grantee: iam.IGrantable, objectsKeyPattern: string = '*'): iam.Grant {
    return this.data('read', grantee, [...OBJECT_READ_ACTIONS, ...LIST_ACTIONS], objectsKeyPattern, KEY_READ_ACTIONS);
  }

  /**
   * Grants writing and deleting objects through the access point, including multipart uploads
   * (`s3:PutObject`, `s3:AbortMultipartUpload`, `s3:ListMultipartUploadParts`,
   * `s3:ListBucketMultipartUploads`, `s3:PutObjectTagging`, `s3:DeleteObjectTagging`,
   * `s3:DeleteObject`), and with SSE-KMS buckets encrypting with each bucket's key.
   * CopyObject is not supported through a Multi-Region Access Point.
   *
   * @param grantee who to grant to
   * @param objectsKeyPattern which keys may be written (`*`, every key, when absent)
   */
  public write(grantee: iam.IGrantable, objectsKeyPattern: string = '*'): iam.Grant {
    return this.data('write', grantee, [...OBJECT_WRITE_ACTIONS, ...MULTIPART_LIST_ACTIONS], objectsKeyPattern, KEY_WRITE_ACTIONS);
  }

  /**
   * Grants what `read` and `write` grant.
   *
   * @param grantee who to grant to
   * @param objectsKeyPattern which keys may be read and written (`*`, every key, when absent)
   */
  public readWrite(grantee: iam.IGrantable, objectsKeyPattern: string = '*'): iam.Grant {
    return this.data(
      'readWrite',
      grantee,
      [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS, ...LIST_ACTIONS, ...MULTIPART_LIST_ACTIONS],
      objectsKeyPattern,
      KEY_WRITE_ACTIONS,
    );
  }

  /**
   * Grants the given actions on the access point and every object behind it
   * (`<access point ARN>` and `<access point ARN>/object/*`), for what the named grants do not
   * cover, such as `s3:GetObjectAcl`, `s3:PutObjectLegalHold` or `s3:RestoreObject`.
   *
   * As with the named grants, a principal of another account also gets a statement in the access
   * point policy. With SSE-KMS buckets, an action that reads objects (`s3:GetObject`, or a
   * pattern that matches it) also gets `kms:Decrypt` with each bucket's key, and one that writes
   * them (`s3:PutObject`) `kms:Encrypt`, `kms:GenerateDataKey*` and `kms:Decrypt`; `kms:` actions
   * in `actions` are added to those, on the keys only.
   *
   * @param grantee who to grant to
   * @param actions S3 actions (`s3:...`, at least one), and optionally KMS actions (`kms:...`) for the buckets' keys
   */
  public actions(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    const s3Actions = actions.filter((a) => /^s3:/i.test(a));
    const kmsActions = actions.filter((a) => /^kms:/i.test(a));
    const other = actions.find((a) => !s3Actions.includes(a) && !kmsActions.includes(a));
    if (other !== undefined) {
      throw validationError(this.accessPoint, `'actions' must be S3 actions (s3:...) or KMS actions for the buckets' keys (kms:...), got '${other}'`);
    }
    if (s3Actions.length === 0) {
      const got = actions.length === 0 ? 'none' : `only ${kmsActions.join(', ')}`;
      throw validationError(this.accessPoint, `'actions' must include at least one S3 action (s3:...), got ${got}; grant a key's own actions with key.grant()`);
    }
    const keyActions = [...kmsActions];
    if (s3Actions.some((a) => matchesAction(a, DECRYPTING_ACTION))) keyActions.push(...KEY_READ_ACTIONS);
    if (s3Actions.some((a) => matchesAction(a, ENCRYPTING_ACTION))) keyActions.push(...KEY_WRITE_ACTIONS);
    const keys = knownBucketKeysOf(this.accessPoint);
    if (kmsActions.length > 0 && keys.length === 0) {
      throw validationError(this.accessPoint, `'actions' includes ${kmsActions.join(', ')}, but no bucket behind the access point has an SSE-KMS key this app knows; `
        + "leave the KMS actions out, or give the access point's 'encryptionKeys'");
    }
    return this.data('actions', grantee, [...new Set(s3Actions)], '*', [...new Set(keyActions)]);
  }

  /**
   * Grants operating the access point from the control plane: reading its configuration,
   * policy, policy status and routes, submitting routes (failover), listing access points and
   * tracking asynchronous requests. Always an identity policy: the control plane is used from
   * the owning account. Changing the policy is left to CloudFormation.
   *
   * @param grantee who to grant to
   */
  public manage(grantee: iam.IGrantable): iam.Grant {
    const accessPoint = this.accessPoint;
    refuseAliasAcrossAccounts(accessPoint, 'grants.manage()', grantee);
    const operations = Stack.of(accessPoint).formatArn({
      service: 's3',
      region: 'us-west-2', // every asynchronous Multi-Region Access Point request is tracked there
      account: accessPoint.env.account,
      resource: 'async-request',
      resourceName: 'mrap/*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return iam.Grant.addToPrincipal({ grantee, actions: MANAGE_ACTIONS, resourceArns: [accessPoint.multiRegionAccessPointArn] })
      .combine(iam.Grant.addToPrincipal({ grantee, actions: MANAGE_ACCOUNT_ACTIONS, resourceArns: ['*'] }))
      .combine(iam.Grant.addToPrincipal({ grantee, actions: DESCRIBE_OPERATION_ACTIONS, resourceArns: [operations] }));
  }

  /**
   * Same-account principals get an identity policy only: within one account, IAM alone lets a
   * request through the access point (and the delegating bucket policy lets it through the
   * bucket). Principals of other accounts, and principals that cannot take an identity policy
   * (service principals, immutable roles), also get a statement in the access point policy,
   * because a cross-account request needs the access point policy, the bucket policy and the
   * caller's IAM policy to allow it.
   *
   * With SSE-KMS buckets, the principal's policy also lets it use each bucket's key, only through
   * S3 in that bucket's Region and only for that bucket (`kms:ViaService`, encryption context).
   */
  private data(method: string, grantee: iam.IGrantable, actions: string[], objectsKeyPattern: string, keyActions: string[]): iam.Grant {
    const name = `grants.${method}()`;
    this.options.checkGrantee?.(name, grantee);
    const accessPoint = this.accessPoint;
    if (this.options.identityOnly) checkSameAccount(accessPoint, name, grantee);
    refuseAliasAcrossAccounts(accessPoint, name, grantee);
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions,
      resourceArns: [accessPoint.multiRegionAccessPointArn, accessPoint.arnForObjects(objectsKeyPattern)],
      resource: accessPoint,
    });
    if (this.options.identityOnly && !grant.principalStatement) {
      throw validationError(accessPoint, `'grantee' of ${name} must be a principal that can take an identity policy (a role, user or group), got ${grantee.grantPrincipal}: `
        + 'such a principal needs a statement in the access point policy, which this app does not own for an imported access point; add it where the access point is defined');
    }
    const consumer = Construct.isConstruct(grantee.grantPrincipal) ? Stack.of(grantee.grantPrincipal) : undefined;
    if (keyActions.length > 0) {
      for (const bucketKey of knownBucketKeysOf(accessPoint)) {
        const { key, bucketArn, region } = bucketKey;
        grantee.grantPrincipal.addToPrincipalPolicy(keyStatement(keyActions, key, bucketArn, region, consumer));
        grantKeyAcrossAccounts(accessPoint, name, grantee, bucketKey, keyActions);
      }
    }
    return grant;
  }
}

/**
 * A key of another account than the grantee's (a bucket of another account behind the access
 * point, or a grantee of another account) also needs its key policy to admit the grantee: KMS
 * evaluates a cross-account request against the key policy and the caller's IAM policy. The
 * statement goes into the key's own stack (its owner's account) and names the grantee's account,
 * narrowed to the grantee by `aws:PrincipalArn` when its ARN is a literal (else that account's IAM
 * decides, as the grantee's identity statement does), and only for S3 in the bucket's Region and
 * that bucket's encryption context.
 * An imported key cannot be changed: a warning prints the statement its owner must add.
 */
function grantKeyAcrossAccounts(
  accessPoint: IMultiRegionAccessPoint,
  name: string,
  grantee: iam.IGrantable,
  bucketKey: BucketKey,
  keyActions: string[],
): void {
  const { key, bucketArn, region } = bucketKey;
  const granteeAccount = grantee.grantPrincipal.principalAccount;
  if (accountRelation(key.env.account, granteeAccount) !== 'cross') return;
  const arn = literalArnOf(grantee.grantPrincipal);
  const statement = new iam.PolicyStatement({
    // The account, narrowed to the role by aws:PrincipalArn: KMS refuses a key policy whose
    // principal does not exist yet, and a role of another account's stack has no deploy order
    // with the key's stack (ADR 0024); a condition key is not checked for existence.
    principals: [new iam.AccountPrincipal(granteeAccount)],
    actions: keyActions,
    resources: ['*'],
    conditions: {
      ...(arn ? { ArnEquals: { 'aws:PrincipalArn': arn } } : {}),
      StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
    },
  });
  const result = key.addToResourcePolicy(statement, true);
  if (!result.statementAdded) {
    warnWithStatements(accessPoint, 'cdk-multi-region-bucket:crossAccountKeyPolicyNotUpdated', (render) =>
      `${name}: the key ${key.node.path} of account ${key.env.account} is imported, so this app cannot add to its policy; KMS denies the grantee `
      + `(account ${granteeAccount}) until the key owner adds this statement to the key policy: ${render([statement])}`);
  }
}

/**
 * A grantee whose policy is in a stack of another account than the access point's (a role of
 * another account's stack) would name the access point by its ARN, which holds the alias S3
 * generates when it creates the access point: CloudFormation could only read it from the access
 * point's stack at deploy time (`Fn::GetStackOutput` across accounts, with no deploy order), and
 * ADR 0024 lets no value cross an account. So it is refused, with the way that needs no such
 * value. An access point imported by its alias has the ARN as a literal, and passes.
 */
function refuseAliasAcrossAccounts(accessPoint: IMultiRegionAccessPoint, name: string, grantee: iam.IGrantable): void {
  const principal = grantee.grantPrincipal;
  if (!Token.isUnresolved(accessPoint.multiRegionAccessPointArn) || !Construct.isConstruct(principal)) return;
  const theirs = Stack.of(principal);
  const mine = Stack.of(accessPoint);
  if (theirs === mine || accountRelation(theirs.account, mine.account) !== 'cross') return;
  const problem = `'grantee' of ${name} must be in a stack of account ${mine.account}, the access point's, got ${principal.node.path} `
    + `in stack ${theirs.stackName} of account ${theirs.account}: its policy would name the access point's alias, which S3 generates at deploy time, so the value `
    + 'would cross accounts.';
  if (name === 'grants.manage()') {
    throw validationError(accessPoint, `${problem} The control plane is used from the owning account: manage the access point from a role of account ${mine.account}`);
  }
  throw validationError(accessPoint, `${problem}`
    + ' Grant to the role\'s account narrowed to the role, which names nothing that must exist first: '
    + `${name.slice(0, -1)}new iam.AccountPrincipal('${theirs.account}').withConditions({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::${theirs.account}:role/<name>' } })); `
    + `and give the role its own statement in account ${theirs.account} once the access point is deployed, `
    + "with the access point's ARN (its stack's output, or MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes with the alias)");
}

/** The principal's ARN when it is a literal (a role or user imported by ARN), else undefined. */
function literalArnOf(principal: iam.IPrincipal): string | undefined {
  const arn = (principal as Partial<iam.IRole>).roleArn ?? (principal as Partial<iam.IUser>).userArn;
  return typeof arn === 'string' && !Token.isUnresolved(arn) ? arn : undefined;
}

/**
 * This app does not own the access point policy of an imported access point, so a grant can only
 * be an identity policy, which lets a principal of the owning account in and no one else: a grant
 * that needs the access point policy would silently do nothing.
 */
function checkSameAccount(accessPoint: IMultiRegionAccessPoint, name: string, grantee: iam.IGrantable): void {
  const theirs = grantee.grantPrincipal.principalAccount;
  const mine = accessPoint.env.account;
  if (theirs !== undefined && !Token.isUnresolved(theirs) && !Token.isUnresolved(mine) && theirs !== mine) {
    throw validationError(accessPoint, `'grantee' of ${name} must be a principal of account ${mine}, which owns the imported access point, got one of account ${theirs}: `
      + 'another account also needs a statement in the access point policy, which this app does not own; add it where the access point is defined');
  }
}

/** Whether the IAM action pattern `pattern` (with `*` and `?`, case-insensitive) matches `action`. */
function matchesAction(pattern: string, action: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(action);
}
