import { App, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReplicationFixture, replicationFixture as fixture, stackIn } from './fixtures';
import { BucketReplication, BucketReplicationProps, RegionalBucket, ReplicationMesh, ReplicationMeshProps, ReplicationMethod, ReplicationRuleOptions } from '../../src';
import { ACCOUNT } from '../util/stacks';

/** Builds a BucketReplication in the source's stack with the given overrides. */
function replicate(overrides: (f: ReplicationFixture) => Partial<BucketReplicationProps>): () => BucketReplication {
  const f = fixture();
  return () => new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], ...overrides(f) });
}

const rules = (...list: ReplicationRuleOptions[]) => () => ({ rules: list });

describe('BucketReplication rejects buckets that S3 would reject', () => {
  test('no destination', () => {
    expect(replicate(() => ({ destinations: [] }))).toThrow(/^Source\/Replication: 'destinations' must contain at least one bucket, got an empty list$/);
  });

  test('a source without versioning', () => {
    const f = fixture();
    const plain = new s3.Bucket(f.sourceStack, 'Plain');
    expect(() => new BucketReplication(f.sourceStack, 'Replication', { source: plain, destinations: [{ bucket: f.destination }] })).toThrow(
      /'source' must be a versioned bucket \(S3 replication needs versioning on the source and every destination\), got Source\/Plain without versioning; set versioned: true or use RegionalBucket/,
    );
  });

  test('a destination without versioning', () => {
    const f = fixture();
    const plain = new s3.Bucket(f.destinationStack, 'Plain', { versioned: false });
    expect(() => new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: plain }] })).toThrow(
      /'destinations\[0\].bucket' must be a versioned bucket .* got Destination\/Plain without versioning/,
    );
  });

  test('imported buckets pass: their versioning cannot be known', () => {
    const app = new App();
    const stack = stackIn(app, 'Global', 'us-east-1');
    const a = s3.Bucket.fromBucketAttributes(stack, 'A', { bucketName: 'a-bucket', region: 'eu-west-1' });
    const b = s3.Bucket.fromBucketAttributes(stack, 'B', { bucketName: 'b-bucket', region: 'us-west-2' });
    expect(() => new BucketReplication(stack, 'Replication', { source: a, destinations: [{ bucket: b }] })).not.toThrow();
  });

  test('the source as its own destination, by object or by name', () => {
    expect(replicate((f) => ({ destinations: [{ bucket: f.source }] }))).toThrow(
      /'destinations\[0\].bucket' must differ from 'source', got the same bucket Source\/Data\/Bucket/,
    );
    const app = new App();
    const stack = stackIn(app, 'Global', 'us-east-1');
    const a = s3.Bucket.fromBucketName(stack, 'A', 'same-name');
    const b = s3.Bucket.fromBucketName(stack, 'B', 'same-name');
    expect(() => new BucketReplication(stack, 'Replication', { source: a, destinations: [{ bucket: b }] })).toThrow(
      /'destinations\[0\].bucket' must differ from 'source', got the same bucket Global\/A \(same-name\)/,
    );
  });

  test('the same destination twice', () => {
    expect(replicate((f) => ({ destinations: [{ bucket: f.destination }, { bucket: f.destination }] }))).toThrow(
      /'destinations\[1\].bucket' must appear once, got Destination\/Replica\/Bucket \(replica-us-east-1\) again \(destinations\[0\]\)/,
    );
  });

  test('a source of another account than the construct\'s stack (the role\'s account)', () => {
    const f = fixture();
    const foreign = s3.Bucket.fromBucketAttributes(f.sourceStack, 'Foreign', { bucketName: 'foreign', account: '222222222222', region: 'eu-west-1' });
    expect(() => new BucketReplication(f.sourceStack, 'Replication', { source: foreign, destinations: [{ bucket: f.destination }] })).toThrow(
      /'source' must be in account 111111111111, the account of stack Source where the replication role is created .*got a bucket in 222222222222; create this BucketReplication in a stack of account 222222222222/,
    );
  });

  test('a destination whose account may or may not be the source\'s (a token)', () => {
    const f = fixture();
    const agnostic = new Stack(f.app, 'Agnostic');
    const unknown = s3.Bucket.fromBucketAttributes(agnostic, 'Unknown', { bucketName: 'unknown-account', region: 'us-west-2' });
    expect(() => new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: unknown }] })).toThrow(
      /'destinations\[0\].bucket' must have a known account when the other side is in account 111111111111 .*got Agnostic\/Unknown \(unknown-account\), whose account is a token/,
    );
  });

  test('the owner override for a destination of the source\'s own account', () => {
    expect(replicate((f) => ({ destinations: [{ bucket: f.destination, accessControlTransition: true }] }))).toThrow(
      /'destinations\[0\].accessControlTransition' must not be true for a destination in the source's account \(111111111111\), got true/,
    );
  });

  test('the owner override as a token', () => {
    expect(replicate((f) => ({ destinations: [{ bucket: f.destination, accessControlTransition: Token.asAny({ Ref: 'Override' }) as any }] }))).toThrow(
      /'destinations\[0\].accessControlTransition' must be known at synth time .*got a token/,
    );
  });

  test('a given role whose name is generated, with a destination in another account', () => {
    const f = fixture();
    const foreign = s3.Bucket.fromBucketAttributes(f.sourceStack, 'Foreign', { bucketName: 'foreign', account: '222222222222', region: 'us-west-2' });
    const role = new iam.Role(f.sourceStack, 'Mine', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
    expect(() => new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: foreign }], role })).toThrow(
      /'role' must have a name known at synth time to be named in another account's bucket and key policies .*got Source\/Mine, whose name is generated at deploy time/,
    );
  });

  test('two buckets in one Region when one bucket per Region is asked for', () => {
    const f = fixture();
    const sameRegion = new RegionalBucket(f.sourceStack, 'Other').bucket;
    expect(() => new BucketReplication(f.sourceStack, 'Replication', {
      source: f.source,
      destinations: [{ bucket: f.destination }, { bucket: sameRegion }],
      oneBucketPerRegion: true,
    })).toThrow(/'destinations\[1\].bucket' must be in a Region of its own with 'oneBucketPerRegion', got eu-west-1, the Region of 'source'/);
  });

  test('a bucket whose Region cannot be known when one bucket per Region is asked for', () => {
    const f = fixture();
    const unknown = s3.Bucket.fromBucketAttributes(f.sourceStack, 'Unknown', { bucketName: 'somewhere', region: Token.asString({ Ref: 'Region' }) });
    expect(() => new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: unknown }], oneBucketPerRegion: true })).toThrow(
      /'destinations\[0\].bucket' must have a known Region with 'oneBucketPerRegion', got Source\/Unknown \(somewhere\), whose Region is a token/,
    );
  });

  test('a bucket of another Region whose generated name needs an account its stack does not have', () => {
    const app = new App();
    const eu = new Stack(app, 'Eu', { env: { region: 'eu-west-1' } });
    const us = new Stack(app, 'Us', { env: { region: 'us-east-1' } });
    const source = new RegionalBucket(eu, 'Data').bucket;
    const destination = new RegionalBucket(us, 'Replica').bucket;
    expect(() => new BucketReplication(eu, 'Replication', { source, destinations: [{ bucket: destination }] })).toThrow(
      /'destinations\[0\].bucket' must be in a stack with an explicit account and Region \(env\) to be named from stack Eu, got Us\/Replica\/Bucket in stack Us without one; set env: \{ account, region \} on that stack, or give the bucket a name/,
    );
    const named = new RegionalBucket(us, 'Named', { bucketName: 'named-us-east-1' }).bucket;
    expect(() => new BucketReplication(eu, 'Named', { source, destinations: [{ bucket: named }] })).not.toThrow();
  });

  test('a second configuration for the same source, by object or by name', () => {
    const f = fixture();
    new BucketReplication(f.sourceStack, 'First', { source: f.source, destinations: [{ bucket: f.destination }] });
    expect(() => new BucketReplication(f.sourceStack, 'Second', { source: f.source, destinations: [{ bucket: f.destination }] })).toThrow(
      /Source\/Second: 'source' already has its replication configuration from Source\/First, got Source\/Data\/Bucket \(source-eu-west-1\) again/,
    );
    const global = stackIn(f.app, 'Global', 'us-east-1');
    const imported = s3.Bucket.fromBucketAttributes(global, 'Imported', { bucketName: 'source-eu-west-1', region: 'eu-west-1' });
    expect(() => new BucketReplication(global, 'Third', { source: imported, destinations: [{ bucket: f.destination }] })).toThrow(
      /'source' already has its replication configuration from Source\/First/,
    );
  });
});

