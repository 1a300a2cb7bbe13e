import * as crypto from 'crypto';
import { Arn, ArnFormat, IResource, Lazy, Names, Resource, ResourceProps, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws_s3 as s3Refs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { MultiRegionAccessPointGrants } from './multi-region-access-point-grants';
import { MultiRegionAccessPointRoutes } from './multi-region-access-point-routes';
import { ALL_DATA_ACTIONS } from './private/actions';
import { GrantsOptions } from './private/grants-options';
import { Routing } from './routing';
import { accountRelation, describeAccount } from '../private/account-relation';
import { BucketKey } from '../private/bucket-keys';
import { bucketNameOf, cfnBucketOf, versioningStatusOf } from '../private/buckets';
import { partitionOf } from '../private/partition';
import { warnWithStatements } from '../private/printed-statement';
import { MAX_ACCESS_POINT_REGIONS, regionFacts, RegionUse, validateDistinctRegions, validateRegion } from '../private/regions';
import { claim, claimOf, isUnknown, validateAccountId, validateSameStage, validationError } from '../private/validation';
import { warn } from '../private/warnings';

const NAME_PATTERN = /^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$/;
const ALIAS_PATTERN = /^[a-z0-9]+\.mrap$/;
const ARN_PATTERN = /^arn:[a-z-]+:s3::\d{12}:accesspoint\/[a-z0-9]+\.mrap$/;

/**
 * An S3 Multi-Region Access Point: one global endpoint in front of one bucket in each of up to
 * 17 Regions.
 */
export interface IMultiRegionAccessPoint extends IResource, s3Refs.IMultiRegionAccessPointRef {
  /**
   * The name of the access point. Not known for an access point imported by ARN alone.
   *
   * @attribute
   */
  readonly multiRegionAccessPointName: string;

  /**
   * The alias of the access point (`<random>.mrap`), which its ARN and host name are built from.
   *
   * @attribute
   */
  readonly multiRegionAccessPointAlias: string;

  /**
   * The ARN of the access point: `arn:<partition>:s3::<account>:accesspoint/<alias>`.
   * Use it wherever an SDK expects a bucket name.
   *
   * @attribute
   */
  readonly multiRegionAccessPointArn: string;

  /**
   * The global host name of the access point: `<alias>.accesspoint.s3-global.amazonaws.com`.
   * Requests to it must be signed with SigV4A.
   *
   * @attribute
   */
  readonly multiRegionAccessPointDomainName: string;

  /**
   * The Regions of the buckets behind the access point, in the order they were given. Empty for
   * an imported access point whose Regions were not given.
   */
  readonly regions: string[];

  /**
   * The grants of the access point: `read`, `write`, `readWrite`, `manage`, and `actions` for
   * what those do not cover. Implement it with `MultiRegionAccessPointGrants.fromMultiRegionAccessPoint(this)`.
   */
  readonly grants: MultiRegionAccessPointGrants;

  /**
   * The ARN of the objects whose keys match `keyPattern`, through this access point:
   * `<access point ARN>/object/<keyPattern>`.
   *
   * @param keyPattern a key or a pattern with `*`, for example `reports/*`
   */
  arnForObjects(keyPattern: string): string;

  /**
   * Adds a statement to the access point policy. An imported access point has no policy that
   * this app owns, so the statement is not added (`statementAdded` is false).
   *
   * @param statement the statement to add; it must name principals and resources of this access point
   */
  addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult;
}

/**
 * What is needed to use a Multi-Region Access Point that is not defined in this app.
 */
export interface MultiRegionAccessPointAttributes {
  /**
   * The alias of the access point (`<random>.mrap`).
   */
  readonly multiRegionAccessPointAlias: string;

  /**
   * The name of the access point.
   *
   * @default - not known; reading `multiRegionAccessPointName` throws
   */
  readonly multiRegionAccessPointName?: string;

  /**
   * The Regions of the buckets behind the access point. Needed by `Routing.activeActive()` and
   * `Routing.activePassive()`, which must know every Region.
   *
   * @default - not known
   */
  readonly regions?: string[];

  /**
   * The account that owns the access point.
   *
   * @default - the account of the stack the import is defined in
   */
  readonly account?: string;
}

/**
 * What every Multi-Region Access Point, defined here or imported, can do. Not exported: users
 * implement `IMultiRegionAccessPoint` or import an access point with the `fromXxx` methods.
 */
abstract class MultiRegionAccessPointBase extends Resource implements IMultiRegionAccessPoint {
  /**
   * The name of the access point.
   *
   * @attribute
   */
  public abstract readonly multiRegionAccessPointName: string;

  /**
   * The alias of the access point (`<random>.mrap`).
   *
   * @attribute
   */
  public abstract readonly multiRegionAccessPointAlias: string;

  /**
   * The ARN of the access point: `arn:<partition>:s3::<account>:accesspoint/<alias>`.
   *
   * @attribute
   */
  public abstract readonly multiRegionAccessPointArn: string;

  /** The Regions of the buckets behind the access point; empty when not known. */
  public abstract readonly regions: string[];

  /**
   * The grants of the access point: `read`, `write`, `readWrite`, `manage` and `actions`.
   */
  public readonly grants: MultiRegionAccessPointGrants;

  constructor(scope: Construct, id: string, props: ResourceProps, grantsOptions: GrantsOptions = {}) {
    super(scope, id, props);
    this.grants = MultiRegionAccessPointGrants._withOptions(this, grantsOptions);
  }

  /**
   * The global host name of the access point: `<alias>.accesspoint.s3-global.amazonaws.com`.
   *
   * Multi-Region Access Points exist only in the `aws` partition, whose domain this is.
   *
   * @attribute
   */
  public get multiRegionAccessPointDomainName(): string {
    return `${this.multiRegionAccessPointAlias}.accesspoint.s3-global.amazonaws.com`;
  }

  /**
   * A reference to this access point, for aws-cdk-lib APIs that accept one. It holds the access
   * point's name: an access point imported by ARN alone has none, and reading this throws (import
   * it with `fromMultiRegionAccessPointAttributes` and `multiRegionAccessPointName` instead).
   */
  public get multiRegionAccessPointRef(): s3Refs.MultiRegionAccessPointReference {
    return { multiRegionAccessPointName: this.multiRegionAccessPointName };
  }

  /**
   * Adds a statement to the access point policy, when this app owns it.
   *
   * @param statement the statement to add
   */
  public abstract addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult;

  /**
   * The ARN of the objects whose keys match `keyPattern`: `<access point ARN>/object/<keyPattern>`.
   *
   * @param keyPattern a key or a pattern with `*`
   */
  public arnForObjects(keyPattern: string): string {
    return `${this.multiRegionAccessPointArn}/object/${keyPattern}`;
  }

  /**
   * The SSE-KMS keys of the buckets behind the access point, as far as this app knows them.
   *
   * @internal
   */
  public _bucketKeys(): BucketKey[] {
    return [];
  }
}

/**
 * Properties of a {@link MultiRegionAccessPoint}.
 */
export interface MultiRegionAccessPointProps {
  /**
   * The name of the access point: 3 to 50 lowercase letters, numbers and hyphens, starting and
   * ending with a letter or number. It cannot be changed: a new name replaces the access point,
   * which gets a new alias, ARN and host name.
   *
   * A given name stays the same when `buckets` change, but the buckets of an access point cannot
   * change without replacing it, and CloudFormation cannot replace a resource that keeps its
   * custom name: when you change the buckets (add, remove or swap a Region), give a new name in
   * the same deployment, or leave the name out and let it be generated.
   *
   * @default - a name generated from the construct path and the set of buckets (their accounts,
   * Regions and names, in any order): stable while both are, and a new one whenever the buckets
   * change, so that the replacement CloudFormation must make can proceed
   */
  readonly multiRegionAccessPointName?: string;

  /**
   * The buckets behind the access point: 1 to 17, each in a different Region. The Region of
   * each must be known at synth time (a bucket in a stack with an explicit Region, or an
   * imported bucket with `region`). The set cannot be changed: adding or removing a bucket
   * replaces the access point, which gets a new alias, ARN and host name.
   *
   * Buckets defined in other stacks are referenced by name; give them a name that other
   * environments can use (`RegionalBucket` does: `PhysicalName.GENERATE_IF_NEEDED`). The stack of
   * this access point is made to depend on the stack of every bucket.
   *
   * A bucket may belong to another account (its stack's account, or `account` of an imported
   * bucket): the access point names that account (`BucketAccountId`), and the bucket owner's
   * policy must let this access point's requests in (see `delegateBucketAccessControl`). The
   * accounts of the bucket's and the access point's stacks must then both be literals.
   */
  readonly buckets: s3.IBucket[];

  /**
   * The SSE-KMS keys of the buckets, matched to the buckets by Region (at most one per Region).
   * The `grants` and `MultiRegionAccessPointOrigin` let their principals use each key
   * for its bucket, with the key actions the access needs. Give an alias (`key.addAlias(...)`) or
   * a key imported by ARN to name a key of another Region's stack precisely; a key of another
   * Region's stack is otherwise named as any key of its Region and account, narrowed to S3
   * requests for its bucket.
   *
   * A key of another account than a grantee's (or than the distribution's) also gets a key
   * policy statement admitting it, in the key's own stack; an imported key gets a warning
   * (`cdk-multi-region-bucket:crossAccountKeyPolicyNotUpdated`) with the statement its owner must
   * add. The key's account and the access point's must then both be literals.
   *
   * @default - each bucket's own `encryptionKey`, when it has one
   */
  readonly encryptionKeys?: kms.IKey[];

  /**
   * Block Public Access settings of the access point. They cannot be changed after creation
   * (a change replaces the access point).
   *
   * @default s3.BlockPublicAccess.BLOCK_ALL
   */
  readonly blockPublicAccess?: s3.BlockPublicAccess;

  /**
   * The initial access point policy. Statements added later with `addToResourcePolicy` or the
   * `grants` are appended to it.
   *
   * On deletion CloudFormation does not delete an access point policy: it keeps it and resets it
   * to allow only the owning account.
   *
   * @default - no policy until a statement is added
   */
  readonly policy?: iam.PolicyDocument;

  /**
   * Add to the policy of each bucket a statement that delegates access control to the access
   * points of this account: it allows the data actions a Multi-Region Access Point supports to
   * any principal, but only for requests that arrive through an access point owned by this
   * account (`s3:DataAccessPointAccount`). The access point policy and IAM then decide. The
   * statement is non-public under S3 Block Public Access, is added in the bucket's own stack and
   * names only the account, so it creates no dependency on the access point.
   *
   * A bucket of another account gets the statement in its own stack, in its owner's account,
   * naming this access point's account as a literal (the access point's ARN holds an alias that
   * exists only after creation, so the statement cannot name the access point itself without a
   * cross-account reference). Requests through the access point to that bucket are cross-account:
   * without the statement S3 denies every one of them.
   *
   * A bucket this app cannot modify (an imported bucket) gets a warning instead; add the
   * statement from `MultiRegionAccessPoint.bucketDelegationStatement()` to its policy yourself.
   * For a bucket of another account the warning
   * (`cdk-multi-region-bucket:crossAccountBucketDelegationNotAdded`) prints the exact statement.
   * With `false`, each bucket of another account gets the warning
   * `cdk-multi-region-bucket:crossAccountBucketNotDelegated`, with the statement its owner's
   * policy must have: S3 denies every request the access point routes there until it does.
   *
   * @default true
   */
  readonly delegateBucketAccessControl?: boolean;

  /**
   * Whether the buckets are kept in sync by S3 Replication (which this construct does not set
   * up). Replication needs versioning on every bucket, so when this is true a bucket whose
   * versioning is known to be off is rejected.
   *
   * @default false - versioning is still required of any bucket that has replication rules
   */
  readonly expectReplication?: boolean;

  /**
   * How requests are routed to the Regions: `Routing.activeActive()` or
   * `Routing.activePassive({ activeRegions })`. The routes are submitted by a custom resource
   * through the S3 failover control plane on creation and whenever they change; a change takes
   * effect in about two minutes. At least one Region must stay active.
   *
   * Removing `routing` leaves the routes as they were last submitted; to fail back, deploy
   * `Routing.activeActive()`.
   *
   * @default - no routes are submitted: every Region is active, as S3 creates the access point
   */
  readonly routing?: Routing;

  /**
   * The Region whose S3 failover control endpoint receives the routes: one of us-east-1,
   * us-west-2, ap-southeast-2, ap-northeast-1 and eu-west-1. It does not need to be a Region of
   * the access point or of this stack.
   *
   * @default 'us-west-2'
   */
  readonly routingControlPlaneRegion?: string;
}

/**
 * An S3 Multi-Region Access Point (`AWS::S3::MultiRegionAccessPoint`) over one bucket per Region,
 * with an access point policy, bucket policies that delegate access control to it, and
 * active-active or active-passive routing.
 *
 * Put it in a stack that is deployed after the stacks of the buckets (it adds those
 * dependencies itself), usually one "global" stack.
 *
 * @resource AWS::S3::MultiRegionAccessPoint
 * @example
 * declare const usEast1: RegionalBucket;
 * declare const euWest1: RegionalBucket;
 * declare const reader: iam.IRole;
 *
 * const accessPoint = new MultiRegionAccessPoint(stack, 'AccessPoint', {
 *   buckets: [usEast1.bucket, euWest1.bucket],
 *   routing: Routing.activePassive({ activeRegions: ['us-east-1'] }),
 * });
 * accessPoint.grants.read(reader);
 */
export class MultiRegionAccessPoint extends MultiRegionAccessPointBase {
  /**
   * Imports an access point from its attributes.
   *
   * @param scope the parent construct
   * @param id the construct ID
   * @param attrs the alias and, when known, the name, Regions and account
   */
  public static fromMultiRegionAccessPointAttributes(
    scope: Construct,
    id: string,
    attrs: MultiRegionAccessPointAttributes,
  ): IMultiRegionAccessPoint {
    const alias = attrs.multiRegionAccessPointAlias;
    if (!Token.isUnresolved(alias) && !ALIAS_PATTERN.test(alias)) {
      throw validationError(scope, `'multiRegionAccessPointAlias' must be the alias of a Multi-Region Access Point (<letters and digits>.mrap), got '${alias}'`);
    }
    if (attrs.multiRegionAccessPointName !== undefined) validateName(scope, 'multiRegionAccessPointName', attrs.multiRegionAccessPointName);
    validateAccountId(scope, 'account', attrs.account);
    validateImportedRegions(scope, attrs.regions ?? []);
    const stack = Stack.of(scope);
    const account = attrs.account ?? stack.account;
    const arn = stack.formatArn({
      service: 's3',
      region: '',
      account,
      resource: 'accesspoint',
      resourceName: alias,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new Import(scope, id, { alias, arn, account, name: attrs.multiRegionAccessPointName, regions: attrs.regions ?? [] });
  }

  /**
   * Imports an access point from its ARN, `arn:<partition>:s3::<account>:accesspoint/<alias>`.
   * Its name and Regions are not known, so `multiRegionAccessPointName` and `multiRegionAccessPointRef`
   * throw; use `fromMultiRegionAccessPointAttributes` when you know the name.
   *
   * @param scope the parent construct
   * @param id the construct ID
   * @param multiRegionAccessPointArn the ARN of the access point
   */
  public static fromMultiRegionAccessPointArn(scope: Construct, id: string, multiRegionAccessPointArn: string): IMultiRegionAccessPoint {
    if (!Token.isUnresolved(multiRegionAccessPointArn) && !ARN_PATTERN.test(multiRegionAccessPointArn)) {
      throw validationError(
        scope,
        `'multiRegionAccessPointArn' must be arn:<partition>:s3::<account>:accesspoint/<alias>.mrap, got '${multiRegionAccessPointArn}'`,
      );
    }
    const parts = Arn.split(multiRegionAccessPointArn, ArnFormat.SLASH_RESOURCE_NAME);
    return new Import(scope, id, {
      alias: parts.resourceName!,
      arn: multiRegionAccessPointArn,
      account: parts.account!,
      regions: [],
    });
  }

  /**
   * A bucket policy statement that delegates access control for `bucket` to the access points
   * owned by `accessPointAccount`: it allows every data action a Multi-Region Access Point
   * supports, to any principal, only for requests made through an access point of that account
   * (`s3:DataAccessPointAccount`). A fixed value of that key keeps the bucket policy non-public
   * under S3 Block Public Access. Requests made to the bucket directly are not affected.
   *
   * Use it for buckets that this app cannot modify, in the app or account that owns them.
   *
   * @param bucket the bucket behind the access point
   * @param accessPointAccount the account that owns the access point
   */
  public static bucketDelegationStatement(bucket: s3.IBucket, accessPointAccount: string): iam.PolicyStatement {
    return new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ALL_DATA_ACTIONS,
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions: { StringEquals: { 's3:DataAccessPointAccount': accessPointAccount } },
    });
  }

  /**
   * The name of the access point (`Ref`).
   *
   * @attribute
   */
  public readonly multiRegionAccessPointName: string;

  /**
   * The alias of the access point (`Fn::GetAtt Alias`), for example `mfzwi23gnjvgw.mrap`.
   *
   * @attribute
   */
  public readonly multiRegionAccessPointAlias: string;

  /**
   * The ARN of the access point: `arn:<partition>:s3::<account>:accesspoint/<alias>`.
   *
   * @attribute
   */
  public readonly multiRegionAccessPointArn: string;

  /** The Regions of the buckets, in the order of `buckets`. */
  public readonly regions: string[];

  /** The routes custom resource, when `routing` is set. */
  public readonly routes?: MultiRegionAccessPointRoutes;

  private readonly resource: s3.CfnMultiRegionAccessPoint;
  private readonly bucketKeys: BucketKey[];
  private policyDocument?: iam.PolicyDocument;
  private policyResource?: s3.CfnMultiRegionAccessPointPolicy;

  constructor(scope: Construct, id: string, props: MultiRegionAccessPointProps) {
    // Generated at synthesis, when the names of buckets defined in other stacks are known.
    const name = props.multiRegionAccessPointName ?? Lazy.string({ produce: () => generateName(this, props.buckets) });
    super(scope, id, { physicalName: name }, {
      blocksPublicPolicy: (props.blockPublicAccess ?? s3.BlockPublicAccess.BLOCK_ALL).blockPublicPolicy === true,
    });
    validateName(this, 'multiRegionAccessPointName', name);
    validateStackRegion(this);
    validateUniqueName(this, name, props.multiRegionAccessPointName === undefined);
    this.regions = validateBuckets(this, props);
    this.bucketKeys = bucketKeysOf(this, props, this.regions);
    if (props.routingControlPlaneRegion !== undefined && !props.routing) {
      throw validationError(this, `'routingControlPlaneRegion' is set to '${props.routingControlPlaneRegion}' but 'routing' is not`);
    }
    validateRegion(this, 'routingControlPlaneRegion', props.routingControlPlaneRegion, RegionUse.CONTROL_PLANE);

    const stack = Stack.of(this);
    const blockPublicAccess = props.blockPublicAccess ?? s3.BlockPublicAccess.BLOCK_ALL;
    this.resource = new s3.CfnMultiRegionAccessPoint(this, 'Resource', {
      name,
      // Sorted by Region: every property of the access point requires replacing it, so the order
      // the buckets were given in must not change the template.
      regions: byRegion(props.buckets).map((bucket) => ({
        // A literal where the app knows the name, so no cross-stack reference is needed.
        bucket: bucketNameOf(bucket),
        // S3 needs the owner of a bucket of another account (validateBuckets made the relation known).
        bucketAccountId: accountRelation(bucket.env.account, stack.account) === 'cross' ? bucket.env.account : undefined,
      })),
      publicAccessBlockConfiguration: {
        blockPublicAcls: blockPublicAccess.blockPublicAcls,
        blockPublicPolicy: blockPublicAccess.blockPublicPolicy,
        ignorePublicAcls: blockPublicAccess.ignorePublicAcls,
        restrictPublicBuckets: blockPublicAccess.restrictPublicBuckets,
      },
    });
    if (!blocksEverything(blockPublicAccess)) {
      warn(this,
        'cdk-multi-region-bucket:accessPointPublicAccessNotBlocked',
        'Block Public Access is not fully on for this Multi-Region Access Point; it cannot be turned on later without replacing the access point.',
      );
    }

    this.multiRegionAccessPointName = this.getResourceNameAttribute(this.resource.ref);
    this.multiRegionAccessPointAlias = this.resource.attrAlias;
    this.multiRegionAccessPointArn = stack.formatArn({
      service: 's3',
      region: '',
      resource: 'accesspoint',
      resourceName: this.multiRegionAccessPointAlias,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    for (const bucket of props.buckets) {
      // A bucket in another stack is referenced by its (deterministic) name. Across environments
      // aws-cdk-lib adds no stack dependency for that, so add it: the buckets must exist first.
      const bucketStack = Stack.of(bucket);
      if (bucketStack !== stack) {
        stack.addStackDependency(bucketStack, `the Multi-Region Access Point ${this.node.path} needs bucket ${bucket.node.path}`);
      }
    }

    if (props.delegateBucketAccessControl ?? true) {
      this.delegateBucketAccessControl(props.buckets);
    } else {
      warnAboutUndelegatedBuckets(this, props.buckets);
    }

    if (props.policy) {
      this.policyDocument = props.policy;
      this.createPolicy();
    }
    this.node.addValidation({ validate: () => this.validatePolicy() });

    if (props.routing) {
      this.routes = new MultiRegionAccessPointRoutes(this, 'Routes', {
        accessPoint: this,
        routing: props.routing,
        controlPlaneRegion: props.routingControlPlaneRegion,
      });
    }
  }

  /**
   * The SSE-KMS keys of the buckets: `encryptionKeys` by Region, else each bucket's own.
   *
   * @internal
   */
  public _bucketKeys(): BucketKey[] {
    return this.bucketKeys;
  }

  /**
   * Adds a statement to the access point policy, creating the policy
   * (`AWS::S3::MultiRegionAccessPointPolicy`) on first use.
   *
   * @param statement the statement to add; it must name principals and resources of this access point
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    this.policyDocument ??= new iam.PolicyDocument();
    this.createPolicy();
    this.policyDocument.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policyResource };
  }

  private createPolicy(): void {
    if (this.policyResource) return;
    this.policyResource = new s3.CfnMultiRegionAccessPointPolicy(this, 'Policy', {
      mrapName: this.resource.ref,
      // The document is rendered when the template is synthesized, so statements added later count.
      policy: this.policyDocument,
    });
  }

  private validatePolicy(): string[] {
    if (!this.policyDocument) return [];
    if (this.policyDocument.isEmpty) return ["'policy' must contain at least one statement, got an empty policy document"];
    return this.policyDocument.validateForResourcePolicy();
  }

  private delegateBucketAccessControl(buckets: s3.IBucket[]): void {
    const accessPointAccount = this.env.account;
    for (const bucket of buckets) {
      // Added through the bucket, so it lands in the policy of the bucket's own stack, in the
      // bucket owner's account. It names the access point's account as a literal (validateBuckets
      // made sure it is one when the bucket is of another account): no cross-account reference.
      const statement = MultiRegionAccessPoint.bucketDelegationStatement(bucket, accessPointAccount);
      const result = bucket.addToResourcePolicy(statement);
      if (result.statementAdded) continue;
      if (accountRelation(bucket.env.account, accessPointAccount) === 'cross') {
        const literal = literalDelegationStatement(bucket, accessPointAccount);
        warnWithStatements(this, 'cdk-multi-region-bucket:crossAccountBucketDelegationNotAdded', (render) =>
          `Bucket ${bucket.node.path} belongs to account ${bucket.env.account} and is imported, so this app cannot add to its policy. `
            + `Every request this Multi-Region Access Point (account ${accessPointAccount}) routes to it is cross-account, and S3 denies it until the bucket owner `
            + 'adds this statement to the bucket policy (MultiRegionAccessPoint.bucketDelegationStatement(bucket, accessPointAccount) returns it): '
            + render([literal]),
        );
      } else {
        warnWithStatements(this, 'cdk-multi-region-bucket:bucketDelegationNotAdded', (render) =>
          `Cannot add the statement that delegates access control to this Multi-Region Access Point to the policy of ${bucket.node.path} (an imported bucket?). ` +
            'Requests from other accounts through the access point will be denied by that bucket unless its policy allows them: ' +
            `add MultiRegionAccessPoint.bucketDelegationStatement() to it where the bucket is defined, or this statement: ${render([statement])}`,
        );
      }
    }
  }
}

interface ImportProps {
  readonly alias: string;
  readonly arn: string;
  readonly account: string;
  readonly name?: string;
  readonly regions: string[];
}

class Import extends MultiRegionAccessPointBase {
  public readonly multiRegionAccessPointAlias: string;
  public readonly multiRegionAccessPointArn: string;
  public readonly regions: string[];
  private readonly name?: string;

  constructor(scope: Construct, id: string, props: ImportProps) {
    // A Multi-Region Access Point is global: its ARN has no Region. This app does not own the
    // access point policy, so a data grant can only be an identity policy of the owning account:
    // a grant that needs the access point policy would silently do nothing, and is refused.
    super(scope, id, { account: props.account }, { identityOnly: true });
    this.multiRegionAccessPointAlias = props.alias;
    this.multiRegionAccessPointArn = props.arn;
    this.regions = props.regions;
    this.name = props.name;
  }

  /**
   * aws-cdk-lib references a Multi-Region Access Point by its name, which its ARN does not carry
   * (the alias is random) and no deploy-time lookup by alias exists in CloudFormation.
   */
  public get multiRegionAccessPointRef(): s3Refs.MultiRegionAccessPointReference {
    if (this.name === undefined) {
      throw validationError(this, `'multiRegionAccessPointRef' needs the access point's name, which an access point imported by ARN does not carry (${this.multiRegionAccessPointArn}); `
        + 'import it with MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(scope, id, { multiRegionAccessPointAlias, multiRegionAccessPointName })');
    }
    return { multiRegionAccessPointName: this.name };
  }

  public get multiRegionAccessPointName(): string {
    if (this.name === undefined) {
      throw validationError(this, `'multiRegionAccessPointName' is not known for an access point imported without it (${this.multiRegionAccessPointArn}), got undefined; use fromMultiRegionAccessPointAttributes with 'multiRegionAccessPointName'`);
    }
    return this.name;
  }

  public addToResourcePolicy(_statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return { statementAdded: false };
  }

}

/**
 * `<construct path, shortened>-<hash of the bucket set>`: the buckets of an access point cannot
 * change without replacing it, and CloudFormation replaces a named resource only when its name
 * changes too. The set is order-free: reordering the buckets changes nothing.
 */
function generateName(scope: IConstruct, buckets: s3.IBucket[]): string {
  const stack = Stack.of(scope);
  const members = buckets.map((bucket) => {
    // A bucket name known at synth time (a literal, or generated for another stack); otherwise
    // the bucket construct, which is what a deploy-time name stands for.
    const name = stack.resolve(bucketNameOf(bucket));
    const account = Token.isUnresolved(bucket.env.account) ? '' : bucket.env.account;
    return `${account}/${bucket.env.region}/${typeof name === 'string' ? name : bucket.node.path}`;
  }).sort();
  const set = crypto.createHash('sha256').update(members.join('\n')).digest('hex').slice(0, 8);
  const path = Names.uniqueResourceName(scope, { maxLength: 41, separator: '-', allowedSpecialCharacters: '-' }).toLowerCase();
  return `${path}-${set}`;
}

/**
 * The delegating statement of an imported bucket of another account, as JSON its owner can paste
 * into the bucket policy: the bucket's literal ARN in the partition of its Region.
 */
function literalDelegationStatement(bucket: s3.IBucket, accessPointAccount: string): Record<string, unknown> {
  const arn = `arn:${partitionOf(bucket.env.region)}:s3:::${bucketNameOf(bucket)}`;
  return {
    Sid: 'DelegateToMultiRegionAccessPointsOfAccount',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: ALL_DATA_ACTIONS,
    Resource: [arn, `${arn}/*`],
    Condition: { StringEquals: { 's3:DataAccessPointAccount': accessPointAccount } },
  };
}

/**
 * With `delegateBucketAccessControl: false`, a bucket of another account lets no request of the
 * access point in until its owner's policy does: S3 evaluates a cross-account request against the
 * bucket policy too, and nothing else in the app writes one. docs/adr/0040.
 */
function warnAboutUndelegatedBuckets(scope: MultiRegionAccessPoint, buckets: s3.IBucket[]): void {
  const accessPointAccount = scope.env.account;
  buckets.forEach((bucket, i) => {
    if (accountRelation(bucket.env.account, accessPointAccount) !== 'cross') return;
    warnWithStatements(scope, 'cdk-multi-region-bucket:crossAccountBucketNotDelegated', (render) =>
      `'delegateBucketAccessControl' is false, and 'buckets[${i}]' ${bucket.node.path} belongs to account ${bucket.env.account}, another than the access point's (${accessPointAccount}): `
        + 'every request the access point routes to it is cross-account, and S3 denies it unless the bucket policy lets it in. Remove \'delegateBucketAccessControl: false\' '
        + `(the statement is then added in the bucket's own stack), or make sure the bucket owner's policy has this statement: ${render([literalDelegationStatement(bucket, accessPointAccount)])}`,
    );
  });
}

/** The buckets sorted by Region (each has a known Region of its own, checked before). */
function byRegion(buckets: s3.IBucket[]): s3.IBucket[] {
  return [...buckets].sort((a, b) => (a.env.region < b.env.region ? -1 : a.env.region > b.env.region ? 1 : 0));
}

function validateName(scope: IConstruct, property: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!NAME_PATTERN.test(name)) {
    throw validationError(
      scope,
      `'${property}' must be 3 to 50 lowercase letters, numbers and hyphens, starting and ending with a letter or number, got '${name}'`,
    );
  }
}

/** The Region of the access point's stack must have the AWS::S3::MultiRegionAccessPoint resource type. */
function validateStackRegion(scope: IConstruct): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.region) || regionFacts(stack.region).accessPoints) return;
  throw validationError(scope, "'scope' must be in a stack of a Region where S3 offers Multi-Region Access Points (CloudFormation has no AWS::S3::MultiRegionAccessPoint elsewhere), "
    + `got stack ${stack.stackName} in ${stack.region}; put the access point in a stack of another Region, such as us-east-1`);
}

