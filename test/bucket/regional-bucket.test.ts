import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionalBucket, RegionalBucketProps } from '../../src';
import { expectNagClean, nagAcknowledgements, nagFindings } from '../util/nag';
import { ACCOUNT, testStack } from '../util/stacks';

/** A stack with one RegionalBucket. Replication is the job of other constructs, so the test acknowledges it. */
function bucketStack(props?: RegionalBucketProps): { stack: Stack; bucket: RegionalBucket; template: Template } {
  const { stack } = testStack();
  const bucket = new RegionalBucket(stack, 'Data', props);
  Validations.of(stack).acknowledge(
    ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
      id: `${pack}-S3BucketReplicationEnabled`,
      reason: 'A single-Region test stack; replication is added by the replication constructs.',
    })),
  );
  return { stack, bucket, template: Template.fromStack(stack) };
}

function dataBucket(template: Template): { [key: string]: any } {
  const buckets = template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() } });
  const [logical] = Object.keys(buckets);
  return buckets[logical];
}

describe('RegionalBucket defaults', () => {
  test('matches the snapshot', () => {
    const { template } = bucketStack();
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('is versioned, blocks public access, enforces bucket-owner ownership and SSE-S3', () => {
    const { template } = bucketStack();
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { LogFilePrefix: 'access-logs/' },
    });
  });

  test('retains the bucket and its access-log bucket on stack deletion and replacement', () => {
    const { template } = bucketStack();
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('denies requests without TLS and with TLS older than 1.2', () => {
    const { template } = bucketStack();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('lets log delivery write access logs only for this bucket and account, without ACLs', () => {
    const { template } = bucketStack();
    const logs = template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.absent() } });
    expect(Object.values(logs)[0].Properties.AccessControl).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
            },
          }),
        ]),
      },
    });
  });

  test('creates no KMS key and no lifecycle rule', () => {
    const { template } = bucketStack();
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(dataBucket(template).Properties.LifecycleConfiguration).toBeUndefined();
  });

  test('exposes its Region, bucket and log bucket', () => {
    const { bucket } = bucketStack();
    expect(bucket.region).toBe('eu-west-1');
    expect(bucket.bucket).toBeInstanceOf(s3.Bucket);
    expect(bucket.serverAccessLogsBucket).toBeDefined();
    expect(bucket.encryptionKey).toBeUndefined();
  });

  test('is clean under the four cdk-nag packs', () => {
    const { stack } = bucketStack();
    expectNagClean(stack);
  });

  test('every acknowledgement it makes has a reason', () => {
    const { stack } = bucketStack();
    const acks = nagAcknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length).toBeGreaterThan(20);
    }
  });
});

describe('RegionalBucket options', () => {
  test('the access-log bucket expires logs after 365 days by default, or after serverAccessLogsRetention', () => {
    const rule = (props: RegionalBucketProps) => Object.values(bucketStack(props).template.findResources('AWS::S3::Bucket'))
      .flatMap((b) => b.Properties.LifecycleConfiguration?.Rules ?? [])
      .find((r: any) => r.Id === 'ExpireAccessLogs');
    expect(rule({})).toEqual({
      Id: 'ExpireAccessLogs',
      Status: 'Enabled',
      ExpirationInDays: 365,
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    });
    expect(rule({ serverAccessLogsRetention: Duration.days(90) })).toEqual(expect.objectContaining({ ExpirationInDays: 90 }));
  });

  test('KMS encryption creates a rotating key and enables S3 Bucket Keys', () => {
    const { template, bucket, stack } = bucketStack({ encryption: s3.BucketEncryption.KMS });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
          },
        ],
      },
    });
    expect(bucket.encryptionKey).toBeDefined();
    expectNagClean(stack);
    // With a customer managed key there is nothing to acknowledge about encryption.
    expect(nagAcknowledgements(stack).filter((a) => a.path.endsWith('Data/Bucket') && a.rule.endsWith('S3DefaultEncryptionKMS'))).toEqual([]);
  });

  test('KMS encryption uses the given key', () => {
    const { stack } = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const bucket = new RegionalBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    expect(bucket.encryptionKey).toBe(key);
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
  });

  test('noncurrent versions expire, keep the newest ones and clean delete markers', () => {
    const { template } = bucketStack({
      noncurrentVersionExpiration: Duration.days(30),
      noncurrentVersionsToRetain: 3,
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireNoncurrentVersions',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30, NewerNoncurrentVersions: 3 },
            ExpiredObjectDeleteMarker: true,
          },
        ],
      },
    });
  });

  test('removalPolicy DESTROY is honoured for the bucket and its log bucket', () => {
    const { template } = bucketStack({ removalPolicy: RemovalPolicy.DESTROY });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Delete');
    }
  });

  test('the SSE-KMS key is retained whatever removalPolicy: turning SSE-KMS off keeps the bucket and the objects that need the key (ADR 0042)', () => {
    for (const removalPolicy of [undefined, RemovalPolicy.RETAIN, RemovalPolicy.DESTROY]) {
      const { template } = bucketStack({ encryption: s3.BucketEncryption.KMS, removalPolicy });
      const keys = Object.values(template.findResources('AWS::KMS::Key'));
      expect(keys.map((k) => [k.DeletionPolicy, k.UpdateReplacePolicy])).toEqual([['Retain', 'Retain']]);
    }
  });

  test('object lock can be enabled', () => {
    const { template } = bucketStack({ objectLockEnabled: true });
    template.hasResourceProperties('AWS::S3::Bucket', { ObjectLockEnabled: true });
  });

  test('logs go to a given bucket with a given prefix', () => {
    const { stack } = testStack();
    const target = s3.Bucket.fromBucketName(stack, 'Central', 'central-logs-eu-west-1');
    const bucket = new RegionalBucket(stack, 'Data', { serverAccessLogsBucket: target, serverAccessLogsPrefix: 'data/' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: 'central-logs-eu-west-1', LogFilePrefix: 'data/' },
    });
    expect(bucket.serverAccessLogsBucket).toBe(target);
  });

  test('turning logging off is reported by cdk-nag, not hidden', () => {
    const { stack, template } = bucketStack({ serverAccessLogs: false });
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(dataBucket(template)).toBeUndefined();
    const rules = nagFindings(stack).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled']));
  });
});

