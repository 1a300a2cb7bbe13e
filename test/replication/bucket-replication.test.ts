import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { sdkCall, stackIn } from './fixtures';
import { BucketReplication, BucketReplicationProps, RegionalBucket, ReplicationMesh, ReplicationMethod } from '../../src';
import { expectNagClean, nagAcknowledgements, nagFindings } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

/** A source RegionalBucket in eu-west-1 and a destination RegionalBucket in us-east-1, each in its own stack. */
function twoRegions(names: { source?: string; destination?: string } = { source: 'source-eu-west-1', destination: 'replica-us-east-1' }) {
  const app = new App();
  const sourceStack = stackIn(app, 'Source', 'eu-west-1');
  const destinationStack = stackIn(app, 'Destination', 'us-east-1');
  const source = new RegionalBucket(sourceStack, 'Data', { bucketName: names.source });
  const destination = new RegionalBucket(destinationStack, 'Replica', { bucketName: names.destination });
  return { app, sourceStack, destinationStack, source, destination };
}

function nativeOneWay(props: Partial<BucketReplicationProps> = {}) {
  const fixture = twoRegions();
  const replication = new BucketReplication(fixture.sourceStack, 'Replication', {
    source: fixture.source.bucket,
    destinations: [{ bucket: fixture.destination.bucket }],
    ...props,
  });
  return { ...fixture, replication, template: Template.fromStack(fixture.sourceStack) };
}

function sourceRules(template: Template): any[] {
  const buckets = template.findResources('AWS::S3::Bucket', { Properties: { ReplicationConfiguration: Match.anyValue() } });
  const [bucket] = Object.values(buckets);
  return bucket.Properties.ReplicationConfiguration.Rules;
}

