import { Aws, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IMultiRegionAccessPoint, MultiRegionAccessPoint } from '../access-point';
import { accountRelation } from '../private/account-relation';
import { knownBucketKeysOf } from '../private/bucket-keys';
import { refuseOriginAccessControlId } from '../private/distribution-validation';
import { partitionOf } from '../private/partition';
import { warnWithStatements } from '../private/printed-statement';
import { isOptInRegion } from '../private/regions';
import { sigV4aSigning } from '../private/signing';
import { validationError } from '../private/validation';

/** The S3 actions CloudFront needs for each access level (as aws-cdk's S3BucketOrigin grants them). */
const ACCESS_LEVEL_ACTIONS: Record<string, string[]> = {
  [cloudfront.AccessLevel.READ]: ['s3:GetObject'],
  [cloudfront.AccessLevel.LIST]: ['s3:ListBucket'],
  [cloudfront.AccessLevel.WRITE]: ['s3:PutObject'],
  [cloudfront.AccessLevel.DELETE]: ['s3:DeleteObject'],
};

/**
 * The KMS actions CloudFront needs on an SSE-KMS bucket's key for each access level, as aws-cdk's
 * S3BucketOrigin maps them (listing and deleting use no key), each in a key policy statement
 * with its own Sid.
 */
const ACCESS_LEVEL_KEY_STATEMENTS: Record<string, { sid: string; actions: string[] }> = {
  [cloudfront.AccessLevel.READ]: { sid: 'AllowCloudFrontOriginAccessControlDecrypt', actions: ['kms:Decrypt'] },
  [cloudfront.AccessLevel.WRITE]: { sid: 'AllowCloudFrontOriginAccessControlEncrypt', actions: ['kms:Encrypt', 'kms:GenerateDataKey*'] },
};

/**
 * Options of a {@link MultiRegionAccessPointOrigin}: those of every CloudFront origin
 * (`cloudfront.OriginProps`: `originPath`, timeouts, `customHeaders`, Origin Shield, ...), and
 * the Origin Access Control and what it may do.
 */
export interface MultiRegionAccessPointOriginProps extends cloudfront.OriginProps {
  /**
   * The Origin Access Control the origin uses. It must sign SigV4A (`cloudfront.Signing.SIGV4A_ALWAYS`)
   * for an S3 origin. (`originAccessControlId` is refused: pass the control here, for example
   * `cloudfront.S3OriginAccessControl.fromOriginAccessControlId(...)`.)
   *
   * @default - a SigV4A S3 Origin Access Control is created
   */
  readonly originAccessControl?: cloudfront.IOriginAccessControl;

  /**
   * What the distribution may do through the access point. `READ` is `s3:GetObject`; `WRITE`
   * (`s3:PutObject`) and `DELETE` (`s3:DeleteObject`) are opt-in and need the distribution to
   * allow those HTTP methods; `LIST` (`s3:ListBucket`) lets CloudFront tell a missing key (404)
   * from a forbidden one (403).
   *
   * @default [cloudfront.AccessLevel.READ]
   */
  readonly originAccessLevels?: cloudfront.AccessLevel[];
}

/**
 * A CloudFront origin for an S3 Multi-Region Access Point, read through an Origin Access Control
 * that signs SigV4A. CloudFront's request goes to `<alias>.accesspoint.s3-global.amazonaws.com`
 * and is routed to the closest active bucket.
 *
 * The access point's policy gets a statement that lets exactly this distribution
 * (`AWS:SourceArn`) read objects (and write or delete them, when asked for). With SSE-KMS
 * buckets, each bucket's key policy (`encryptionKeys` of the access point, or the buckets' own
 * keys) lets CloudFront decrypt for reads and encrypt for writes. A key in another stack (the
 * usual layout: keys deploy with the buckets, before the distribution) cannot name the
 * distribution without a dependency cycle, so it allows the distributions of this account
 * (`aws:SourceAccount` and an `AWS:SourceArn` pattern), as aws-cdk's S3BucketOrigin does; the
 * access point policy still names exactly this distribution, and every request passes it. A key
 * of another account (a bucket of another account behind the access point) allows the
 * distributions of the distribution's account, named as literals in the key owner's stack. The buckets' own
 * policies must delegate access control to the account's access points, which
 * `MultiRegionAccessPoint` does by default (`delegateBucketAccessControl`); they never name the
 * distribution, so the Regional stacks do not wait for the global stack and there is no cycle.
 *
 * The access point and the distribution must be in the same stack (the access point's policy
 * names the distribution). CloudFront cannot sign SigV4A for a Multi-Region Access Point with a
 * bucket in an opt-in Region: use `RegionalFailoverOrigin` there.
 *
 * @example
 * declare const accessPoint: MultiRegionAccessPoint;
 * new SecureDistribution(stack, 'Cdn', {
 *   origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint),
 * });
 */
export class MultiRegionAccessPointOrigin {
  /**
   * An origin for `accessPoint`, signed with SigV4A Origin Access Control.
   */
  public static withOriginAccessControl(accessPoint: IMultiRegionAccessPoint, props: MultiRegionAccessPointOriginProps = {}): cloudfront.IOrigin {
    return new AccessPointOrigin(accessPoint, props);
  }

  /** Origins come from the static factory methods only. */
  private constructor() {}
}

class AccessPointOrigin extends cloudfront.OriginBase {
  constructor(private readonly accessPoint: IMultiRegionAccessPoint, private readonly props: MultiRegionAccessPointOriginProps) {
    super(accessPoint.multiRegionAccessPointDomainName, props);
  }