describe('BucketReplication rejects rules that S3 would reject', () => {
  test('a storage class replication does not support', () => {
    expect(replicate((f) => ({ destinations: [{ bucket: f.destination, storageClass: new s3.StorageClass('EXPRESS_ONEZONE') }] }))).toThrow(
      /'destinations\[0\].storageClass' must be one of STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE, GLACIER_IR, got EXPRESS_ONEZONE/,
    );
  });

  test('a Replication Time Control time S3 does not offer', () => {
    // s3.ReplicationTimeValue has a private constructor and only FIFTEEN_MINUTES: as a later aws-cdk-lib might add.
    const tenMinutes = { minutes: 10 } as unknown as s3.ReplicationTimeValue;
    expect(replicate(() => ({ replicationTimeControl: tenMinutes }))).toThrow(
      /'replicationTimeControl' must be s3.ReplicationTimeValue.FIFTEEN_MINUTES \(the only time S3 offers\), got 10 minutes/,
    );
  });

  test('an event threshold other than 15 minutes with Replication Time Control', () => {
    const thirtyMinutes = { minutes: 30 } as unknown as s3.ReplicationTimeValue;
    expect(replicate(() => ({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES, metrics: thirtyMinutes }))).toThrow(
      /'metrics' must be s3.ReplicationTimeValue.FIFTEEN_MINUTES with 'replicationTimeControl' \(the only event threshold S3 accepts\), got 30 minutes/,
    );
    // Without RTC the time is not used (as in aws-s3): metrics on, no event threshold.
    expect(replicate(() => ({ metrics: thirtyMinutes }))).not.toThrow();
  });

  test('delete-marker replication in a rule with tag filters', () => {
    expect(replicate(rules({ filter: { tags: [{ key: 'k', value: 'v' }] }, deleteMarkerReplication: true }))).toThrow(
      /'rules\[0\].deleteMarkerReplication' must not be true for a rule with tag filters \(S3 cannot replicate delete markers by tag\), got true with 1 tag\(s\)/,
    );
  });

  test('duplicate priorities', () => {
    expect(replicate(rules({ filter: { prefix: 'a/' }, priority: 1 }, { filter: { prefix: 'b/' }, priority: 1 }))).toThrow(
      /'rules\[1\].priority' must be unique, got 1, already the priority of rules\[0\]/,
    );
  });

  test.each([-1, 1.5])('priority %s', (priority) => {
    expect(replicate(rules({ priority }))).toThrow(new RegExp(`'rules\\[0\\].priority' must be an integer between 0 and 2147483647, got ${priority}`));
  });

  test('a priority so high that a destination\'s rule would overflow', () => {
    const f = fixture();
    const second = new RegionalBucket(stackIn(f.app, 'Second', 'ap-southeast-2'), 'Data').bucket;
    expect(() => new BucketReplication(f.sourceStack, 'Replication', {
      source: f.source,
      destinations: [{ bucket: f.destination }, { bucket: second }],
      rules: [{ priority: 2_000_000_000 }],
    })).toThrow(/'rules\[0\].priority' must be an integer between 0 and 1073741823, got 2000000000/);
  });

  test('a priority on some rules only', () => {
    expect(replicate(rules({ filter: { prefix: 'a/' }, priority: 3 }, { filter: { prefix: 'b/' } }))).toThrow(
      /'rules\[1\].priority' must be set because another rule sets a priority \(set it on every rule or on none\), got undefined/,
    );
  });

  test('a priority that is a token', () => {
    expect(replicate(rules({ priority: Token.asNumber({ Ref: 'Priority' }) }))).toThrow(/'rules\[0\].priority' must be a number known at synth time/);
  });

  test('more than 1,000 rules', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ filter: { prefix: `p${i}/` } }));
    expect(replicate(() => ({ rules: many }))).toThrow(/'rules' must make at most 1000 replication rules, got 1001 \(1001 rules x 1 destinations\)/);
  });

  test('an empty rule list', () => {
    expect(replicate(() => ({ rules: [] }))).toThrow(/'rules' must contain at least one rule when given, got an empty list/);
  });

  test('duplicate or over-long rule IDs', () => {
    expect(replicate(rules({ id: 'x', filter: { prefix: 'a/' } }, { id: 'x', filter: { prefix: 'b/' } }))).toThrow(/'rules\[1\].id' must be unique, got 'x', already the id of rules\[0\]/);
    expect(replicate(rules({ filter: { prefix: 'a/' } }, { id: 'rule1', filter: { prefix: 'b/' } }))).toThrow(/'rules\[1\].id' must be unique, got 'rule1'/);
    expect(replicate(rules({ id: 'y'.repeat(189) }))).toThrow(/'rules\[0\].id' must be 1 to 188 characters long, got 'y+' \(189\)/);
  });

  test('filters S3 would refuse', () => {
    expect(replicate(rules({ filter: { prefix: 'p'.repeat(1025) } }))).toThrow(/'rules\[0\].filter.prefix' must be at most 1024 characters long, got 1025/);
    expect(replicate(rules({ filter: { tags: [{ key: '', value: 'v' }] } }))).toThrow(/'rules\[0\].filter.tags\[0\].key' must be 1 to 128 characters long, got ''/);
    expect(replicate(rules({ filter: { tags: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }] } }))).toThrow(/'rules\[0\].filter.tags\[1\].key' must be unique within the rule, got 'k' twice/);
    expect(replicate(rules({ filter: { tags: [{ key: 'k', value: 'v'.repeat(257) }] } }))).toThrow(/'rules\[0\].filter.tags\[0\].value' must be at most 256 characters long, got 257/);
  });

  test('unresolved values are not checked', () => {
    expect(replicate((f) => ({
      destinations: [{ bucket: f.destination, storageClass: new s3.StorageClass(Token.asString({ Ref: 'Class' })) }],
      rules: [{ id: Token.asString({ Ref: 'Id' }), filter: { prefix: Token.asString({ Ref: 'Prefix' }), tags: [{ key: Token.asString({ Ref: 'K' }), value: Token.asString({ Ref: 'V' }) }] } }],
      replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
    }))).not.toThrow();
  });
});

