import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucketNameOf } from '../private/buckets';
import { refuseOriginAccessControlId } from '../private/distribution-validation';
import { warnWithStatements } from '../private/printed-statement';
import { validationError } from '../private/validation';
import { warn } from '../private/warnings';

/** Status codes CloudFront can fail over on. */
const FAILOVER_STATUS_CODES = [400, 403, 404, 416, 500, 502, 503, 504];
const DEFAULT_FALLBACK_STATUS_CODES = [403, 404, 500, 502, 503, 504];

/**
 * Options of a {@link RegionalFailoverOrigin}: those of every CloudFront origin
 * (`cloudfront.OriginProps`: `originPath`, timeouts, `customHeaders`, Origin Shield, ...),
 * applied to both buckets' origins, and when to fail over.
 */
export interface RegionalFailoverOriginProps extends cloudfront.OriginProps {
  /**
   * The HTTP status codes from the primary bucket that make CloudFront retry the request at the
   * fallback bucket. Allowed: 400, 403, 404, 416, 500, 502, 503, 504.
   *
   * @default [403, 404, 500, 502, 503, 504]
   */
  readonly fallbackStatusCodes?: number[];

  /**
   * The Origin Access Control both origins use. It must sign with SigV4 (S3 origin type).
   * (`originAccessControlId` is refused: pass the control here.)
   *
   * @default - one SigV4 Origin Access Control per origin is created
   */
  readonly originAccessControl?: cloudfront.IOriginAccessControl;
}

/**
 * An origin group over two Regional buckets, each read with a SigV4 Origin Access Control,
 * failing over from the primary to the fallback bucket on 403, 404, 500, 502, 503 and 504.
 *
 * Use it where an S3 Multi-Region Access Point origin is not available (a bucket in an opt-in
 * Region, where CloudFront cannot sign SigV4A for a Multi-Region Access Point), or when you
 * prefer CloudFront's own failover.
 *
 * Each bucket's policy gets a statement that lets CloudFront read objects:
 * - when the bucket is in the distribution's stack, only this distribution (`AWS:SourceArn`);
 * - when the bucket is in another stack (the usual multi-Region layout, where the buckets deploy
 *   first), any distribution of this account (`aws:SourceAccount` and an `AWS:SourceArn` pattern),
 *   because naming the distribution there would make the bucket's stack wait for the
 *   distribution's stack, a cycle (aws-cdk issue #31462). A warning says so; the Multi-Region
 *   Access Point origin names the exact distribution instead.
 *
 * @example
 * declare const primary: s3.IBucket;
 * declare const fallback: s3.IBucket;
 * new SecureDistribution(stack, 'Cdn', {
 *   origin: RegionalFailoverOrigin.withOriginAccessControl(primary, fallback),
 * });
 */
export class RegionalFailoverOrigin {
  /**
   * An origin group that reads `primary` and fails over to `fallback`, both through SigV4 Origin
   * Access Control.
   */
  public static withOriginAccessControl(primary: s3.IBucket, fallback: s3.IBucket, props: RegionalFailoverOriginProps = {}): cloudfront.IOrigin {
    return new RegionalFailoverOriginGroup(primary, fallback, props);
  }

  /** Origins come from the static factory methods only. */
  private constructor() {}
}

class RegionalFailoverOriginGroup implements cloudfront.IOrigin {
  private readonly group: origins.OriginGroup;

  constructor(private readonly primary: s3.IBucket, private readonly fallback: s3.IBucket, private readonly props: RegionalFailoverOriginProps) {
    this.group = new origins.OriginGroup({
      primaryOrigin: new RegionalBucketOrigin(primary, props),
      fallbackOrigin: new RegionalBucketOrigin(fallback, props),
      fallbackStatusCodes: props.fallbackStatusCodes ?? DEFAULT_FALLBACK_STATUS_CODES,
    });
  }

  public bind(scope: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
    this.validate(scope);
    return this.group.bind(scope, options);
  }

  private validate(scope: Construct): void {
    if (this.primary === this.fallback) {
      throw validationError(scope, `'fallback' must be a different bucket from 'primary', got ${this.primary.node.path} for both`);
    }
    const primaryRegion = bucketRegion(scope, this.primary, 'primary');
    const fallbackRegion = bucketRegion(scope, this.fallback, 'fallback');
    if (primaryRegion === fallbackRegion) {
      throw validationError(scope, `'fallback' must be in another Region than 'primary' for Regional failover, got both in ${primaryRegion}`);
    }
    refuseOriginAccessControlId(scope, this.props.originAccessControlId);
    const originId = this.props.originId;
    if (originId !== undefined) {
      throw validationError(scope, `'originId' cannot name both origins of a RegionalFailoverOrigin (each origin's ID must be unique in the distribution), got ${Token.isUnresolved(originId) ? 'a token' : `'${originId}'`}; leave it out and CloudFront IDs are generated`);
    }
    const codes = this.props.fallbackStatusCodes;
    if (codes !== undefined) {
      if (codes.length === 0) {
        throw validationError(scope, "'fallbackStatusCodes' must not be empty, got []");
      }
      const bad = codes.filter((code) => !FAILOVER_STATUS_CODES.includes(code));
      if (bad.length > 0) {
        throw validationError(scope, `'fallbackStatusCodes' must be among ${FAILOVER_STATUS_CODES.join(', ')}, got ${bad.join(', ')}`);
      }
    }
  }
}