describe('RegionalBucket validation', () => {
  function build(props: RegionalBucketProps, region = 'eu-west-1'): () => RegionalBucket {
    return () => new RegionalBucket(testStack(region).stack, 'Data', props);
  }

  test('rejects UNENCRYPTED', () => {
    expect(build({ encryption: s3.BucketEncryption.UNENCRYPTED })).toThrow(
      /TestStack\/Data: 'encryption' must not be UNENCRYPTED, got UNENCRYPTED/,
    );
  });

  test('rejects an encryptionKey without KMS encryption', () => {
    const { stack } = testStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => new RegionalBucket(stack, 'Data', { encryptionKey: key })).toThrow(
      /'encryptionKey' needs 'encryption' to be KMS, got undefined \(S3_MANAGED\)/,
    );
    expect(() => new RegionalBucket(stack, 'Data2', { encryptionKey: key, encryption: s3.BucketEncryption.S3_MANAGED })).toThrow(
      /'encryptionKey' needs 'encryption' to be KMS, got S3_MANAGED/,
    );
  });

  test('rejects an encryptionKey from another Region', () => {
    const { stack } = testStack('eu-west-1');
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(() => new RegionalBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: key })).toThrow(
      /'encryptionKey' must be in the bucket's Region eu-west-1, got a key in us-east-1/,
    );
  });

  test('skips the Region check when the key Region is a token', () => {
    const { stack } = testStack('eu-west-1');
    const key = kms.Key.fromKeyArn(stack, 'Key', Token.asString({ Ref: 'KeyArnParameter' }));
    expect(() => new RegionalBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: key })).not.toThrow();
  });

  test('rejects a log bucket or prefix when logging is off', () => {
    const { stack } = testStack();
    const target = s3.Bucket.fromBucketName(stack, 'Central', 'central-logs');
    expect(() => new RegionalBucket(stack, 'A', { serverAccessLogs: false, serverAccessLogsBucket: target })).toThrow(
      /'serverAccessLogsBucket' is set to TestStack\/Central but 'serverAccessLogs' is false/,
    );
    expect(() => new RegionalBucket(stack, 'B', { serverAccessLogs: false, serverAccessLogsPrefix: 'x/' })).toThrow(
      /'serverAccessLogsPrefix' is set to 'x\/' but 'serverAccessLogs' is false/,
    );
  });

  test.each([
    [Duration.hours(36), /'noncurrentVersionExpiration' must be a whole number of days, at least 1, got 1 day 12 hours/],
    [Duration.days(0), /'noncurrentVersionExpiration' must be a whole number of days, at least 1, got 0 days/],
  ])('rejects noncurrentVersionExpiration %s', (expiration, message) => {
    expect(build({ noncurrentVersionExpiration: expiration })).toThrow(message);
  });

  test.each([0, 101, 2.5])('rejects noncurrentVersionsToRetain %s', (count) => {
    expect(build({ noncurrentVersionExpiration: Duration.days(30), noncurrentVersionsToRetain: count })).toThrow(
      new RegExp(`'noncurrentVersionsToRetain' must be an integer between 1 and 100, got ${count}`),
    );
  });

  test('rejects noncurrentVersionsToRetain without an expiration', () => {
    expect(build({ noncurrentVersionsToRetain: 5 })).toThrow(/'noncurrentVersionsToRetain' \(5\) needs 'noncurrentVersionExpiration'/);
  });

  test('skips unresolved lifecycle values', () => {
    expect(build({
      noncurrentVersionExpiration: Duration.days(Token.asNumber({ Ref: 'Days' })),
      noncurrentVersionsToRetain: Token.asNumber({ Ref: 'Count' }),
    })).not.toThrow();
  });

  test('checks S3\'s bucket name rules, naming the property', () => {
    expect(build({ bucketName: 'Not_Valid' })).toThrow(/'bucketName' must be a valid S3 bucket name \(only lowercase letters, numbers, dots and hyphens\), got 'Not_Valid'/);
  });
});

describe('RegionalBucket across stacks', () => {
  test('a stack in another Region can name the bucket: the name is generated deterministically', () => {
    const { app, stack } = testStack('eu-west-1', 'Data');
    const bucket = new RegionalBucket(stack, 'Data');
    const other = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const use = () => new s3.CfnBucketPolicy(other, 'Uses', { bucket: bucket.bucket.bucketName, policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: `arn:aws:s3:::${bucket.bucket.bucketName}` }] } });
    expect(use).not.toThrow();
    const name = Template.fromStack(other).findResources('AWS::S3::BucketPolicy').Uses.Properties.Bucket;
    expect(name).toMatch(/^[a-z0-9][a-z0-9.-]{2,62}$/);
    expect(Template.fromStack(stack).findResources('AWS::S3::Bucket', { Properties: { BucketName: name } })).not.toEqual({});
  });
});
