import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DistributionWebAcl, SecureDistribution, SecureDistributionProps } from '../../src';
import { expectNagClean, nagFindings } from '../util/nag';
import { ACCOUNT, testStack } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

const origin = () => new origins.HttpOrigin('origin.example.com');

function build(props: Partial<SecureDistributionProps> = {}, region = 'us-east-1'): { stack: Stack; cdn: SecureDistribution; template: Template } {
  const { stack } = testStack(region);
  const cdn = new SecureDistribution(stack, 'Cdn', { origin: origin(), ...props });
  return { stack, cdn, template: Template.fromStack(stack) };
}

function zone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
}

describe('SecureDistribution defaults', () => {
  test('matches the snapshot', () => {
    expect(build().template.toJSON()).toMatchSnapshot();
  });

  test('redirects HTTP to HTTPS, serves HTTP/2 and HTTP/3, compresses, uses the managed policies', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        HttpVersion: 'http2and3',
        IPV6Enabled: true,
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          Compress: true,
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6', // CachingOptimized
          ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03', // SecurityHeadersPolicy
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  test('logs to a secure, retained bucket with ACLs only for log delivery', () => {
    const { template, cdn } = build();
    expect(cdn.logBucket).toBeDefined();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('creates no web ACL, certificate, DNS records or function', () => {
    const { template } = build();
    for (const type of ['AWS::WAFv2::WebACL', 'AWS::CertificateManager::Certificate', 'AWS::Route53::RecordSet', 'AWS::CloudFront::Function']) {
      template.resourceCountIs(type, 0);
    }
  });

  test('is clean under the four cdk-nag packs', () => {
    expectNagClean(build().stack);
  });

  test('sets no minimum protocol on the default certificate, so aws-cdk-lib has nothing to warn about', async () => {
    const { stack, template } = build();
    const config = template.findResources('AWS::CloudFront::Distribution');
    expect(JSON.stringify(config)).not.toContain('MinimumProtocolVersion');
    expect((await synthAsCli(stack.node.root as App)).warnings).toEqual([]);
  });
});

describe('SecureDistribution options', () => {
  test('a custom domain gets a DNS-validated certificate, TLSv1.2_2021 and A/AAAA alias records', () => {
    const { stack } = testStack('us-east-1');
    const cdn = new SecureDistribution(stack, 'Cdn', { origin: origin(), domainNames: ['www.example.com', 'example.com'], hostedZone: zone(stack) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'www.example.com',
      SubjectAlternativeNames: ['example.com'],
      ValidationMethod: 'DNS',
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['www.example.com', 'example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'A' }, 2);
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'AAAA' }, 2);
    expect(cdn.domainName).toBe('www.example.com');
    expectNagClean(stack);
    // With a custom domain, nothing about the certificate needs acknowledging.
    expect(nagFindings(stack, 'all').map((f) => f.rule)).not.toContain('AwsSolutions-CFR4');
  });

  test('a given certificate is used as is', () => {
    const { stack } = testStack('us-east-1');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc`);
    const cdn = new SecureDistribution(stack, 'Cdn', { origin: origin(), domainNames: ['cdn.example.com'], certificate });
    expect(cdn.certificate).toBe(certificate);
    Template.fromStack(stack).resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('the managed-rules web ACL has the CLOUDFRONT scope, three AWS rule groups and logging', () => {
    const { template, stack, cdn } = build({ webAcl: DistributionWebAcl.awsManagedRules() });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet', Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
        Match.objectLike({ Name: 'AWSManagedRulesAmazonIpReputationList' }),
      ],
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { LogDestinationConfigs: [Match.anyValue()] });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'), RetentionInDays: 365 });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: Match.anyValue() }) });
    expect(cdn.webAclArn).toBeDefined();
    expectNagClean(stack);
  });

  test('an existing web ACL is attached by ARN', () => {
    const arn = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/site/0123`;
    const { template } = build({ webAcl: DistributionWebAcl.fromArn(arn) });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: arn }) });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('single-page app: a viewer-request function rewrites extensionless paths to the root object', () => {
    const { template } = build({ singlePageApp: true });
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: { Runtime: 'cloudfront-js-2.0', Comment: Match.anyValue() },
      FunctionCode: Match.stringLikeRegexp("request.uri = '/index.html'"),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })] }),
      }),
    });
  });

  test('the single-page-app function keeps files and rewrites routes', () => {
    const { template } = build({ singlePageApp: true, defaultRootObject: 'app.html' });
    const code: string = Object.values(template.findResources('AWS::CloudFront::Function'))[0].Properties.FunctionCode;
    const handler = new Function(`${code}; return handler;`)();
    const uri = (path: string) => handler({ request: { uri: path } }).uri;
    expect(uri('/dashboard/settings')).toBe('/app.html');
    expect(uri('/')).toBe('/app.html');
    expect(uri('/assets/app.3f9a.js')).toBe('/assets/app.3f9a.js');
    expect(uri('/favicon.ico')).toBe('/favicon.ico');
  });

  test('price class, geo restriction and default root object pass through', () => {
    const { template, stack } = build({
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction: cloudfront.GeoRestriction.allowlist('DE', 'FR'),
      defaultRootObject: 'home.html',
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        PriceClass: 'PriceClass_100',
        DefaultRootObject: 'home.html',
        Restrictions: { GeoRestriction: { Locations: ['DE', 'FR'], RestrictionType: 'whitelist' } },
      }),
    });
    expectNagClean(stack);
  });

  test('other behavior options pass through, and a function of its own joins the single-page-app rewrite', () => {
    const { stack } = testStack('us-east-1');
    const headers = new cloudfront.Function(stack, 'Headers', { code: cloudfront.FunctionCode.fromInline('function handler(event) { return event.response; }') });
    const cdn = new SecureDistribution(stack, 'Cdn', {
      origin: origin(),
      singlePageApp: true,
      defaultBehavior: {
        originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
        functionAssociations: [{ function: headers, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE }],
      },
    });
    const config = Template.fromStack(Stack.of(cdn)).findResources('AWS::CloudFront::Distribution');
    const behavior = Object.values<any>(config)[0].Properties.DistributionConfig.DefaultCacheBehavior;
    expect(behavior.OriginRequestPolicyId).toBe('88a5eaf4-2fd4-4709-b370-b4c650ea3fcf');
    expect(behavior.FunctionAssociations.map((f: any) => f.EventType).sort()).toEqual(['viewer-request', 'viewer-response']);
    // The secure defaults stay for what was left out.
    expect(behavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true, AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
  });

  test('every default can be overridden', () => {
    const { template } = build({
      httpVersion: cloudfront.HttpVersion.HTTP2,
      defaultBehavior: {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS,
        compress: false,
      },
      logFilePrefix: 'cdn/',
      logRetention: Duration.days(30),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        HttpVersion: 'http2',
        Logging: Match.objectLike({ Prefix: 'cdn/' }),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          Compress: false,
          AllowedMethods: Match.arrayWith(['PUT', 'POST', 'DELETE']),
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        }),
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] } });
  });

  test('logging off is reported by cdk-nag, not hidden', () => {
    const { stack, template } = build({ enableLogging: false });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(nagFindings(stack).map((f) => f.rule)).toContain('AwsSolutions-CFR3');
  });

  test('logs go to a given bucket', () => {
    const { stack } = testStack('us-east-1');
    const logBucket = new s3.Bucket(stack, 'Central', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
    const cdn = new SecureDistribution(stack, 'Cdn', { origin: origin(), logBucket });
    expect(cdn.logBucket).toBe(logBucket);
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 1);
  });
});

