import { Arn, ArnFormat, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { validateDomainNames, validateLogBucket } from '../private/distribution-validation';
import { acknowledgeLogBucket, acknowledgeNag } from '../private/nag';
import { isUnknown, validateRemovalPolicy, validateWholeDays, validationError } from '../private/validation';

/** The Region where CloudFront certificates and CLOUDFRONT-scoped WAF web ACLs must live. */
const CLOUDFRONT_REGION = 'us-east-1';

/**
 * A WAF web ACL for a distribution: an existing one by ARN, or a new one with AWS managed rules.
 * Instances come from the static factory methods only.
 */
export class DistributionWebAcl {
  /**
   * An existing web ACL, by ARN. It must have the CLOUDFRONT scope, so it lives in us-east-1
   * and its ARN has `global/webacl/`; both are checked when the ARN is known at synth time.
   */
  public static fromArn(webAclArn: string): DistributionWebAcl {
    return new DistributionWebAcl((scope) => existingWebAclArn(scope, webAclArn));
  }

  /**
   * A new web ACL (CLOUDFRONT scope) with the AWS managed rule groups Core rule set
   * (`AWSManagedRulesCommonRuleSet`), Known bad inputs and Amazon IP reputation list, with
   * CloudWatch metrics and sampled requests. It is created in the distribution's stack, which
   * must be in us-east-1.
   */
  public static awsManagedRules(): DistributionWebAcl {
    return new DistributionWebAcl(managedRulesWebAclArn);
  }

  private constructor(private readonly bind: (scope: Construct) => string) {}

  /**
   * The ARN of the web ACL for the distribution in `scope`, created there when it is new.
   *
   * @internal
   */
  public _bind(scope: Construct): string {
    return this.bind(scope);
  }
}

/** Checks an existing web ACL's ARN (when known at synth time) and returns it. */
function existingWebAclArn(scope: Construct, arn: string): string {
  if (!Token.isUnresolved(arn)) {
    let parts: { service?: string; resource?: string; resourceName?: string; region?: string } = {};
    try {
      parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    } catch {
      // reported below
    }
    if (parts.service !== 'wafv2' || !(parts.resourceName ?? '').startsWith('webacl/')) {
      throw validationError(scope, `'webAcl' must be a WAFv2 web ACL ARN, got ${arn}`);
    }
    if (parts.resource !== 'global') {
      throw validationError(scope, `'webAcl' must have the CLOUDFRONT scope (an ARN with 'global/webacl/'), got a '${parts.resource}' web ACL: ${arn}`);
    }
    if (parts.region !== CLOUDFRONT_REGION) {
      throw validationError(scope, `'webAcl' must be in ${CLOUDFRONT_REGION} (CLOUDFRONT scope), got ${parts.region}: ${arn}`);
    }
  }
  return arn;
}

const MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

/** Creates the web ACL with AWS managed rules, and its logging, in `scope`; returns its ARN. */
function managedRulesWebAclArn(scope: Construct): string {
  requireCloudFrontRegion(scope, "'webAcl' (DistributionWebAcl.awsManagedRules())");
  const metricName = (name: string) => name.replace(/[^A-Za-z0-9]/g, '').slice(0, 128);
  const acl = new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metricName(`${scope.node.path}WebAcl`) },
    rules: MANAGED_RULE_GROUPS.map((name, priority) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
    })),
  });
  // Log every request the web ACL sees (a log group name must start with aws-waf-logs-).
  const logGroup = new logs.LogGroup(scope, 'WebAclLogs', {
    logGroupName: `aws-waf-logs-${Names.uniqueResourceName(scope, { maxLength: 400, separator: '-' }).toLowerCase()}`,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledgeNag(
    logGroup,
    { nist80053r5: 'CloudWatchLogGroupEncrypted', hipaa: 'CloudWatchLogGroupEncrypted', pciDss321: 'CloudWatchLogGroupEncrypted' },
    'CloudWatch Logs encrypts WAF logs at rest with service-managed keys; a customer managed key would need a key policy for the logs service, which this construct does not create.',
  );
  new wafv2.CfnLoggingConfiguration(scope, 'WebAclLogging', {
    resourceArn: acl.attrArn,
    logDestinationConfigs: [logGroup.logGroupArn],
  });
  return acl.attrArn;
}

/**
 * The options of a {@link SecureDistribution} other than its origin. Every default can be
 * overridden.
 */
export interface SecureDistributionOptions {
  /**
   * A comment on the distribution.
   *
   * @default - none
   */
  readonly comment?: string;

  /**
   * Custom domain names (CNAMEs). Needs `certificate` or `hostedZone`.
   *
   * @default - the distribution's own `*.cloudfront.net` domain only
   */
  readonly domainNames?: string[];

  /**
   * The certificate for `domainNames`. It must be in us-east-1 (checked when its Region is known).
   *
   * @default - with `hostedZone`, a DNS-validated certificate is created (the stack must be in
   * us-east-1); otherwise none
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The Route 53 hosted zone of `domainNames`: A and AAAA alias records are created for every
   * domain name, and the certificate is validated in it when none is given.
   *
   * @default - no DNS records
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Minimum TLS version for viewers. Only with a custom domain (`domainNames`): the default
   * `*.cloudfront.net` certificate always accepts TLSv1, so setting this without one is an error.
   *
   * @default cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
   */
  readonly minimumProtocolVersion?: cloudfront.SecurityPolicyProtocol;

  /**
   * HTTP versions offered to viewers.
   *
   * @default cloudfront.HttpVersion.HTTP2_AND_3
   */
  readonly httpVersion?: cloudfront.HttpVersion;

  /**
   * The default cache behavior, as `cloudfront.Distribution` takes it (`defaultBehavior`), without
   * the origin (that is `origin`). Each option you leave out takes this construct's default; every
   * other option of `cloudfront.AddBehaviorOptions` (origin request policy, functions, edge
   * functions, trusted key groups, ...) is passed through. Methods that write need the origin to
   * allow them too (for example `MultiRegionAccessPointOriginProps.originAccessLevels`, which is
   * read-only by default).
   *
   * @default - `viewerProtocolPolicy: REDIRECT_TO_HTTPS`, `allowedMethods: ALLOW_GET_HEAD_OPTIONS`,
   * `cachedMethods: CACHE_GET_HEAD_OPTIONS`, `cachePolicy: CachePolicy.CACHING_OPTIMIZED`,
   * `responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS` (HSTS, X-Content-Type-Options,
   * X-Frame-Options, Referrer-Policy, X-XSS-Protection), `compress: true`
   */
  readonly defaultBehavior?: cloudfront.AddBehaviorOptions;

  /**
   * Which edge locations serve the distribution.
   *
   * @default cloudfront.PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * Countries to allow or deny.
   *
   * @default - no geographic restriction
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;

  /**
   * The object returned for the root URL, for example `index.html` (no leading slash).
   *
   * @default - none (with `singlePageApp`, 'index.html')
   */
  readonly defaultRootObject?: string;

  /**
   * Serve a single-page app: a CloudFront Function (viewer request) rewrites every path that
   * has no file extension to `/<defaultRootObject>`, so client-side routes load the app.
   *
   * @default false
   */
  readonly singlePageApp?: boolean;

  /**
   * A WAF web ACL in front of the distribution.
   *
   * @default - no web ACL
   */
  readonly webAcl?: DistributionWebAcl;

  /**
   * Whether to write CloudFront standard access logs.
   *
   * @default true
   */
  readonly enableLogging?: boolean;

  /**
   * Where access logs go. CloudFront standard logging needs ACLs enabled on this bucket
   * (object ownership `BucketOwnerPreferred` or `ObjectWriter`).
   *
   * @default - a secure log bucket is created: Block Public Access, SSL only, versioned, SSE-S3,
   * bucket-owner-preferred ownership, logs expire after `logRetention`, RETAIN
   */
  readonly logBucket?: s3.IBucket;

  /**
   * Key prefix of the access logs.
   *
   * @default 'cloudfront/'
   */
  readonly logFilePrefix?: string;

  /**
   * How long the created log bucket keeps logs.
   *
   * @default Duration.days(365)
   */
  readonly logRetention?: Duration;

  /**
   * Removal policy of the created log bucket.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logBucketRemovalPolicy?: RemovalPolicy;
}

/**
 * Properties of a {@link SecureDistribution}.
 */
export interface SecureDistributionProps extends SecureDistributionOptions {
  /**
   * Where CloudFront fetches content: for example `MultiRegionAccessPointOrigin` or
   * `RegionalFailoverOrigin` from this library, or any `cloudfront.IOrigin`.
   */
  readonly origin: cloudfront.IOrigin;
}

/**
 * A CloudFront distribution with secure, fast defaults: HTTPS only (HTTP redirects),
 * TLSv1.2_2021 for custom domains, HTTP/2 and HTTP/3, compression, the managed CachingOptimized
 * and security-headers policies, standard logging to a secure bucket, and optionally a WAF web
 * ACL, a custom domain with its certificate and Route 53 alias records, a price class, a geo
 * restriction, a default root object and a single-page-app fallback.
 *
 * Put it in a stack in us-east-1 when it creates a certificate or a web ACL.
 *
 * @example
 * declare const accessPoint: MultiRegionAccessPoint;
 * new SecureDistribution(stack, 'Cdn', {
 *   origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint),
 *   webAcl: DistributionWebAcl.awsManagedRules(),
 *   singlePageApp: true,
 * });
 */
export class SecureDistribution extends Construct {
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;

  /** The access-log bucket, when logging is on. */
  public readonly logBucket?: s3.IBucket;

  /** The certificate of the custom domain, when there is one. */
  public readonly certificate?: acm.ICertificate;

  /** The ARN of the web ACL, when there is one. */
  public readonly webAclArn?: string;

  /** The domain name viewers use: the first custom domain name, or the `*.cloudfront.net` name. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: SecureDistributionProps) {
    super(scope, id);
    validateProps(this, props);

    const domainNames = props.domainNames ?? [];
    this.certificate = props.certificate
      ?? (props.hostedZone && domainNames.length > 0 ? this.createCertificate(domainNames, props.hostedZone) : undefined);
    this.webAclArn = props.webAcl?._bind(this);

    const logging = props.enableLogging ?? true;
    if (logging) {
      this.logBucket = props.logBucket ?? this.createLogBucket(props);
    }

    const defaultRootObject = props.defaultRootObject ?? (props.singlePageApp ? 'index.html' : undefined);
    const behavior = props.defaultBehavior ?? {};
    const functions = [...(behavior.functionAssociations ?? []), ...(props.singlePageApp ? [this.singlePageAppFunction(defaultRootObject!)] : [])];
    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: props.comment,
      defaultBehavior: {
        ...behavior,
        origin: props.origin,
        viewerProtocolPolicy: behavior.viewerProtocolPolicy ?? cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: behavior.allowedMethods ?? cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: behavior.cachedMethods ?? cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: behavior.cachePolicy ?? cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: behavior.responseHeadersPolicy ?? cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: behavior.compress ?? true,
        functionAssociations: functions.length > 0 ? functions : undefined,
      },
      domainNames: domainNames.length > 0 ? domainNames : undefined,
      certificate: this.certificate,
      // Only with a custom domain: CloudFront's default certificate has a fixed policy (aws-cdk-lib warns).
      minimumProtocolVersion: this.certificate ? props.minimumProtocolVersion ?? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: props.httpVersion ?? cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass,
      geoRestriction: props.geoRestriction,
      defaultRootObject,
      webAclId: this.webAclArn,
      enableLogging: logging,
      logBucket: this.logBucket,
      logFilePrefix: logging ? props.logFilePrefix ?? 'cloudfront/' : undefined,
      // IPv6 is on by default; keep it, and create AAAA records to match.
      enableIpv6: true,
    });
    this.domainName = domainNames[0] ?? this.distribution.distributionDomainName;

    if (props.hostedZone) {
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
      domainNames.forEach((recordName, i) => {
        new route53.ARecord(this, `AliasA${i}`, { zone: props.hostedZone!, recordName, target });
        new route53.AaaaRecord(this, `AliasAAAA${i}`, { zone: props.hostedZone!, recordName, target });
      });
    }

    this.acknowledgeUserChoices(props);
  }

  private createCertificate(domainNames: string[], zone: route53.IHostedZone): acm.ICertificate {
    requireCloudFrontRegion(this, "'hostedZone' without 'certificate' (creates a certificate)");
    return new acm.Certificate(this, 'Certificate', {
      domainName: domainNames[0],
      subjectAlternativeNames: domainNames.length > 1 ? domainNames.slice(1) : undefined,
      validation: acm.CertificateValidation.fromDns(zone),
    });
  }

  private createLogBucket(props: SecureDistributionProps): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront standard logging writes through an ACL grant to its log-delivery account.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        {
          id: 'ExpireLogs',
          expiration: props.logRetention ?? Duration.days(365),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: props.logBucketRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledgeLogBucket(bucket, {
      logging: 'This bucket receives the CloudFront access logs; logging it would need yet another log bucket.',
      encryption: 'CloudFront standard log delivery writes with SSE-S3 unless the log-delivery service is granted a KMS key; '
        + 'SSE-S3 keeps the bucket usable without that grant.',
      replication: 'Access logs are diagnostics written once by CloudFront; they expire and are not replicated.',
    });
    return bucket;
  }

  private singlePageAppFunction(rootObject: string): cloudfront.FunctionAssociation {
    const fn = new cloudfront.Function(this, 'SinglePageApp', {
      comment: 'Rewrites paths without a file extension to the app entry point',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_FUNCTION.replace('__ROOT__', `/${rootObject}`)),
    });
    return { function: fn, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST };
  }

  private acknowledgeUserChoices(props: SecureDistributionProps): void {
    if (!props.domainNames || props.domainNames.length === 0) {
      acknowledgeNag(
        this.distribution,
        { awsSolutions: 'CFR4' },
        'No custom domain was configured, so viewers use the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes at TLSv1; set domainNames and a certificate to enforce TLSv1.2_2021.',
      );
    }
    if (!props.geoRestriction) {
      acknowledgeNag(this.distribution, { awsSolutions: 'CFR1' }, 'No geographic restriction was requested (geoRestriction); content is served worldwide by choice.');
    }
    if (!props.webAcl) {
      acknowledgeNag(this.distribution, { awsSolutions: 'CFR2' }, 'No WAF web ACL was requested (webAcl); set DistributionWebAcl.awsManagedRules() or fromArn() to add one.');
    }
  }
}

/** The single-page-app rewrite: paths without a file extension load the app entry point. */
const SPA_FUNCTION = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) {
    request.uri = '__ROOT__';
  }
  return request;
}`;

function requireCloudFrontRegion(scope: Construct, property: string): void {
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && region !== CLOUDFRONT_REGION) {
    throw validationError(scope, `${property} needs the distribution's stack to be in ${CLOUDFRONT_REGION}, got ${region}`);
  }
}