/** Multi-Region Access Point names are unique per account: two of one app with the same name cannot both be created. */
function validateUniqueName(scope: IConstruct, name: string, generated: boolean): void {
  const account = Stack.of(scope).account;
  if (Token.isUnresolved(name) || Token.isUnresolved(account)) return;
  const owner = claimOf(scope, 'access-point', `${account}/${name}`);
  if (owner !== undefined) {
    const how = generated ? ' (generated from the construct path)' : '';
    throw validationError(scope, `'multiRegionAccessPointName'${how} must be unique in account ${account} (S3 names Multi-Region Access Points per account), got '${name}', `
      + `already the name of ${owner}; set a different 'multiRegionAccessPointName'`);
  }
  claim(scope, 'access-point', `${account}/${name}`);
}

/** The Regions given to an import: at most 17, none twice. */
function validateImportedRegions(scope: IConstruct, regions: string[]): void {
  regions.forEach((region) => validateRegion(scope, 'regions', region, RegionUse.ACCESS_POINT));
  if (regions.length > MAX_ACCESS_POINT_REGIONS) {
    throw validationError(scope, `'regions' must list at most ${MAX_ACCESS_POINT_REGIONS} Regions (one per bucket of the access point), got ${regions.length}`);
  }
  validateDistinctRegions(scope, 'regions', regions);
}

