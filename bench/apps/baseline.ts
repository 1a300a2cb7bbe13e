/**
 * The baseline: the same architecture as `library.ts`, written by hand with aws-cdk-lib L1 and L2
 * constructs the way a careful user would without this library.
 *
 * Same resources and behaviour: a stack per Region with a versioned, SSE-S3, Block Public Access,
 * SSL-only (TLS 1.2), bucket-owner-enforced, retained bucket with server access logs to a log
 * bucket, request metrics and a bucket policy that delegates to the account's access points; a
 * global stack with the Multi-Region Access Point; replication with Replication Time Control,
 * latency and failure alarms per pair in the source Region with an encrypted SNS topic; a
 * dashboard; the same outputs.
 *
 * - two-way: the mesh is applied from the global stack with one AwsCustomResource
 *   (PutBucketReplication) per bucket, because S3 accepts a configuration only once every
 *   destination exists (two-way replication between stacks cannot be a bucket property); then
 *   CloudFront with SigV4A Origin Access Control and an access point policy naming the distribution.
 * - one-way: the primary bucket's native `replicationRules`; an AwsCustomResource submits the
 *   active-passive routes (SubmitMultiRegionAccessPointRoutes has no CloudFormation resource).
 *
 * What it leaves out, compared with the library: synth-time validation of the inputs; the deploy-order
 * check; cdk-nag acknowledgements and the nag-driven extras (a log policy scoped to the provider
 * function's own log group instead of AWSLambdaBasicExecutionRole, replication roles named as the S3
 * console names them, the permissions split to stay within IAM's policy size); reading the routes back
 * after a change; and the dashboard is written the plain way, one line per replication pair.
 */
import { Aws, CfnOutput, Duration, PhysicalName, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ACCOUNT, APP_ID, Mode } from './common';

/** What a Multi-Region Access Point accepts; the bucket policies delegate exactly these. */
const ACCESS_POINT_ACTIONS = [
  's3:GetObject', 's3:GetObjectTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold', 's3:ListBucket',
  's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:PutObjectTagging',
  's3:DeleteObjectTagging', 's3:DeleteObject', 's3:ListBucketMultipartUploads', 's3:GetObjectAcl',
  's3:PutObjectAcl', 's3:PutObjectRetention', 's3:PutObjectLegalHold', 's3:RestoreObject',
];

interface Regional {
  readonly region: string;
  readonly stack: Stack;
  readonly bucket: s3.Bucket;
  topic?: sns.Topic;
}

interface Pair {
  readonly source: Regional;
  readonly destination: Regional;
  readonly ruleId: string;
}

