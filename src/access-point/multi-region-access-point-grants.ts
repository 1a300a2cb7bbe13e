import { ArnFormat, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, Dependable } from 'constructs';
import type { IMultiRegionAccessPoint } from './multi-region-access-point';
import {
  ALL_DATA_ACTIONS,
  CONTROL_PLANE_ACTIONS,
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
 * A grant that would open the access point or allow nothing is refused at synth time: everyone
 * while Block Public Access blocks public policies, a service principal with no condition on
 * `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`, a grantee in a
 * stack that the access point's stack depends on (or one without an explicit environment), and a
 * grantee that needs the policy of an access point that takes no statement (an imported one). A
 * role this app cannot attach a policy to (an `ArnPrincipal`, a role imported from another account
 * or with `mutable: false`) gets the warning `cdk-multi-region-bucket:granteePolicyNotAdded` with
 * the statement its owner must attach.
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
    // An access point of this library (also an imported one) already has its grants, with the
    // checks that belong to it (an imported access point takes no policy statement): reuse them.
    const own = (accessPoint as Partial<IMultiRegionAccessPoint>).grants;
    if (own instanceof MultiRegionAccessPointGrants && own.accessPoint === accessPoint) return own;
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

  /** Refuses `actions` that no operation through a Multi-Region Access Point uses, or that reach its control plane. */
  private checkS3Actions(actions: string[]): void {
    for (const action of actions) {
      if (Token.isUnresolved(action)) continue;
      const control = CONTROL_PLANE_ACTIONS.filter((a) => matchesAction(action, a));
      if (!/[*?]/.test(action) && control.length > 0) {
        throw validationError(this.accessPoint, `'actions' must be actions of the object operations a Multi-Region Access Point accepts, got '${action}', an action of its control plane; `
          + 'grant it with grants.manage(), which is always an identity policy of the owning account');
      }
      if (control.length > 0) {
        throw validationError(this.accessPoint, `'actions' must be actions of the object operations a Multi-Region Access Point accepts, got '${action}', which also matches `
          + `its control-plane actions (${control.join(', ')}) on the same ARN; name the object actions (for example grants.read(), grants.write(), or `
          + "grants.actions(grantee, 's3:GetObjectAcl')), and use grants.manage() for the control plane");
      }
      if (!ALL_DATA_ACTIONS.some((a) => matchesAction(action, a))) {
        throw validationError(this.accessPoint, `'actions' must be actions of the object operations a Multi-Region Access Point accepts (${ALL_DATA_ACTIONS.join(', ')}), `
          + `got '${action}', which no request through the access point uses, so the grant would allow nothing; version-specific operations, CopyObject and `
          + "bucket operations are not supported through a Multi-Region Access Point: grant them on each Region's bucket");
      }
    }
  }

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
   * Refused: an S3 action that no operation through a Multi-Region Access Point uses (such as
   * `s3:GetObjectVersion` or `s3:PutBucketPolicy`: grant those on each Region's bucket), and a
   * pattern that also matches a control-plane action on the same ARN (`s3:*`, `s3:Get*`,
   * `s3:Put*`; use `manage` for the control plane).
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
    this.checkS3Actions(s3Actions);
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
   * the owning account. Changing the policy is left to CloudFormation. The grantee must be of the
   * owning account and take an identity policy (a role, user or group of this app).
   *
   * @param grantee who to grant to
   */
  public manage(grantee: iam.IGrantable): iam.Grant {
    const accessPoint = this.accessPoint;
    const name = 'grants.manage()';
    refuseAliasAcrossAccounts(accessPoint, name, grantee);
    refuseUnreferenceable(accessPoint, name, grantee);
    const theirs = grantee.grantPrincipal.principalAccount;
    const mine = accessPoint.env.account;
    if (accountRelation(theirs, mine) === 'cross') {
      throw validationError(accessPoint, `'grantee' of ${name} must be a principal of account ${mine}, which owns the access point, got ${grantee.grantPrincipal} of account ${theirs}: `
        + 'S3 takes control-plane requests for a Multi-Region Access Point only from its owner, so the grant would allow nothing; '
        + `manage it from a role of account ${mine}, or let the other account read or write data with grants.read() or grants.write()`);
    }
    const operations = Stack.of(accessPoint).formatArn({
      service: 's3',
      region: 'us-west-2', // every asynchronous Multi-Region Access Point request is tracked there
      account: accessPoint.env.account,
      resource: 'async-request',
      resourceName: 'mrap/*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const grant = iam.Grant.addToPrincipal({ grantee, actions: MANAGE_ACTIONS, resourceArns: [accessPoint.multiRegionAccessPointArn] });
    if (!grant.success) {
      throw validationError(accessPoint, `'grantee' of ${name} must be a principal that can take an identity policy (a role, user or group of this app), got ${grantee.grantPrincipal}: `
        + 'the control plane is granted by an identity policy only, so the grant would allow nothing; '
        + 'grant it to a role defined in this app, or import the role with iam.Role.fromRoleArn and mutable: true (the default) in a stack of its account');
    }
    return grant
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
    checkKeyPattern(accessPoint, objectsKeyPattern);
    checkOpenPrincipal(accessPoint, this.options, name, grantee);
    if (this.options.identityOnly) checkSameAccount(accessPoint, name, grantee);
    refuseAliasAcrossAccounts(accessPoint, name, grantee);
    refuseUnreferenceable(accessPoint, name, grantee);
    const principal = grantee.grantPrincipal;
    const resourceArns = [accessPoint.multiRegionAccessPointArn, accessPoint.arnForObjects(objectsKeyPattern)];
    // As iam.Grant.addToPrincipalOrResource, but keeping both statements, and telling whether
    // each was added: a grant whose statements were not added would silently allow nothing.
    const identity = iam.Grant.addToPrincipal({ grantee, actions, resourceArns });
    if (this.options.identityOnly && !identity.success) {
      throw validationError(accessPoint, `'grantee' of ${name} must be a principal that can take an identity policy (a role, user or group), got ${principal}: `
        + 'such a principal needs a statement in the access point policy, which this app does not own for an imported access point; add it where the access point is defined');
    }
    let grant = identity;
    const comparison = principal.principalAccount !== undefined
      ? Token.compareStrings(accessPoint.env.account, principal.principalAccount)
      : undefined;
    const sameAccount = comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED;
    if (!identity.success || !sameAccount) {
      const statement = new iam.PolicyStatement({ actions, resources: resourceArns, principals: [principal] });
      const onResource = iam.Grant.addStatementToResourcePolicy({ grantee, actions, resourceArns, resource: accessPoint, statement });
      if (Dependable.of(onResource).dependencyRoots.length === 0) {
        throw validationError(accessPoint, `'grantee' of ${name} needs a statement in the access point policy (${describeWhy(principal, accessPoint)}), got ${principal}, `
          + `but ${accessPoint.node.path} took none (its policy is not this app's, as for an imported access point), so the grant would allow nothing; `
          + 'add the statement where the access point is defined, or grant to a role, user or group of the account that owns it');
      }
      grant = identity.combine(onResource);
    }
    // Statements the grantee needs in its own policy that it did not take (a role imported from
    // another account, or imported as immutable): printed for its owner instead.
    // (An immutable role says it took a statement, with nothing to depend on: it took none.)
    const missing: iam.PolicyStatement[] = [];
    const granteeAccount = accountOfPrincipal(principal);
    const cross = accountRelation(granteeAccount, accessPoint.env.account) === 'cross';
    const owned = takesIdentityPolicies(principal);
    if (owned && !(identity.success && Dependable.of(identity).dependencyRoots.length > 0)) {
      missing.push(new iam.PolicyStatement({ actions, resources: resourceArns }));
    }
    const consumer = Construct.isConstruct(principal) ? Stack.of(principal) : undefined;
    if (keyActions.length > 0) {
      for (const bucketKey of knownBucketKeysOf(accessPoint)) {
        const { key, bucketArn, region } = bucketKey;
        const statement = keyStatement(keyActions, key, bucketArn, region, consumer);
        const added = principal.addToPrincipalPolicy(statement);
        const taken = added.statementAdded && added.policyDependable !== undefined
          && Dependable.of(added.policyDependable).dependencyRoots.length > 0;
        if (owned && !taken) missing.push(statement);
        grantKeyAcrossAccounts(accessPoint, name, grantee, bucketKey, keyActions);
      }
    }
    if (missing.length > 0) {
      const why = cross
        ? `a request from account ${granteeAccount} through the access point of account ${accessPoint.env.account} also needs the caller's own IAM policy to allow it`
        : `within account ${granteeAccount ?? accessPoint.env.account}, S3 and KMS let it in only when its own IAM policy allows it`;
      warnWithStatements(accessPoint, 'cdk-multi-region-bucket:granteePolicyNotAdded', (render) =>
        `'grantee' of ${name} is ${principal}, which takes no policy from this app (an ArnPrincipal, or a role imported from another account or with mutable: false), `
        + `and ${why}: the grant allows nothing until the role's owner attaches this statement to it: ${render(missing)}`);
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

/** The account of `principal`: its own, or the one in its literal ARN (an ArnPrincipal has none of its own). */
function accountOfPrincipal(principal: iam.IPrincipal): string | undefined {
  if (principal.principalAccount !== undefined) return principal.principalAccount;
  const aws = [principal.policyFragment.principalJson.AWS ?? []].flat();
  const match = aws.length === 1 && typeof aws[0] === 'string' ? /^arn:[^:]+:iam::(\d{12}):/.exec(aws[0]) : null;
  return match?.[1];
}

/** Why a principal needs the access point policy (for a message). */
function describeWhy(principal: iam.IPrincipal, accessPoint: IMultiRegionAccessPoint): string {
  const account = principal.principalAccount;
  if (account !== undefined && !Token.isUnresolved(account) && account !== accessPoint.env.account) {
    return `it is of account ${account}, not ${accessPoint.env.account}`;
  }
  return 'it takes no identity policy from this app';
}

/**
 * Whether `principal` is a role or user known by a literal ARN: one that holds identity policies
 * of its own, which its owner must change when this app cannot. An account, a service, everyone
 * or an organization is not (their access is decided by resource policies, or by their own
 * account's administrators, who know it).
 */
function takesIdentityPolicies(principal: iam.IPrincipal): boolean {
  const aws = [principal.policyFragment.principalJson.AWS ?? []].flat();
  const others = Object.keys(principal.policyFragment.principalJson).filter((k) => k !== 'AWS');
  return others.length === 0 && aws.length > 0
    && aws.every((a) => typeof a === 'string' && !Token.isUnresolved(a) && /^arn:[^:]+:iam::\d{12}:(role|user)\//.test(a));
}

/** The condition keys that tie a service principal to the caller's own resources (confused deputy). */
const SOURCE_CONDITION_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths'];

/**
 * Refuses a grantee that opens the access point: everyone, while Block Public Access refuses a
 * public access point policy (the deploy would fail), or an AWS service with no condition that
 * ties it to this account's resources (any resource of any account could then use the grant).
 * Conditions on everyone are left to S3 (it decides which ones make a policy non-public).
 */
function checkOpenPrincipal(accessPoint: IMultiRegionAccessPoint, options: GrantsOptions, name: string, grantee: iam.IGrantable): void {
  const principal = grantee.grantPrincipal;
  const fragment = principal.policyFragment;
  const conditionKeys = Object.values(fragment.conditions ?? {}).flatMap((c) => (typeof c === 'object' && c !== null ? Object.keys(c) : [])).map((k) => k.toLowerCase());
  const json = fragment.principalJson;
  // AnyPrincipal is { AWS: '*' }; StarPrincipal renders as the literal "*".
  const everyone = [json.AWS ?? [], json.LiteralString ?? []].flat().includes('*');
  if (everyone && conditionKeys.length === 0 && options.blocksPublicPolicy) {
    throw validationError(accessPoint, `'grantee' of ${name} must not be everyone while the access point's Block Public Access blocks public policies, got ${principal}: `
      + 'S3 refuses an access point policy that grants public access, so the deploy would fail; grant to the roles, accounts or services '
      + '(with aws:SourceArn) that need access, or serve the public through CloudFront (MultiRegionAccessPointOrigin)');
  }
  // An imported access point takes no policy statement: such a grantee is refused for that first.
  const services = [json.Service ?? []].flat();
  if (!options.identityOnly && services.length > 0 && !conditionKeys.some((k) => SOURCE_CONDITION_KEYS.includes(k))) {
    const service = /^ServicePrincipal\((.+)\)$/.exec(`${principal}`)?.[1] ?? '<service>.amazonaws.com';
    throw validationError(accessPoint, `'grantee' of ${name} must tie a service principal to your own resources with a condition on aws:SourceArn, aws:SourceAccount, `
      + `aws:SourceOrgID or aws:SourceOrgPaths, got ${principal} with ${conditionKeys.length === 0 ? 'no condition' : `conditions on ${conditionKeys.join(', ')} only`}: `
      + 'the access point policy would let the service act for any resource of any account (a confused deputy); '
      + `use ${name.slice(0, -1)}new iam.ServicePrincipal('${service}').withConditions({ StringEquals: { 'aws:SourceArn': <your resource's ARN> } }))`
      + (service.startsWith('cloudfront.') ? ', or for a distribution MultiRegionAccessPointOrigin, which does this' : ''));
  }
}

/** Refuses a key pattern that is empty or an ARN (the grant would name no key the user meant). */
function checkKeyPattern(accessPoint: IMultiRegionAccessPoint, pattern: string): void {
  if (Token.isUnresolved(pattern)) return;
  if (pattern === '') {
    throw validationError(accessPoint, "'objectsKeyPattern' must be a key or a pattern of keys such as 'reports/*', got '': the grant would name no object; "
      + "leave it out for every key ('*')");
  }
  if (/^arn:/i.test(pattern)) {
    throw validationError(accessPoint, `'objectsKeyPattern' must be a key or a pattern of keys such as 'reports/*', got '${pattern}', an ARN: `
      + 'the grant appends it to the access point\'s ARN (<access point ARN>/object/<pattern>), so it would name no object; give only the part after the bucket name');
  }
}

/**
 * A grantee whose policy would name the access point's alias (a deploy-time value of the access
 * point's stack) must be in a stack that can import it: one of a known environment, deployed
 * after the access point's stack. Otherwise aws-cdk-lib fails later with an error that names
 * neither the grant nor the way out.
 */
function refuseUnreferenceable(accessPoint: IMultiRegionAccessPoint, name: string, grantee: iam.IGrantable): void {
  const principal = grantee.grantPrincipal;
  if (!Token.isUnresolved(accessPoint.multiRegionAccessPointArn) || !Construct.isConstruct(principal)) return;
  const theirs = Stack.of(principal);
  const mine = Stack.of(accessPoint);
  if (theirs === mine) return;
  const agnostic = (s: Stack) => Token.isUnresolved(s.account) || Token.isUnresolved(s.region);
  if (agnostic(theirs) && !agnostic(mine)) {
    throw validationError(accessPoint, `'grantee' of ${name} must be in a stack with an explicit account and Region, got ${principal.node.path} in the environment-agnostic stack ${theirs.stackName}: `
      + "its policy would name the access point's alias, which S3 generates at deploy time in stack "
      + `${mine.stackName} (account ${mine.account}, ${mine.region}), and only a stack of a known environment can read it; give stack ${theirs.stackName} env: { account, region }`);
  }
  if (dependsOn(mine, theirs)) {
    throw validationError(accessPoint, `'grantee' of ${name} must be in a stack deployed after the access point's stack ${mine.stackName}, got ${principal.node.path} in stack ${theirs.stackName}, `
      + `which ${mine.stackName} depends on (it holds a bucket or key the access point needs): its policy would name the access point's alias, `
      + 'which S3 generates at deploy time, and the two stacks would depend on each other; define the grantee in a stack of its own (or in '
      + `${mine.stackName})`);
  }
}

/** Whether `stack` depends on `other`, directly or through other stacks. */
function dependsOn(stack: Stack, other: Stack, seen = new Set<Stack>()): boolean {
  if (seen.has(stack)) return false;
  seen.add(stack);
  return stack.dependencies.some((d) => d === other || dependsOn(d, other, seen));
}