/** Validates the buckets and returns their Regions. */
function validateBuckets(scope: IConstruct, props: MultiRegionAccessPointProps): string[] {
  const buckets = props.buckets;
  if (buckets.length < 1 || buckets.length > MAX_ACCESS_POINT_REGIONS) {
    throw validationError(scope, `'buckets' must contain 1 to ${MAX_ACCESS_POINT_REGIONS} buckets, one per Region, got ${buckets.length}`);
  }
  const regions: string[] = [];
  buckets.forEach((bucket, i) => {
    const region = bucket.env.region;
    if (isUnknown(region) || region === '') {
      throw validationError(
        scope,
        `'buckets[${i}]' must have a known Region (define it in a stack with an explicit Region, or import it with s3.Bucket.fromBucketAttributes and 'region'), got ${bucket.node.path} in an environment-agnostic stack`,
      );
    }
    const other = regions.indexOf(region);
    if (other >= 0) {
      throw validationError(scope, `'buckets' must have at most one bucket per Region, got buckets[${other}] and buckets[${i}] in ${region}`);
    }
    regions.push(region);
    validateRegion(scope, `buckets[${i}]`, region, RegionUse.ACCESS_POINT);
    validateAccountKnown(scope, `buckets[${i}]`, bucket, 'the bucket policy that delegates to the access point must name its account, and S3 needs BucketAccountId for a bucket of another account');
    validateSameStage(scope, `buckets[${i}]`, bucket);
    validateVersioning(scope, bucket, i, props.expectReplication ?? false);
  });
  return regions;
}