export function build(app: App, regions: string[], mode: Mode): void {
  const primary = regions[0];
  const regional = regions.map((region) => regionalStack(app, region));
  const global = new Stack(app, `${APP_ID}-global`, { env: { account: ACCOUNT, region: 'us-east-1' } });
  regional.forEach((r) => global.addStackDependency(r.stack));

  const sources = mode === 'two-way' ? regional : regional.filter((r) => r.region === primary);
  const pairs: Pair[] = sources.flatMap((source) => regional
    .filter((destination) => destination !== source)
    .map((destination) => ({ source, destination, ruleId: `to-${destination.region}` })));

  if (mode === 'two-way') {
    for (const source of sources) {
      const role = replicationRole(global, source, pairs.filter((p) => p.source === source));
      const put: cr.AwsSdkCall = {
        service: 'S3',
        action: 'PutBucketReplication',
        region: source.region,
        parameters: {
          Bucket: source.bucket.bucketName,
          ReplicationConfiguration: {
            Role: role.roleArn,
            Rules: pairs.filter((p) => p.source === source).map((p, priority) => ({
              ID: p.ruleId,
              Priority: priority,
              Status: 'Enabled',
              Filter: { Prefix: '' },
              DeleteMarkerReplication: { Status: 'Enabled' },
              SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } },
              Destination: {
                Bucket: p.destination.bucket.bucketArn,
                ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
                Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
              },
            })),
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of(`${source.bucket.bucketName}-replication`),
      };
      new cr.AwsCustomResource(global, `Replication-${source.region}`, {
        resourceType: 'Custom::S3BucketReplication',
        onCreate: put,
        onUpdate: put,
        onDelete: { service: 'S3', action: 'DeleteBucketReplication', region: source.region, parameters: { Bucket: source.bucket.bucketName } },
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['s3:PutReplicationConfiguration'], resources: [source.bucket.bucketArn] }),
          new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] }),
        ]),
        installLatestAwsSdk: false,
      });
    }
  } else {
    // Native one-way replication: the primary's stack deploys after the replicas'.
    const source = sources[0];
    const role = replicationRole(source.stack, source, pairs);
    const cfn = source.bucket.node.defaultChild as s3.CfnBucket;
    cfn.replicationConfiguration = {
      role: role.roleArn,
      rules: pairs.map((p, priority) => ({
        id: p.ruleId,
        priority,
        status: 'Enabled',
        filter: { prefix: '' },
        deleteMarkerReplication: { status: 'Enabled' },
        destination: {
          bucket: p.destination.bucket.bucketArn,
          replicationTime: { status: 'Enabled', time: { minutes: 15 } },
          metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
        },
      })),
    };
    cfn.node.addDependency(role);
    regional.filter((r) => r !== source).forEach((r) => source.stack.addStackDependency(r.stack));
  }

  const accessPoint = new s3.CfnMultiRegionAccessPoint(global, 'AccessPoint', {
    name: `${APP_ID.toLowerCase()}-${mode}`,
    regions: regional.map((r) => ({ bucket: r.bucket.bucketName })),
    publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
  });
  const accessPointArn = `arn:${Aws.PARTITION}:s3::${ACCOUNT}:accesspoint/${accessPoint.attrAlias}`;
  new CfnOutput(global, 'AccessPointArn', { value: accessPointArn });
  new CfnOutput(global, 'AccessPointAlias', { value: accessPoint.attrAlias });
  new CfnOutput(global, 'GlobalEndpoint', { value: `${accessPoint.attrAlias}.accesspoint.s3-global.amazonaws.com` });

  if (mode === 'two-way') {
    distribution(global, accessPoint, accessPointArn);
  } else {
    const submit: cr.AwsSdkCall = {
      service: 'S3Control',
      action: 'submitMultiRegionAccessPointRoutes',
      region: 'us-west-2',
      parameters: {
        AccountId: ACCOUNT,
        Mrap: accessPointArn,
        RouteUpdates: regions.map((region) => ({ Region: region, TrafficDialPercentage: region === primary ? 100 : 0 })),
      },
      physicalResourceId: cr.PhysicalResourceId.of(accessPointArn),
    };
    new cr.AwsCustomResource(global, 'Routes', {
      resourceType: 'Custom::MultiRegionAccessPointRoutes',
      onCreate: submit,
      onUpdate: submit,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['s3:SubmitMultiRegionAccessPointRoutes'], resources: [accessPointArn] }),
      ]),
      installLatestAwsSdk: false,
    });
  }

  const alarms = replicationAlarms(pairs);
  dashboard(global, regional, pairs, alarms);
}

function regionalStack(app: App, region: string): Regional {
  const stack = new Stack(app, `${APP_ID}-${region}`, { env: { account: ACCOUNT, region } });
  // The log delivery permission as a bucket policy (ACLs are off), as new apps' cdk.json sets it.
  stack.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  const secure: s3.BucketProps = {
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
  const logs = new s3.Bucket(stack, 'AccessLogs', secure);
  const bucket = new s3.Bucket(stack, 'Bucket', {
    ...secure,
    // Other stacks (other Regions) name it: a name known at synth time.
    bucketName: PhysicalName.GENERATE_IF_NEEDED,
    serverAccessLogsBucket: logs,
    serverAccessLogsPrefix: 'access-logs/',
    metrics: [{ id: 'EntireBucket' }],
  });
  // Delegate access control to the account's access points.
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()],
    actions: ACCESS_POINT_ACTIONS,
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    conditions: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
  }));
  new CfnOutput(stack, 'BucketName', { value: bucket.bucketName });
  new CfnOutput(stack, 'BucketRegion', { value: region });
  return { region, stack, bucket };
}

/** A role S3 assumes to replicate `source` to the destinations of `pairs`. */
function replicationRole(scope: Construct, source: Regional, pairs: Pair[]): iam.Role {
  const role = new iam.Role(scope, `ReplicationRole-${source.region}`, { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [source.bucket.bucketArn] }));
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
    resources: [source.bucket.arnForObjects('*')],
  }));
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
    resources: pairs.map((p) => p.destination.bucket.arnForObjects('*')),
  }));
  return role;
}