describe('BucketReplication, native (source in the construct\'s stack)', () => {
  test('matches the snapshot', () => {
    const { template } = nativeOneWay();
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('writes one whole-bucket rule per destination into the source bucket, with delete markers', () => {
    const { template, replication } = nativeOneWay();
    expect(replication.method).toBe(ReplicationMethod.NATIVE);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'source-eu-west-1',
      VersioningConfiguration: { Status: 'Enabled' },
      ReplicationConfiguration: {
        Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicationRole'), 'Arn'] },
        Rules: [
          {
            Id: 'rule1-to-replica-us-east-1',
            Priority: 0,
            Status: 'Enabled',
            Filter: { Prefix: '' },
            DeleteMarkerReplication: { Status: 'Enabled' },
            Destination: { Bucket: 'arn:aws:s3:::replica-us-east-1' },
          },
        ],
      },
    });
    template.resourceCountIs('Custom::S3BucketReplication', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('creates a role named like the S3 console does, trusted by S3 only', () => {
    const { template } = nativeOneWay();
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'replication_role_for_source-eu-west-1_to_replica-us-east-1',
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' } }],
      },
    });
  });

  test('grants exactly the replication actions on exactly the two buckets, in a customer managed policy', () => {
    const { template } = nativeOneWay();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ReplicationRole') }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
            Resource: 'arn:aws:s3:::source-eu-west-1',
          },
          {
            Effect: 'Allow',
            Action: ['s3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'],
            Resource: 'arn:aws:s3:::source-eu-west-1/*',
          },
          {
            Effect: 'Allow',
            Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
            Resource: 'arn:aws:s3:::replica-us-east-1/*',
          },
        ],
      },
    });
  });

  test('the source stack deploys after the destination stack', () => {
    const { sourceStack, destinationStack } = nativeOneWay();
    expect(sourceStack.dependencies).toEqual([destinationStack]);
  });

  test('is nag clean: the source has replication, the one-way destination is reported (not hidden)', () => {
    const { app, sourceStack, destinationStack } = nativeOneWay();
    app.synth();
    expectNagClean(sourceStack);
    expect(nagFindings(destinationStack).map((f) => `${f.rule} ${f.path}`)).toEqual([
      'NIST.800.53.R5-S3BucketReplicationEnabled Destination/Replica/Bucket/Resource',
      'HIPAA.Security-S3BucketReplicationEnabled Destination/Replica/Bucket/Resource',
      'PCI.DSS.321-S3BucketReplicationEnabled Destination/Replica/Bucket/Resource',
    ]);
  });

  test('acknowledges only the object wildcards of its own policy, with a reason', () => {
    const { app, sourceStack } = nativeOneWay();
    app.synth();
    const acks = nagAcknowledgements(sourceStack).filter((a) => a.path.startsWith('Source/Replication'));
    expect(acks.map((a) => a.rule).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::arn:aws:s3:::replica-us-east-1/*]',
      'AwsSolutions-IAM5[Resource::arn:aws:s3:::source-eu-west-1/*]',
    ]);
    for (const ack of acks) expect(ack.reason).toMatch(/exactly the source and destination buckets/);
  });

  test('same-Region replication in one stack needs no stack dependency', () => {
    const app = new App();
    const stack = stackIn(app, 'Single', 'eu-west-1');
    const a = new RegionalBucket(stack, 'A');
    const b = new RegionalBucket(stack, 'B');
    new BucketReplication(stack, 'Replication', { source: a.bucket, destinations: [{ bucket: b.bucket }] });
    expect(stack.dependencies).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ReplicationConfiguration: { Rules: [Match.objectLike({ Destination: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BBucket'), 'Arn'] } } })] },
    });
  });
});

describe('BucketReplication ordering within one stack', () => {
  function oneStack(method?: ReplicationMethod) {
    const app = new App();
    const stack = stackIn(app, 'Single', 'eu-west-1');
    const a = new RegionalBucket(stack, 'A', { bucketName: 'a-eu-west-1' });
    const b = new RegionalBucket(stack, 'B', { bucketName: 'b-eu-west-1' });
    const replication = new BucketReplication(stack, 'Replication', { source: a.bucket, destinations: [{ bucket: b.bucket }], method });
    return { stack, template: Template.fromStack(stack), replication, logicalId: (c: any) => stack.getLogicalId(c.node.defaultChild) };
  }

  test('natively, the source bucket waits for the destination bucket (named by literal name, so no implicit order)', () => {
    const { template, stack } = oneStack();
    const b = stack.node.findChild('B').node.findChild('Bucket');
    const source = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'a-eu-west-1' } }))[0];
    expect(source.DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(b.node.defaultChild as any)]));
  });

  test('after creation, the custom resource waits for both buckets', () => {
    const { template, stack } = oneStack(ReplicationMethod.POST_CREATION);
    const resource = Object.values(template.findResources('Custom::S3BucketReplication'))[0];
    for (const id of ['A', 'B']) {
      expect(resource.DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(stack.node.findChild(id).node.findChild('Bucket').node.defaultChild as any)]));
    }
  });
});

describe('BucketReplication rules', () => {
  test('prefix and tag filters, priorities that keep their order for every destination, a disabled rule', () => {
    const fixture = twoRegions();
    const second = new RegionalBucket(stackIn(fixture.app, 'Second', 'ap-southeast-2'), 'Replica', { bucketName: 'replica-ap-southeast-2' });
    new BucketReplication(fixture.sourceStack, 'Replication', {
      source: fixture.source.bucket,
      destinations: [{ bucket: fixture.destination.bucket }, { bucket: second.bucket }],
      rules: [
        { id: 'images', filter: { prefix: 'images/' }, priority: 2 },
        { id: 'tagged', filter: { tags: [{ key: 'replicate', value: 'yes' }] }, priority: 5 },
        { id: 'both', filter: { prefix: 'docs/', tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }, priority: 0, enabled: false },
      ],
    });
    const rules = sourceRules(Template.fromStack(fixture.sourceStack));
    expect(rules.map((r) => [r.Id, r.Priority, r.Status, r.DeleteMarkerReplication.Status, r.Filter])).toEqual([
      ['images-to-replica-us-east-1', 4, 'Enabled', 'Enabled', { Prefix: 'images/' }],
      ['images-to-replica-ap-southeast-2', 5, 'Enabled', 'Enabled', { Prefix: 'images/' }],
      ['tagged-to-replica-us-east-1', 10, 'Enabled', 'Disabled', { TagFilter: { Key: 'replicate', Value: 'yes' } }],
      ['tagged-to-replica-ap-southeast-2', 11, 'Enabled', 'Disabled', { TagFilter: { Key: 'replicate', Value: 'yes' } }],
      ['both-to-replica-us-east-1', 0, 'Disabled', 'Disabled', { And: { Prefix: 'docs/', TagFilters: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } }],
      ['both-to-replica-ap-southeast-2', 1, 'Disabled', 'Disabled', { And: { Prefix: 'docs/', TagFilters: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] } }],
    ]);
  });

  test('without priorities, earlier rules take precedence', () => {
    const { template } = nativeOneWay({ rules: [{ filter: { prefix: 'a/' } }, { filter: { prefix: 'b/' } }, { filter: { prefix: 'c/' } }] });
    expect(sourceRules(template).map((r) => [r.Id, r.Priority])).toEqual([
      ['rule1-to-replica-us-east-1', 2],
      ['rule2-to-replica-us-east-1', 1],
      ['rule3-to-replica-us-east-1', 0],
    ]);
  });

  test('prefix-only rules scope the role to those prefixes in both buckets', () => {
    const { template } = nativeOneWay({ rules: [{ filter: { prefix: 'a/' } }, { filter: { prefix: 'b/' } }] });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
            Resource: [
              'arn:aws:s3:::replica-us-east-1/a/*',
              'arn:aws:s3:::replica-us-east-1/b/*',
            ],
          }),
        ]),
      },
    });
  });

  test('storage class, Replication Time Control with metrics, replica modification sync, no delete markers', () => {
    const fixture = twoRegions();
    new BucketReplication(fixture.sourceStack, 'Replication', {
      source: fixture.source.bucket,
      destinations: [{ bucket: fixture.destination.bucket, storageClass: s3.StorageClass.INFREQUENT_ACCESS }],
      replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      replicaModifications: true,
      deleteMarkerReplication: false,
    });
    expect(sourceRules(Template.fromStack(fixture.sourceStack))[0]).toEqual(expect.objectContaining({
      DeleteMarkerReplication: { Status: 'Disabled' },
      SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } },
      Destination: expect.objectContaining({
        StorageClass: 'STANDARD_IA',
        ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
      }),
    }));
  });

  test('metrics alone, without an event threshold', () => {
    const { template } = nativeOneWay({ metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES });
    const destination = sourceRules(template)[0].Destination;
    expect(destination.Metrics).toEqual({ Status: 'Enabled' });
    expect(destination.ReplicationTime).toBeUndefined();
  });
});

describe('BucketReplication with SSE-KMS', () => {
  function kmsReplication(replicaKey: (destination: Stack) => kms.IKey) {
    const app = new App();
    const sourceStack = stackIn(app, 'Source', 'eu-west-1');
    const destinationStack = stackIn(app, 'Destination', 'us-east-1');
    const source = new RegionalBucket(sourceStack, 'Data', { bucketName: 'source-eu-west-1', encryption: s3.BucketEncryption.KMS });
    const destination = new RegionalBucket(destinationStack, 'Replica', { bucketName: 'replica-us-east-1', encryption: s3.BucketEncryption.KMS });
    new BucketReplication(sourceStack, 'Replication', {
      source: source.bucket,
      destinations: [{ bucket: destination.bucket, kmsKey: replicaKey(destinationStack) }],
    });
    return { app, sourceStack, destinationStack, destination, template: Template.fromStack(sourceStack) };
  }
  const REPLICA_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  test('opts in to SSE-KMS objects and encrypts replicas with the key of the destination Region', () => {
    const { template } = kmsReplication((stack) => kms.Key.fromKeyArn(stack, 'Imported', REPLICA_KEY_ARN));
    expect(sourceRules(template)[0]).toEqual(expect.objectContaining({
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
      Destination: expect.objectContaining({ EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY_ARN } }),
    }));
  });

  test('scopes kms:Decrypt (source and replica keys) and kms:Encrypt to S3 in each Region and to each bucket\'s encryption context', () => {
    const { template } = kmsReplication((stack) => kms.Key.fromKeyArn(stack, 'Imported', REPLICA_KEY_ARN));
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
            Condition: {
              StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
              StringLike: {
                'kms:EncryptionContext:aws:s3:arn': [
                  'arn:aws:s3:::source-eu-west-1',
                  'arn:aws:s3:::source-eu-west-1/*',
                ],
              },
            },
          },
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:Encrypt'],
            Resource: REPLICA_KEY_ARN,
            Condition: {
              StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
              StringLike: {
                'kms:EncryptionContext:aws:s3:arn': [
                  'arn:aws:s3:::replica-us-east-1',
                  'arn:aws:s3:::replica-us-east-1/*',
                ],
              },
            },
          },
        ]),
      },
    });
  });

  test('an alias from another Region works: ReplicaKmsKeyID is the alias ARN, the grant is narrowed by kms:ResourceAliases', () => {
    const { template } = kmsReplication((stack) => (stack.node.findChild('Replica') as RegionalBucket).encryptionKey!.addAlias('alias/replica-us-east-1'));
    expect(sourceRules(template)[0].Destination.EncryptionConfiguration).toEqual({
      ReplicaKmsKeyID: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/replica-us-east-1`,
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:Encrypt'],
            Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`,
            Condition: Match.objectLike({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/replica-us-east-1' } }),
          }),
        ]),
      },
    });
  });

  test('is nag clean with KMS on both ends', () => {
    const { app, sourceStack } = kmsReplication((stack) => kms.Key.fromKeyArn(stack, 'Imported', REPLICA_KEY_ARN));
    app.synth();
    expectNagClean(sourceStack);
  });
});

describe('BucketReplication, post-creation', () => {
  function postCreation() {
    const fixture = twoRegions();
    const global = stackIn(fixture.app, 'Global', 'us-east-1');
    const replication = new BucketReplication(global, 'Replication', {
      source: fixture.source.bucket,
      destinations: [{ bucket: fixture.destination.bucket }],
    });
    return { ...fixture, global, replication };
  }

  test('matches the snapshot', () => {
    const { global } = postCreation();
    expect(Template.fromStack(global).toJSON()).toMatchSnapshot();
  });

  test('is chosen for a source in another stack, which keeps no ReplicationConfiguration', () => {
    const { replication, sourceStack } = postCreation();
    expect(replication.method).toBe(ReplicationMethod.POST_CREATION);
    expect(replication.customResource).toBeDefined();
    Template.fromStack(sourceStack).hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.absent() });
  });

  test('puts the whole configuration on create and update, in the source\'s Region, with a stable physical ID', () => {
    const { app, global, replication } = postCreation();
    const logicalId = global.getLogicalId(replication.customResource!.node.defaultChild as any);
    for (const which of ['Create', 'Update'] as const) {
      const call = sdkCall(app, global, logicalId, which);
      expect(call).toEqual({
        service: 'S3',
        action: 'PutBucketReplication',
        region: 'eu-west-1',
        parameters: {
          Bucket: 'source-eu-west-1',
          ReplicationConfiguration: {
            Role: expect.stringMatching(/ReplicationRole.*Arn/),
            Rules: [{
              ID: 'rule1-to-replica-us-east-1',
              Priority: 0,
              Status: 'Enabled',
              Filter: { Prefix: '' },
              DeleteMarkerReplication: { Status: 'Enabled' },
              Destination: { Bucket: 'arn:aws:s3:::replica-us-east-1' },
            }],
          },
        },
        physicalResourceId: { id: 'source-eu-west-1-replication' },
      });
    }
  });

  test('deletes the configuration on delete, and ignores a bucket that is already gone', () => {
    const { app, global, replication } = postCreation();
    const logicalId = global.getLogicalId(replication.customResource!.node.defaultChild as any);
    expect(sdkCall(app, global, logicalId, 'Delete')).toEqual({
      service: 'S3',
      action: 'DeleteBucketReplication',
      region: 'eu-west-1',
      parameters: { Bucket: 'source-eu-west-1' },
      ignoreErrorCodesMatching: 'NoSuchBucket',
    });
    Template.fromStack(global).hasResource('Custom::S3BucketReplication', { DeletionPolicy: 'Delete' });
  });

  test('uses the Lambda runtime\'s SDK and its own least-privilege role', () => {
    const { global } = postCreation();
    const template = Template.fromStack(global);
    template.hasResourceProperties('Custom::S3BucketReplication', { InstallLatestAwsSdk: false });
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AwsSdkCallsRole') }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 's3:PutReplicationConfiguration', Resource: 'arn:aws:s3:::source-eu-west-1' },
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicationRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 's3.amazonaws.com' } },
          },
        ],
      },
    });
    // The function writes its own log group, not every log group (no AWSLambdaBasicExecutionRole).
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^AwsSdkCallsRoleLogs') }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'Global-aws-sdk-calls' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [
            `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/Global-aws-sdk-calls`,
            `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/Global-aws-sdk-calls:*`,
          ],
        }],
      },
    });
  });

  test('the custom resource waits for both policies', () => {
    const { global } = postCreation();
    const resource = Object.values(Template.fromStack(global).findResources('Custom::S3BucketReplication'))[0];
    expect(resource.DependsOn).toEqual([expect.stringMatching(/^ReplicationApplyPolicy/), expect.stringMatching(/^ReplicationPolicy/)]);
  });

  test('its stack deploys after the source and the destination stacks', () => {
    const { global, sourceStack, destinationStack } = postCreation();
    expect(global.dependencies).toEqual([sourceStack, destinationStack]);
  });

  test('is nag clean, acknowledging replication on the source with the custom resource named', () => {
    const { app, global, sourceStack } = postCreation();
    app.synth();
    expectNagClean(global);
    expectNagClean(sourceStack);
    const ack = nagAcknowledgements(sourceStack).find((a) => a.rule === 'NIST.800.53.R5-S3BucketReplicationEnabled' && a.path.startsWith('Source/Data/Bucket'));
    expect(ack).toEqual({
      path: 'Source/Data/Bucket/Resource',
      rule: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: expect.stringContaining('custom resource Global/Replication/Resource'),
    });
  });

  test('the function\'s permission to apply the configuration lives and dies with the custom resource', () => {
    const { app, global } = postCreation();
    app.synth();
    const acks = nagAcknowledgements(global).filter((a) => a.path === 'Global/Replication/ApplyPolicy');
    expect(acks.map((a) => a.rule)).toEqual(['NIST.800.53.R5-IAMNoInlinePolicy', 'HIPAA.Security-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy']);
    expect(acks[0].reason).toMatch(/deletes it only after the custom resource's DeleteBucketReplication has run/);
  });

  test('the Lambda findings of the shared function are acknowledged with reasons', () => {
    const { app, global } = postCreation();
    app.synth();
    const rules = nagAcknowledgements(global).filter((a) => a.path.startsWith('Global/AWS679f53fac002430cb0da5b7982bd2287'));
    expect(rules.map((a) => a.rule).sort()).toEqual([
      'HIPAA.Security-LambdaConcurrency',
      'HIPAA.Security-LambdaDLQ',
      'HIPAA.Security-LambdaInsideVPC',
      'NIST.800.53.R5-LambdaConcurrency',
      'NIST.800.53.R5-LambdaDLQ',
      'NIST.800.53.R5-LambdaInsideVPC',
      'PCI.DSS.321-LambdaInsideVPC',
    ]);
  });

  test('an imported bucket is configured in the Region it was imported with', () => {
    const app = new App();
    const stack = stackIn(app, 'Global', 'us-east-1');
    const legacy = s3.Bucket.fromBucketAttributes(stack, 'Legacy', { bucketName: 'legacy-data', region: 'eu-central-1' });
    const backup = s3.Bucket.fromBucketAttributes(stack, 'Backup', { bucketName: 'legacy-backup', region: 'eu-north-1' });
    const replication = new BucketReplication(stack, 'Replication', { source: legacy, destinations: [{ bucket: backup }] });
    const call = sdkCall(app, stack, stack.getLogicalId(replication.customResource!.node.defaultChild as any), 'Create');
    expect(call.region).toBe('eu-central-1');
    expect(call.physicalResourceId).toEqual({ id: 'legacy-data-replication' });
    expect(stack.dependencies).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { RoleName: 'replication_role_for_legacy-data_to_legacy-backup' });
  });

  test('can be chosen for a source in the same stack', () => {
    const app = new App();
    const stack = stackIn(app, 'Single', 'eu-west-1');
    const a = new RegionalBucket(stack, 'A');
    const b = new RegionalBucket(stack, 'B');
    const replication = new BucketReplication(stack, 'Replication', { source: a.bucket, destinations: [{ bucket: b.bucket }], method: ReplicationMethod.POST_CREATION });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::S3BucketReplication', 1);
    template.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.absent() });
    // The source's stack is env-aware, so the call still names its Region.
    expect(sdkCall(app, stack, stack.getLogicalId(replication.customResource!.node.defaultChild as any), 'Create').region).toBe('eu-west-1');
  });
});

describe('large configurations', () => {
  const MANY_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
    'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1'];

  test('a 17-Region SSE-KMS mesh spreads each role\'s permissions over managed policies within IAM\'s 6,144 characters', () => {
    const app = new App();
    const buckets = MANY_REGIONS.map((region) => new RegionalBucket(stackIn(app, `Data-${region}`, region), 'Data', { encryption: s3.BucketEncryption.KMS }));
    const aliases = buckets.map((b) => b.encryptionKey!.addAlias(`alias/data-bucket-encryption-key-${b.region}`));
    const global = stackIn(app, 'Global', 'us-east-1');
    // One prefix rule: with two, the global template would pass CloudFormation's 1,000,000 bytes (rejected at synth).
    const mesh = new ReplicationMesh(global, 'Mesh', { buckets: buckets.map((b) => b.bucket), encryptionKeys: aliases, rules: [{ filter: { prefix: 'a/' } }] });
    const assembly = ResolvedAssembly.fromApp(app);
    expect(fs.statSync(assembly.stack('Global').templateFullPath).size).toBeLessThanOrEqual(1_000_000);
    const sizes = Object.values(assembly.resources('Global', 'AWS::IAM::ManagedPolicy')).map((p) => JSON.stringify(p.Properties.PolicyDocument).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6144);
    // Two rules to each of 16 destinations from each of 17 buckets, all in one stack: still within
    // CloudFormation's 1 MB (as CDK writes it, indented by one space).
    const bytes = JSON.stringify(assembly.stack('Global').template, undefined, 1).length;
    console.log(`17-Region SSE-KMS mesh with 2 rules per destination: ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(1_000_000);
    for (const replication of mesh.replications) {
      expect(replication.policies.length).toBeGreaterThan(1);
      expect(replication.policies.length).toBeLessThanOrEqual(10);
    }
    // The function role gets one inline policy per bucket, not 17 managed policy attachments.
    const functionRole = Object.keys(Template.fromStack(global).findResources('AWS::IAM::Role')).find((id) => id.startsWith('AwsSdkCallsRole'))!;
    expect(Template.fromStack(global).findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: functionRole }] } })).toEqual({});
  });

  test('prefixes too long to list give whole-bucket permissions', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ filter: { prefix: `a-rather-long-prefix-number-${i}/` } }));
    const { template } = nativeOneWay({ rules: many });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Resource: 'arn:aws:s3:::replica-us-east-1/*' }),
        ]),
      },
    });
  });
});

describe('one provider per stack', () => {
  test('two post-creation replications share one function and one function role', () => {
    const fixture = twoRegions();
    const other = new RegionalBucket(stackIn(fixture.app, 'Other', 'ap-southeast-2'), 'Data', { bucketName: 'other-ap-southeast-2' });
    const global = stackIn(fixture.app, 'Global', 'us-east-1');
    new BucketReplication(global, 'A', { source: fixture.source.bucket, destinations: [{ bucket: fixture.destination.bucket }] });
    new BucketReplication(global, 'B', { source: other.bucket, destinations: [{ bucket: fixture.destination.bucket }] });
    const template = Template.fromStack(global);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('Custom::S3BucketReplication', 2);
    const functionRoles = template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } } });
    expect(Object.keys(functionRoles)).toHaveLength(1);
    for (const prefix of ['AApplyPolicy', 'BApplyPolicy']) {
      const [policy] = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith(prefix));
      expect(policy[1].Properties.Roles).toEqual([{ Ref: Object.keys(functionRoles)[0] }]);
    }
  });

  test('when another AwsCustomResource created the function first, its role gets the permissions', () => {
    const fixture = twoRegions();
    const global = stackIn(fixture.app, 'Global', 'us-east-1');
    new cr.AwsCustomResource(global, 'SomeoneElse', {
      onCreate: { service: 'STS', action: 'GetCallerIdentity', physicalResourceId: cr.PhysicalResourceId.of('x') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    new BucketReplication(global, 'Replication', { source: fixture.source.bucket, destinations: [{ bucket: fixture.destination.bucket }] });
    const template = Template.fromStack(global);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(global.node.tryFindChild('AwsSdkCallsRole')).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AWS679f53fac002430cb0da5b7982bd2287ServiceRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:PutReplicationConfiguration' })]) },
    });
  });
});

describe('BucketReplication with a role of your own', () => {
  test('adds the permissions to a role of the app and creates no role', () => {
    const fixture = twoRegions();
    const role = new iam.Role(fixture.sourceStack, 'MyRole', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
    const replication = new BucketReplication(fixture.sourceStack, 'Replication', {
      source: fixture.source.bucket,
      destinations: [{ bucket: fixture.destination.bucket }],
      role,
    });
    expect(replication.role).toBe(role);
    expect(replication.policies).toEqual([]);
    const template = Template.fromStack(fixture.sourceStack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MyRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'] })]) },
    });
    template.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyRole'), 'Arn'] } } });
  });

  test('leaves an immutable imported role as it is', () => {
    const fixture = twoRegions();
    const role = iam.Role.fromRoleArn(fixture.sourceStack, 'Existing', `arn:aws:iam::${ACCOUNT}:role/replication`, { mutable: false });
    new BucketReplication(fixture.sourceStack, 'Replication', { source: fixture.source.bucket, destinations: [{ bucket: fixture.destination.bucket }], role });
    const template = Template.fromStack(fixture.sourceStack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: { Role: `arn:aws:iam::${ACCOUNT}:role/replication` } });
  });
});

describe('replication role names', () => {
  test('a name longer than IAM\'s 64 characters is cut and made unique with a hash', () => {
    const fixture = twoRegions({ source: 'a-rather-long-source-bucket-name-in-eu-west-1', destination: 'a-rather-long-destination-bucket-name-in-us-east-1' });
    new BucketReplication(fixture.sourceStack, 'Replication', { source: fixture.source.bucket, destinations: [{ bucket: fixture.destination.bucket }] });
    const roleName: string = Object.values(Template.fromStack(fixture.sourceStack).findResources('AWS::IAM::Role'))[0].Properties.RoleName;
    expect(roleName).toHaveLength(64);
    expect(roleName).toMatch(/^replication_role_for_a-rather-long-source-bucket-name-i_[0-9a-f]{8}$/);
  });

  test('names known only at deploy time give a unique name from the path, stack and Region', () => {
    const fixture = twoRegions({});
    new BucketReplication(fixture.sourceStack, 'Replication', { source: fixture.source.bucket, destinations: [{ bucket: fixture.destination.bucket }] });
    const roleName: string = Object.values(Template.fromStack(fixture.sourceStack).findResources('AWS::IAM::Role'))[0].Properties.RoleName;
    expect(roleName).toMatch(/^SourceReplicationRole[0-9A-F]{8}-eu-west-1$/);
  });

  test('a name generated for a reference from another Region is known, so the console convention applies', () => {
    const fixture = twoRegions({});
    const global = stackIn(fixture.app, 'Global', 'ap-northeast-1');
    new BucketReplication(global, 'Replication', { source: fixture.source.bucket, destinations: [{ bucket: fixture.destination.bucket }] });
    const roleName: string = Object.values(Template.fromStack(global).findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^replication_role_for_') } }))[0].Properties.RoleName;
    expect(roleName.length).toBeLessThanOrEqual(64);
    expect(roleName).toMatch(/^replication_role_for_source/);
  });
});

describe('BucketReplication exposes', () => {
  test('its source, role, method and policies', () => {
    const { replication, source } = nativeOneWay();
    expect(replication.source).toBe(source.bucket);
    expect(replication.role.node.path).toBe('Source/Replication/Role');
    expect(replication.policies.map((p) => p.node.path)).toEqual(['Source/Replication/Policy']);
    expect(replication.customResource).toBeUndefined();
  });
});

describe('BucketReplication with S3 Object Lock', () => {
  const sourceObjectActions = (template: Template) => Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .flatMap((st: any) => [st.Action].flat())
    .filter((a: string) => a.startsWith('s3:GetObject'));

  test('a source created with Object Lock: the role may read retention and legal holds (S3 User Guide, "Replicating objects that use Object Lock")', () => {
    const app = new App();
    const source = new RegionalBucket(stackIn(app, 'Source', 'eu-west-1'), 'Data', { bucketName: 'locked-eu-west-1', objectLockEnabled: true });
    const destination = new RegionalBucket(stackIn(app, 'Destination', 'us-east-1'), 'Data', { bucketName: 'locked-us-east-1', objectLockEnabled: true });
    const replication = new BucketReplication(Stack.of(source), 'Replication', { source: source.bucket, destinations: [{ bucket: destination.bucket }] });
    expect(sourceObjectActions(Template.fromStack(Stack.of(replication)))).toEqual(expect.arrayContaining(['s3:GetObjectLegalHold', 's3:GetObjectRetention']));
  });

  test('without Object Lock: no retention or legal-hold permission', () => {
    const { template } = nativeOneWay();
    expect(sourceObjectActions(template)).not.toContain('s3:GetObjectRetention');
    expect(sourceObjectActions(template)).not.toContain('s3:GetObjectLegalHold');
  });

  test('an imported source with sourceObjectLockEnabled gets them too', () => {
    const app = new App();
    const stack = stackIn(app, 'Global', 'us-east-1');
    const destination = new RegionalBucket(stackIn(app, 'Destination', 'us-east-1'), 'Data', { bucketName: 'locked-us-east-1', objectLockEnabled: true });
    const source = s3.Bucket.fromBucketAttributes(stack, 'Source', { bucketName: 'theirs-eu-west-1', region: 'eu-west-1' });
    new BucketReplication(stack, 'Replication', { source, destinations: [{ bucket: destination.bucket }], sourceObjectLockEnabled: true });
    expect(sourceObjectActions(Template.fromStack(stack))).toEqual(expect.arrayContaining(['s3:GetObjectLegalHold', 's3:GetObjectRetention']));
  });
});