/**
 * A bucket or key of another account needs literal accounts on both sides (BucketAccountId, the
 * delegating bucket policy, the key policy): an account that is a token where the other is a
 * literal (or another token) cannot be compared at synth time, and guessing "same account" would
 * deploy policies that name the wrong account.
 */
function validateAccountKnown(scope: IConstruct, property: string, resource: IConstruct & { env: { account: string } }, why: string): void {
  const mine = Stack.of(scope).account;
  const theirs = resource.env.account;
  const relation = accountRelation(theirs, mine);
  if (relation === 'cross' && !/^\d{12}$/.test(theirs)) {
    throw validationError(scope, `'${property}' must be in a 12-digit AWS account (S3 refuses any other BucketAccountId and account in a policy), `
      + `got ${resource.node.path} in account '${theirs}'`);
  }
  if (relation !== 'unknown') return;
  throw validationError(scope, `'${property}' must be in an account that can be compared with the access point's at synth time (${why}), `
    + `got ${resource.node.path} in ${describeAccount(theirs)} and the access point in ${describeAccount(mine)}; `
    + "give both stacks an explicit account (env: { account: '123456789012', region })");
}

function validateVersioning(scope: IConstruct, bucket: s3.IBucket, index: number, expectReplication: boolean): void {
  const cfn = cfnBucketOf(bucket);
  if (!cfn) return; // imported: versioning cannot be known
  const replicated = expectReplication || cfn.replicationConfiguration !== undefined;
  if (!replicated) return;
  const status = versioningStatusOf(bucket);
  if (status !== undefined && status !== 'Enabled') {
    const why = expectReplication ? "'expectReplication' is true" : 'the bucket has replication rules';
    throw validationError(scope, `'buckets[${index}]' must be versioned because ${why}, got ${bucket.node.path} with versioning ${status}`);
  }
}