/** A latency and a failure alarm per pair, in the source Region, notifying an encrypted topic there. */
function replicationAlarms(pairs: Pair[]): cloudwatch.Alarm[] {
  return pairs.flatMap((pair) => {
    const source = pair.source;
    if (!source.topic) {
      // CloudWatch cannot publish to a topic encrypted with aws/sns: a key it may use.
      const key = new kms.Key(source.stack, 'AlarmsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
      key.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }));
      source.topic = new sns.Topic(source.stack, 'Alarms', { masterKey: key, enforceSSL: true });
    }
    const dimensionsMap = { SourceBucket: source.bucket.bucketName, DestinationBucket: pair.destination.bucket.bucketName, RuleId: pair.ruleId };
    const name = `${APP_ID}-replication-${source.region}-to-${pair.destination.region}`;
    const latency = new cloudwatch.Alarm(source.stack, `Latency-${pair.destination.region}`, {
      alarmName: `${name}-latency`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'ReplicationLatency', dimensionsMap, statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: Duration.minutes(15).toSeconds(),
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const failures = new cloudwatch.Alarm(source.stack, `Failures-${pair.destination.region}`, {
      alarmName: `${name}-failures`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'OperationsFailedReplication', dimensionsMap, statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [latency, failures]) {
      alarm.addAlarmAction(new actions.SnsAction(source.topic));
      alarm.addOkAction(new actions.SnsAction(source.topic));
    }
    return [latency, failures];
  });
}

/** CloudFront reading the access point through SigV4A Origin Access Control. */
function distribution(scope: Stack, accessPoint: s3.CfnMultiRegionAccessPoint, accessPointArn: string): void {
  const oac = new cloudfront.S3OriginAccessControl(scope, 'OriginAccessControl', { signing: cloudfront.Signing.SIGV4A_ALWAYS });
  // aws-cdk-lib has no origin for an access point: an S3 origin to its global endpoint, with the OAC.
  class AccessPointOrigin extends cloudfront.OriginBase {
    constructor(domainName: string) {
      super(domainName);
    }
    public bind(s: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
      const config = super.bind(s, options);
      return { ...config, originProperty: { ...config.originProperty!, originAccessControlId: oac.originAccessControlId } };
    }
    protected renderS3OriginConfig(): cloudfront.CfnDistribution.S3OriginConfigProperty {
      return { originAccessIdentity: '' };
    }
  }
  const logBucket = new s3.Bucket(scope, 'DistributionLogs', {
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    // CloudFront standard logging writes with ACLs.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{
      expiration: Duration.days(365),
      noncurrentVersionExpiration: Duration.days(30),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const cdn = new cloudfront.Distribution(scope, 'Distribution', {
    defaultBehavior: {
      origin: new AccessPointOrigin(`${accessPoint.attrAlias}.accesspoint.s3-global.amazonaws.com`),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    },
    httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    enableLogging: true,
    logBucket,
    logFilePrefix: 'cloudfront/',
  });
  new s3.CfnMultiRegionAccessPointPolicy(scope, 'AccessPointPolicy', {
    mrapName: accessPoint.ref,
    policy: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'AllowCloudFrontOriginAccessControl',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${accessPointArn}/object/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${ACCOUNT}:distribution/${cdn.distributionId}` } },
      }],
    },
  });
  new CfnOutput(scope, 'DistributionDomainName', { value: cdn.domainName });
  new CfnOutput(scope, 'DistributionId', { value: cdn.distributionId });
}

/** Requests, errors and latency per bucket; replication latency and failures per pair; alarm states. */
function dashboard(scope: Stack, regional: Regional[], pairs: Pair[], alarms: cloudwatch.Alarm[]): void {
  const dash = new cloudwatch.Dashboard(scope, 'Dashboard', { dashboardName: APP_ID });
  const bucketMetric = (r: Regional, metricName: string, statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/S3',
    metricName,
    region: r.region,
    statistic,
    period: Duration.minutes(5),
    label: r.region,
    dimensionsMap: { BucketName: r.bucket.bucketName, FilterId: 'EntireBucket' },
  });
  dash.addWidgets(
    new cloudwatch.GraphWidget({ title: 'Requests', left: regional.map((r) => bucketMetric(r, 'AllRequests', 'Sum')), width: 12 }),
    new cloudwatch.GraphWidget({ title: 'First-byte latency (p99, ms)', left: regional.map((r) => bucketMetric(r, 'FirstByteLatency', 'p99')), width: 12 }),
    new cloudwatch.GraphWidget({ title: '4xx errors', left: regional.map((r) => bucketMetric(r, '4xxErrors', 'Sum')), width: 12 }),
    new cloudwatch.GraphWidget({ title: '5xx errors', left: regional.map((r) => bucketMetric(r, '5xxErrors', 'Sum')), width: 12 }),
  );
  const pairMetric = (p: Pair, metricName: string, statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/S3',
    metricName,
    region: p.source.region,
    statistic,
    period: Duration.minutes(5),
    label: `${p.source.region} to ${p.destination.region}`,
    dimensionsMap: { SourceBucket: p.source.bucket.bucketName, DestinationBucket: p.destination.bucket.bucketName, RuleId: p.ruleId },
  });
  dash.addWidgets(
    new cloudwatch.GraphWidget({ title: 'Replication latency (max, seconds)', left: pairs.map((p) => pairMetric(p, 'ReplicationLatency', 'Maximum')), width: 12 }),
    new cloudwatch.GraphWidget({ title: 'Operations failed replication', left: pairs.map((p) => pairMetric(p, 'OperationsFailedReplication', 'Sum')), width: 12 }),
  );
  // An alarm status widget shows at most 100 alarms.
  for (let i = 0; i < alarms.length; i += 100) {
    dash.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Replication alarms', alarms: alarms.slice(i, i + 100), width: 24 }));
  }
}