describe('SecureDistribution validation', () => {
  test('rejects a certificate outside us-east-1', () => {
    const { stack } = testStack('us-east-1');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/abc`);
    expect(() => new SecureDistribution(stack, 'Cdn', { origin: origin(), domainNames: ['cdn.example.com'], certificate })).toThrow(
      /'certificate' must be in us-east-1 for CloudFront, got a certificate in eu-west-1/,
    );
  });

  test('rejects creating a certificate or a web ACL outside us-east-1', () => {
    const { stack } = testStack('eu-west-1');
    expect(() => new SecureDistribution(stack, 'Cdn', { origin: origin(), domainNames: ['cdn.example.com'], hostedZone: zone(stack) })).toThrow(
      /'hostedZone' without 'certificate' \(creates a certificate\) needs the distribution's stack to be in us-east-1, got eu-west-1/,
    );
    expect(() => new SecureDistribution(stack, 'Cdn2', { origin: origin(), webAcl: DistributionWebAcl.awsManagedRules() })).toThrow(
      /'webAcl' \(DistributionWebAcl.awsManagedRules\(\)\) needs the distribution's stack to be in us-east-1, got eu-west-1/,
    );
  });

  test.each([
    [`arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/site/0123`, /'webAcl' must have the CLOUDFRONT scope .* got a 'regional' web ACL/],
    [`arn:aws:wafv2:eu-west-1:${ACCOUNT}:global/webacl/site/0123`, /'webAcl' must be in us-east-1 \(CLOUDFRONT scope\), got eu-west-1/],
    [`arn:aws:waf::${ACCOUNT}:webacl/0123`, /'webAcl' must be a WAFv2 web ACL ARN, got arn:aws:waf::/],
    ['not-an-arn', /'webAcl' must be a WAFv2 web ACL ARN, got not-an-arn/],
  ])('rejects the web ACL %s', (arn, message) => {
    expect(() => build({ webAcl: DistributionWebAcl.fromArn(arn) })).toThrow(message);
  });

  test('rejects domain names without a certificate or zone, and the reverse', () => {
    expect(() => build({ domainNames: ['cdn.example.com'] })).toThrow(/'domainNames' \(cdn.example.com\) needs 'certificate' or 'hostedZone'/);
    const { stack } = testStack('us-east-1');
    expect(() => new SecureDistribution(stack, 'Cdn', { origin: origin(), hostedZone: zone(stack) })).toThrow(/'hostedZone' needs 'domainNames'/);
  });

  test('rejects a domain name outside the hosted zone', () => {
    const { stack } = testStack('us-east-1');
    expect(() => new SecureDistribution(stack, 'Cdn', { origin: origin(), domainNames: ['cdn.example.org'], hostedZone: zone(stack) })).toThrow(
      /'domainNames' must be in the hosted zone example.com, got cdn.example.org/,
    );
  });

  test('rejects a default root object with a leading slash', () => {
    expect(() => build({ defaultRootObject: '/index.html' })).toThrow(/'defaultRootObject' must be an object key without a leading slash, got '\/index.html'/);
  });

  test('rejects log settings when logging is off, and a retention for a bucket it does not own', () => {
    expect(() => build({ enableLogging: false, logFilePrefix: 'x/' })).toThrow(/'logFilePrefix' is set but 'enableLogging' is false/);
    const { stack } = testStack('us-east-1');
    const logBucket = s3.Bucket.fromBucketName(stack, 'B', 'logs');
    expect(() => new SecureDistribution(stack, 'Cdn', { origin: origin(), logBucket, logRetention: Duration.days(1) })).toThrow(
      /'logRetention' applies only to the log bucket this construct creates/,
    );
  });
});