describe('BucketReplication rejects encryption settings that cannot work', () => {
  const KEY_EU = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-1111-1111-1111-111111111111`;
  const KEY_US = `arn:aws:kms:us-east-1:${ACCOUNT}:key/22222222-2222-2222-2222-222222222222`;

  test('a replica key in another Region than its destination', () => {
    expect(replicate((f) => ({
      sourceEncryptionKey: kms.Key.fromKeyArn(f.sourceStack, 'SourceKey', KEY_EU),
      destinations: [{ bucket: f.destination, kmsKey: kms.Key.fromKeyArn(f.sourceStack, 'WrongKey', KEY_EU) }],
    }))).toThrow(/'destinations\[0\].kmsKey' must be a key in us-east-1, the Region of its bucket, got a key in eu-west-1/);
  });

  test('a source key in another Region than the source', () => {
    expect(replicate((f) => ({
      sourceEncryptionKey: kms.Key.fromKeyArn(f.sourceStack, 'SourceKey', KEY_US),
      destinations: [{ bucket: f.destination, kmsKey: kms.Key.fromKeyArn(f.sourceStack, 'ReplicaKey', KEY_US) }],
    }))).toThrow(/'sourceEncryptionKey' must be a key in eu-west-1, the Region of its bucket, got a key in us-east-1/);
  });

  test('SSE-KMS objects without a source key', () => {
    expect(replicate(() => ({ sseKmsEncryptedObjects: true }))).toThrow(
      /'sourceEncryptionKey' is required when 'sseKmsEncryptedObjects' is true \(the role must decrypt the source objects\), got none and the source has no encryptionKey/,
    );
  });

  test('SSE-KMS objects without a replica key', () => {
    expect(replicate((f) => ({ sourceEncryptionKey: kms.Key.fromKeyArn(f.sourceStack, 'SourceKey', KEY_EU) }))).toThrow(
      /'destinations\[0\].kmsKey' is required to replicate SSE-KMS objects \(S3 encrypts each replica with a key in the destination's Region\), got none and Destination\/Replica\/Bucket \(replica-us-east-1\) has no encryptionKey/,
    );
  });

  test('keys given while SSE-KMS objects are not replicated', () => {
    expect(replicate((f) => ({ sourceEncryptionKey: kms.Key.fromKeyArn(f.sourceStack, 'SourceKey', KEY_EU), sseKmsEncryptedObjects: false }))).toThrow(
      /'sourceEncryptionKey' is set to Source\/SourceKey but 'sseKmsEncryptedObjects' is false/,
    );
    expect(replicate((f) => ({ destinations: [{ bucket: f.destination, kmsKey: kms.Key.fromKeyArn(f.sourceStack, 'ReplicaKey', KEY_US) }] }))).toThrow(
      /'destinations\[0\].kmsKey' is set to Source\/ReplicaKey but 'sseKmsEncryptedObjects' is false; replicas keep the encryption of their source/,
    );
  });

  test('a key of another Region\'s stack, which only SSM could carry', () => {
    const f = fixture();
    const key = new kms.Key(f.destinationStack, 'Key');
    expect(() => new BucketReplication(f.sourceStack, 'Replication', {
      source: f.source,
      sourceEncryptionKey: kms.Key.fromKeyArn(f.sourceStack, 'SourceKey', KEY_EU),
      destinations: [{ bucket: f.destination, kmsKey: key }],
    })).toThrow(/'destinations\[0\].kmsKey' must be referenceable from stack Source \(eu-west-1\), got the key Destination\/Key of stack Destination \(us-east-1\)/);
  });
});

describe('BucketReplication rejects methods and stack orders that cannot deploy', () => {
  test('NATIVE for an imported source', () => {
    const app = new App();
    const stack = stackIn(app, 'Global', 'us-east-1');
    const source = s3.Bucket.fromBucketAttributes(stack, 'A', { bucketName: 'a-bucket', region: 'eu-west-1' });
    const destination = s3.Bucket.fromBucketAttributes(stack, 'B', { bucketName: 'b-bucket', region: 'us-west-2' });
    expect(() => new BucketReplication(stack, 'Replication', { source, destinations: [{ bucket: destination }], method: ReplicationMethod.NATIVE })).toThrow(
      /'method' NATIVE needs 'source' to be an s3.Bucket defined in this construct's stack \(Global\), got an imported bucket; use ReplicationMethod.POST_CREATION/,
    );
  });

  test('NATIVE for a source of another stack', () => {
    const f = fixture();
    const global = stackIn(f.app, 'Global', 'us-east-1');
    expect(() => new BucketReplication(global, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], method: ReplicationMethod.NATIVE })).toThrow(
      /'method' NATIVE needs 'source' to be an s3.Bucket defined in this construct's stack \(Global\), got a bucket of stack Source/,
    );
  });

  test('a source that already has native replication rules', () => {
    const f = fixture();
    const bucket = new s3.Bucket(f.sourceStack, 'WithRules', {
      versioned: true,
      replicationRole: iam.Role.fromRoleName(f.sourceStack, 'R', 'existing'),
      replicationRules: [{ destination: f.destination, priority: 1 }],
    });
    expect(() => new BucketReplication(f.sourceStack, 'Native', { source: bucket, destinations: [{ bucket: f.destination }] })).toThrow(
      /'source' already has a replication configuration \(from replicationRules or another construct\), got Source\/WithRules/,
    );
    const global = stackIn(f.app, 'Global', 'us-east-1');
    expect(() => new BucketReplication(global, 'Later', { source: bucket, destinations: [{ bucket: f.destination }] })).toThrow(
      /'source' already has a native replication configuration, got Source\/WithRules; CloudFormation would overwrite the one this construct applies/,
    );
  });

  test('native replication whose destination stack already waits for the source stack (two-way by hand)', () => {
    const f = fixture();
    f.destinationStack.addStackDependency(f.sourceStack);
    expect(() => new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }] })).toThrow(
      /'destinations\[0\].bucket' must be in a stack that can deploy before stack Source, got one in stack Destination, which already depends on Source: Source\/Replication configures native replication from Source\/Data\/Bucket, which S3 accepts only once every destination exists and is versioned; use ReplicationMethod.POST_CREATION from a stack that deploys after both/,
    );
  });

  test('post-creation from a stack that a bucket stack waits for', () => {
    const f = fixture();
    const early = stackIn(f.app, 'Early', 'us-east-1');
    f.sourceStack.addStackDependency(early);
    expect(() => new BucketReplication(early, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }] })).toThrow(
      /'source' must be in a stack that can deploy before stack Early, got one in stack Source, which already depends on Early: .*; place this construct in a stack that deploys after every bucket it names/,
    );
  });

  test('post-creation from another stack for a source in an environment-agnostic stack', () => {
    const app = new App();
    const agnostic = new Stack(app, 'Agnostic');
    const source = s3.Bucket.fromBucketName(agnostic, 'Data', 'legacy-data');
    const global = stackIn(app, 'Global', 'us-east-1');
    const destination = new RegionalBucket(global, 'Replica').bucket;
    expect(() => new BucketReplication(global, 'Replication', { source, destinations: [{ bucket: destination }] })).toThrow(
      /'source' must have a known Region to be configured from another stack, got Agnostic\/Data \(legacy-data\), whose Region is a token/,
    );
  });
});

describe('ReplicationMesh validation', () => {
  function meshFixture() {
    const app = new App();
    const eu = stackIn(app, 'Eu', 'eu-west-1');
    const us = stackIn(app, 'Us', 'us-east-1');
    const global = stackIn(app, 'Global', 'us-east-1');
    return { app, eu, us, global, a: new RegionalBucket(eu, 'A').bucket, b: new RegionalBucket(us, 'B').bucket };
  }
  let count = 0;
  const mesh = (f: ReturnType<typeof meshFixture>, props: ReplicationMeshProps) => () => new ReplicationMesh(f.global, `Mesh${count++}`, props);

  test('fewer than two buckets', () => {
    const f = meshFixture();
    expect(mesh(f, { buckets: [f.a] })).toThrow(/^Global\/Mesh\d+: 'buckets' must contain at least two buckets, got 1$/);
  });

  test('a bucket twice', () => {
    const f = meshFixture();
    expect(mesh(f, { buckets: [f.a, f.b, f.a] })).toThrow(/'buckets\[2\]' must appear once, got Eu\/A\/Bucket again \(buckets\[0\]\)/);
  });

  test('a bucket without versioning', () => {
    const f = meshFixture();
    const plain = new s3.Bucket(f.eu, 'Plain');
    expect(mesh(f, { buckets: [f.b, plain] })).toThrow(/'buckets\[1\]' must be a versioned bucket .* got Eu\/Plain without versioning/);
  });

  test('two buckets in one Region', () => {
    const f = meshFixture();
    const c = new RegionalBucket(f.eu, 'C').bucket;
    expect(mesh(f, { buckets: [f.a, f.b, c] })).toThrow(/'buckets\[2\]' must be in a Region of its own with 'oneBucketPerRegion', got eu-west-1, the Region of buckets\[0\]/);
  });

  test('a bucket whose Region cannot be known', () => {
    const f = meshFixture();
    const agnostic = new RegionalBucket(new Stack(f.app, 'Agnostic'), 'Data').bucket;
    expect(mesh(f, { buckets: [f.a, agnostic] })).toThrow(/'buckets\[1\]' must have a known Region with 'oneBucketPerRegion', got Agnostic\/Data\/Bucket/);
  });

  test('keys that do not match the buckets one per Region', () => {
    const f = meshFixture();
    const key = (id: string, region: string) => kms.Key.fromKeyArn(f.global, id, `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`);
    expect(mesh(f, { buckets: [f.a, f.b], encryptionKeys: [key('k1', 'eu-west-1'), key('k2', 'eu-west-1')] })).toThrow(
      /'encryptionKeys\[1\]' must be the only key of eu-west-1, got a second one/,
    );
    expect(mesh(f, { buckets: [f.a, f.b], encryptionKeys: [key('k3', 'ap-south-1')] })).toThrow(
      /'encryptionKeys\[0\]' must be in the Region of exactly one bucket, got ap-south-1, the Region of 0 buckets/,
    );
    expect(mesh(f, { buckets: [f.a, f.b], encryptionKeys: [key('k4', 'eu-west-1')] })).toThrow(
      /'encryptionKeys' must give a key for every bucket when SSE-KMS objects are replicated .* got none for buckets\[1\] Us\/B\/Bucket/,
    );
    const agnosticKey = new kms.Key(new Stack(f.app, 'AgnosticKeys'), 'Key');
    expect(mesh(f, { buckets: [f.a, f.b], encryptionKeys: [agnosticKey] })).toThrow(/'encryptionKeys\[0\]' must have a known Region/);
  });

  test('rule options are checked as for one-way replication', () => {
    const f = meshFixture();
    const twentyMinutes = { minutes: 20 } as unknown as s3.ReplicationTimeValue;
    expect(mesh(f, { buckets: [f.a, f.b], replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES, metrics: twentyMinutes })).toThrow(/'metrics' must be s3.ReplicationTimeValue.FIFTEEN_MINUTES with 'replicationTimeControl'/);
  });
});