/** The Region of a bucket, which must be known to build its Regional endpoint. */
function bucketRegion(scope: Construct, bucket: s3.IBucket, property: string): string {
  const region = bucket.env.region;
  if (Token.isUnresolved(region)) {
    throw validationError(scope, `'${property}' bucket ${bucket.node.path} must have a known Region (a stack with an explicit env, or an imported bucket with 'region'), got an unresolved Region`);
  }
  return region;
}

/** One bucket read through its Regional REST endpoint with a SigV4 Origin Access Control. */
class RegionalBucketOrigin extends cloudfront.OriginBase {
  constructor(private readonly bucket: s3.IBucket, private readonly options: RegionalFailoverOriginProps) {
    // The Regional endpoint is built from the bucket's name, which other stacks and Regions can
    // use (a deterministic physical name), unlike the bucket's RegionalDomainName attribute: the
    // literal name when the app knows it, so that a bucket of another stack in the distribution's
    // Region is not read through Fn::GetStackOutput or an export (ADR 0014, 0031).
    super(`${bucketNameOf(bucket)}.s3.${bucket.env.region}.${Aws.URL_SUFFIX}`, options);
  }

  public bind(scope: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
    const oac = this.options.originAccessControl ?? new cloudfront.S3OriginAccessControl(scope, 'S3OriginAccessControl', {
      signing: cloudfront.Signing.SIGV4_ALWAYS,
      description: `SigV4 access to ${this.bucket.node.path}`,
    });
    this.grantRead(scope, options.distributionId);
    const config = super.bind(scope, options);
    return { ...config, originProperty: { ...config.originProperty!, originAccessControlId: oac.originAccessControlId } };
  }

  protected renderS3OriginConfig(): cloudfront.CfnDistribution.S3OriginConfigProperty {
    return { originAccessIdentity: '' };
  }

  private grantRead(scope: Construct, distributionId: string | undefined): void {
    const sameStack = Stack.of(this.bucket) === Stack.of(scope);
    if (!sameStack) {
      // Create the distribution after the bucket it reads (the reverse would be a cycle, so the
      // bucket policy never names the distribution).
      Stack.of(scope).addStackDependency(Stack.of(this.bucket), `CloudFront reads ${this.bucket.node.path}`);
    }
    // Evaluated in the bucket's own stack: account and partition never cross a stack boundary.
    const conditions = sameStack && distributionId
      ? { StringEquals: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${distributionId}` } }
      : {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` },
      };
    const principals = [new iam.ServicePrincipal('cloudfront.amazonaws.com')];
    const bucketStatement = new iam.PolicyStatement({
      sid: 'AllowCloudFrontOriginAccessControlRead',
      principals,
      actions: ['s3:GetObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions,
    });
    const result = this.bucket.addToResourcePolicy(bucketStatement);
    if (!result.statementAdded) {
      warnWithStatements(scope, 'cdk-multi-region-bucket:regionalOriginBucketPolicy', (render) =>
        `Cannot add to the policy of the imported bucket ${this.bucket.node.path}: allow cloudfront.amazonaws.com s3:GetObject on it yourself, with this statement: ${render([bucketStatement])}`);
    } else if (!sameStack) {
      warn(scope, 'cdk-multi-region-bucket:regionalOriginAccountScoped',
        `The bucket ${this.bucket.node.path} is in another stack, so its policy lets any CloudFront distribution of this account read it `
        + 'through Origin Access Control (naming this distribution would create a dependency cycle). Use MultiRegionAccessPointOrigin for a '
        + 'grant to exactly this distribution.');
    }
    const key = this.bucket.encryptionKey;
    if (key) {
      const keyStatement = new iam.PolicyStatement({
        sid: 'AllowCloudFrontOriginAccessControlDecrypt',
        principals,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions,
      });
      const keyResult = key.addToResourcePolicy(keyStatement, true);
      if (!keyResult.statementAdded) {
        warnWithStatements(scope, 'cdk-multi-region-bucket:regionalOriginKeyPolicy', (render) =>
          `Cannot add to the policy of the imported key of ${this.bucket.node.path}: allow cloudfront.amazonaws.com kms:Decrypt on it yourself, with this statement: ${render([keyStatement])}`);
      }
    }
  }
}