/** The Region of a certificate: from its ARN when known (imported certificates), else its stack's. */
function certificateRegion(certificate: acm.ICertificate): string | undefined {
  if (!Token.isUnresolved(certificate.certificateArn)) {
    return Arn.split(certificate.certificateArn, ArnFormat.SLASH_RESOURCE_NAME).region;
  }
  return certificate.env.region;
}

function validateProps(scope: Construct, props: SecureDistributionProps): void {
  const domainNames = props.domainNames ?? [];
  if (domainNames.length > 0 && !props.certificate && !props.hostedZone) {
    throw validationError(scope, `'domainNames' (${domainNames.join(', ')}) needs 'certificate' or 'hostedZone'`);
  }
  if (domainNames.length === 0 && (props.certificate || props.hostedZone)) {
    throw validationError(scope, `'${props.certificate ? 'certificate' : 'hostedZone'}' needs 'domainNames', got none`);
  }
  if (props.minimumProtocolVersion !== undefined && domainNames.length === 0) {
    throw validationError(scope, `'minimumProtocolVersion' (${props.minimumProtocolVersion}) needs a custom domain ('domainNames' with 'certificate' or 'hostedZone'), got none: `
      + "the default *.cloudfront.net certificate's minimum protocol is fixed at TLSv1");
  }
  const certRegion = props.certificate && certificateRegion(props.certificate);
  if (props.certificate && !isUnknown(certRegion) && certRegion !== CLOUDFRONT_REGION) {
    throw validationError(scope, `'certificate' must be in ${CLOUDFRONT_REGION} for CloudFront, got a certificate in ${certRegion}`);
  }
  const zoneName = props.hostedZone && !Token.isUnresolved(props.hostedZone.zoneName) ? props.hostedZone.zoneName.replace(/\.$/, '') : undefined;
  if (zoneName) {
    for (const name of domainNames) {
      if (!Token.isUnresolved(name) && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
        throw validationError(scope, `'domainNames' must be in the hosted zone ${zoneName}, got ${name}`);
      }
    }
  }
  const viewerRequest = (props.defaultBehavior?.functionAssociations ?? []).some((f) => f.eventType === cloudfront.FunctionEventType.VIEWER_REQUEST);
  if (props.singlePageApp && viewerRequest) {
    throw validationError(scope, "'defaultBehavior.functionAssociations' has a viewer-request function, and 'singlePageApp' adds one (a behavior takes one per event): "
      + "set 'singlePageApp' to false and rewrite the paths in your function, or move yours to another event");
  }
  const root = props.defaultRootObject;
  if (root !== undefined && !Token.isUnresolved(root) && (root.startsWith('/') || root.length === 0)) {
    throw validationError(scope, `'defaultRootObject' must be an object key without a leading slash, got '${root}'`);
  }
  if (props.enableLogging === false) {
    for (const key of ['logBucket', 'logFilePrefix', 'logRetention'] as const) {
      if (props[key] !== undefined) {
        throw validationError(scope, `'${key}' is set but 'enableLogging' is false`);
      }
    }
  }
  if (props.logBucket && props.logRetention) {
    throw validationError(scope, `'logRetention' applies only to the log bucket this construct creates; it cannot be combined with 'logBucket', got ${props.logRetention.toHumanString()} with ${props.logBucket.node.path}`);
  }
  validateWholeDays(scope, 'logRetention', props.logRetention);
  validateRemovalPolicy(scope, 'logBucketRemovalPolicy', props.logBucketRemovalPolicy);
  validateDomainNames(scope, 'domainNames', domainNames);
  if (props.logBucket && props.enableLogging !== false) validateLogBucket(scope, 'logBucket', props.logBucket);
}