  public bind(scope: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
    this.validate(scope);
    const oac = this.props.originAccessControl ?? new cloudfront.S3OriginAccessControl(scope, 'S3OriginAccessControl', {
      signing: sigV4aSigning(scope),
      description: `SigV4A access to the Multi-Region Access Point ${this.accessPoint.node.path}`,
    });
    this.grantDistribution(scope, options.distributionId);
    const config = super.bind(scope, options);
    return { ...config, originProperty: { ...config.originProperty!, originAccessControlId: oac.originAccessControlId } };
  }

  protected renderS3OriginConfig(): cloudfront.CfnDistribution.S3OriginConfigProperty {
    return { originAccessIdentity: '' };
  }

  private validate(scope: Construct): void {
    const optIn = this.accessPoint.regions.filter((region) => isOptInRegion(region));
    if (optIn.length > 0) {
      throw validationError(scope, `'accessPoint' has buckets in opt-in Regions (${optIn.join(', ')}), where CloudFront cannot sign SigV4A `
        + 'for a Multi-Region Access Point origin; use RegionalFailoverOrigin.withOriginAccessControl(primary, fallback) instead');
    }
    refuseOriginAccessControlId(scope, this.props.originAccessControlId);
    const levels = this.props.originAccessLevels;
    if (levels !== undefined && levels.length === 0) {
      throw validationError(scope, "'originAccessLevels' must not be empty, got []");
    }
    if (this.accessPoint instanceof MultiRegionAccessPoint && Stack.of(this.accessPoint) !== Stack.of(scope)) {
      throw validationError(scope, `'accessPoint' must be in the distribution's stack ${Stack.of(scope).stackName}, got one in `
        + `${Stack.of(this.accessPoint).stackName}: its policy names the distribution, and the distribution needs its alias, so two stacks would form a cycle`);
    }
  }

  private grantDistribution(scope: Construct, distributionId: string | undefined): void {
    const actions = [...new Set((this.props.originAccessLevels ?? [cloudfront.AccessLevel.READ]).flatMap((level) => ACCESS_LEVEL_ACTIONS[level]))];
    const objectActions = actions.filter((action) => action !== 's3:ListBucket');
    const statement = (sid: string, acts: string[], resources: string[]) => new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
      actions: acts,
      resources,
      // Exactly this distribution (the pattern is only for an origin bound outside a Distribution).
      conditions: distributionId
        ? { StringEquals: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${distributionId}` } }
        : { ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` } },
    });
    const statements = [statement('AllowCloudFrontOriginAccessControl', objectActions, [this.accessPoint.arnForObjects('*')])];
    if (actions.includes('s3:ListBucket')) {
      statements.push(statement('AllowCloudFrontOriginAccessControlList', ['s3:ListBucket'], [this.accessPoint.multiRegionAccessPointArn]));
    }
    for (const s of statements) {
      const result = this.accessPoint.addToResourcePolicy(s);
      if (!result.statementAdded) {
        warnWithStatements(scope, 'cdk-multi-region-bucket:accessPointPolicyNotUpdated', (render) =>
          `Cannot add to the policy of the imported Multi-Region Access Point ${this.accessPoint.node.path}: add this statement to it yourself: `
          + render([s]));
      }
    }
    this.grantKeys(scope, distributionId);
  }

  /** Lets CloudFront use each bucket's key as the access levels need. */
  private grantKeys(scope: Construct, distributionId: string | undefined): void {
    const levels = [...new Set(this.props.originAccessLevels ?? [cloudfront.AccessLevel.READ])];
    const keyStatements = levels.flatMap((level) => (ACCESS_LEVEL_KEY_STATEMENTS[level] ? [ACCESS_LEVEL_KEY_STATEMENTS[level]] : []));
    const keys = [...new Set(knownBucketKeysOf(this.accessPoint).map((k) => k.key))];
    const distributionStack = Stack.of(scope);
    // The distribution's account, not the key's: a key of another account (a bucket of another
    // account behind the access point) admits the distributions of the account that has them. A
    // literal, or the same token as the key's (checked by the access point), so no cross-account
    // reference: the key's stack deploys first, in its own account.
    const distributionAccount = distributionStack.account;
    for (const key of keys) {
      const keyStack = Stack.of(key);
      const crossAccount = accountRelation(key.env.account, distributionAccount) === 'cross';
      // Evaluated in the key's own stack; in another stack the key cannot name the distribution.
      // A key of another account names no token at all: its statement may have to be pasted by its owner.
      const conditions = keyStack === distributionStack && distributionId && !crossAccount
        ? { StringEquals: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${distributionId}` } }
        : {
          StringEquals: { 'aws:SourceAccount': distributionAccount },
          ArnLike: { 'AWS:SourceArn': `arn:${crossAccount ? partitionOf(key.env.region) : keyStack.partition}:cloudfront::${distributionAccount}:distribution/*` },
        };
      for (const { sid, actions } of keyStatements) {
        const statement = new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
          actions,
          resources: ['*'],
          conditions,
        });
        const result = key.addToResourcePolicy(statement, true);
        if (!result.statementAdded) {
          warnWithStatements(scope,
            crossAccount ? 'cdk-multi-region-bucket:crossAccountKeyPolicyNotUpdated' : 'cdk-multi-region-bucket:accessPointKeyPolicyNotUpdated',
            (render) => `Cannot add to the policy of the imported key ${key.node.path}${crossAccount ? ` of account ${key.env.account}` : ''}: `
              + `allow cloudfront.amazonaws.com ${actions.join(', ')} on it yourself, with this statement: ${render([statement])}`,
          );
        }
      }
    }
  }
}