/** The key of each bucket that has one: from `encryptionKeys` by Region, else the bucket's own. */
function bucketKeysOf(scope: IConstruct, props: MultiRegionAccessPointProps, regions: string[]): BucketKey[] {
  const given = new Map<string, kms.IKey>();
  (props.encryptionKeys ?? []).forEach((key, i) => {
    const region = key.env.region;
    if (isUnknown(region) || !regions.includes(region) || given.has(region)) {
      throw validationError(scope, `'encryptionKeys[${i}]' must be the only key of the Region of one of the buckets (${regions.join(', ')}), got ${key.node.path} in ${isUnknown(region) ? 'an unknown Region' : region}${given.has(region) ? ' for the second time' : ''}`);
    }
    validateAccountKnown(scope, `encryptionKeys[${i}]`, key, 'a key of another account needs a key policy statement naming the accounts that use it');
    given.set(region, key);
  });
  return props.buckets.flatMap((bucket, i) => {
    const key = given.get(regions[i]) ?? bucket.encryptionKey;
    // Built from the name, which the access point names already (no further cross-stack reference).
    return key ? [{ key, bucketArn: `arn:${partitionOf(regions[i])}:s3:::${bucketNameOf(bucket)}`, region: regions[i] }] : [];
  });
}

function blocksEverything(bpa: s3.BlockPublicAccess): boolean {
  return !!(bpa.blockPublicAcls && bpa.blockPublicPolicy && bpa.ignorePublicAcls && bpa.restrictPublicBuckets);
}
