import { App, Aws, CfnParameter, Duration, Lazy, Stack, Stage, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  BucketReplication,
  BucketReplicationProps,
  DistributionOrigin,
  DistributionWebAcl,
  MultiRegionAccessPoint,
  MultiRegionAccessPointOrigin,
  MultiRegionAccessPointOriginProps,
  MultiRegionAccessPointProps,
  MultiRegionAccessPointRoutes,
  MultiRegionBucket,
  MultiRegionBucketProps,
  RegionalBucket,
  RegionalBucketProps,
  RegionalFailoverOrigin,
  RegionalFailoverOriginProps,
  ReplicationMesh,
  ReplicationMeshProps,
  ReplicationMethod,
  Replication,
  ReplicationRuleOptions,
  Routing,
  SecureDistribution,
  SecureDistributionProps,
} from '../../src';
import { ReplicationFixture, replicationFixture, stackIn } from '../replication/fixtures';

/**
 * The bad-input table: invalid configurations of every public construct, each of which must be
 * rejected while the app is being constructed (synth time, never at deploy time) with an error
 * that names the property and the offending value. `bad-input.test.ts` runs them and checks that
 * together they reach every validation site of `src/`.
 */
export interface BadInput {
  /** The public construct (or factory) the configuration is given to. */
  readonly construct: Construct_;
  /** What is wrong. */
  readonly name: string;
  /** The property the message must name, as `'<property>'`. */
  readonly property: string;
  /** The offending value, as the message must show it. */
  readonly value: string;
  /**
   * When the input is rejected: while the constructs are built (`construct`, the default), or when
   * the app that `build` returns is synthesized (`synth`: limits only the finished template shows).
   */
  readonly phase?: 'construct' | 'synth';
  /** Builds the configuration; must throw, or return an App whose synthesis throws. */
  readonly build: () => unknown;
}

/**
 * A configuration whose values are tokens (unknown until deployment): the checks of those
 * properties must skip them, so the app synthesizes.
 */
export interface TokenInput {
  readonly construct: Construct_;
  readonly name: string;
  /** The properties given as tokens. */
  readonly properties: string[];
  /** Builds the configuration and returns its app, which must synthesize. */
  readonly build: () => App;
}

/** The public constructs (and the factories of their props) that the table covers. */
export type Construct_ =
  | 'RegionalBucket'
  | 'BucketReplication'
  | 'ReplicationMesh'
  | 'MultiRegionAccessPoint'
  | 'MultiRegionAccessPointRoutes'
  | 'SecureDistribution'
  | 'DistributionWebAcl'
  | 'MultiRegionAccessPointOrigin'
  | 'RegionalFailoverOrigin'
  | 'MultiRegionBucket';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const ALL_17 = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
];

function keyArn(region: string, id = '11111111-2222-3333-4444-555555555555'): string {
  return `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
}

// ---------------------------------------------------------------------------------------------
// RegionalBucket
// ---------------------------------------------------------------------------------------------

function bucket(props: (stack: Stack) => RegionalBucketProps): () => RegionalBucket {
  return () => {
    const stack = stackIn(new App(), 'Data', 'eu-west-1');
    return new RegionalBucket(stack, 'Bucket', props(stack));
  };
}

const regionalBucket: BadInput[] = [
  { name: 'a bucket name with uppercase and an underscore', property: 'bucketName', value: "'My_Bucket'", build: bucket(() => ({ bucketName: 'My_Bucket' })) },
  { name: 'a bucket name of 64 characters', property: 'bucketName', value: '3 to 63 characters, not 64', build: bucket(() => ({ bucketName: 'a'.repeat(64) })) },
  { name: 'a bucket name of 2 characters', property: 'bucketName', value: "'ab'", build: bucket(() => ({ bucketName: 'ab' })) },
  { name: 'a bucket name ending with a hyphen', property: 'bucketName', value: "'data-'", build: bucket(() => ({ bucketName: 'data-' })) },
  { name: 'a bucket name with two adjacent dots', property: 'bucketName', value: "'data..logs'", build: bucket(() => ({ bucketName: 'data..logs' })) },
  { name: 'a bucket name formatted as an IP address', property: 'bucketName', value: "'192.168.5.4'", build: bucket(() => ({ bucketName: '192.168.5.4' })) },
  { name: 'a bucket name with a reserved suffix', property: 'bucketName', value: "'data-s3alias'", build: bucket(() => ({ bucketName: 'data-s3alias' })) },
  { name: 'a bucket name with a reserved prefix', property: 'bucketName', value: "'xn--data'", build: bucket(() => ({ bucketName: 'xn--data' })) },
  { name: 'no encryption', property: 'encryption', value: `got ${s3.BucketEncryption.UNENCRYPTED}`, build: bucket(() => ({ encryption: s3.BucketEncryption.UNENCRYPTED })) },
  {
    name: 'a key without KMS encryption',
    property: 'encryptionKey',
    value: 'got undefined (S3_MANAGED)',
    build: bucket((stack) => ({ encryptionKey: new kms.Key(stack, 'Key') })),
  },
  {
    name: 'a key in another Region',
    property: 'encryptionKey',
    value: 'got a key in us-east-1',
    build: bucket((stack) => ({ encryption: s3.BucketEncryption.KMS, encryptionKey: kms.Key.fromKeyArn(stack, 'Key', keyArn('us-east-1')) })),
  },
  {
    name: 'a log bucket with logging off',
    property: 'serverAccessLogsBucket',
    value: 'Data/Logs',
    build: bucket((stack) => ({ serverAccessLogs: false, serverAccessLogsBucket: new s3.Bucket(stack, 'Logs') })),
  },
  { name: 'a log prefix with logging off', property: 'serverAccessLogsPrefix', value: "'logs/'", build: bucket(() => ({ serverAccessLogs: false, serverAccessLogsPrefix: 'logs/' })) },
  {
    name: 'a log retention with logging off',
    property: 'serverAccessLogsRetention',
    value: `set to ${Duration.days(30).toHumanString()}`,
    build: bucket(() => ({ serverAccessLogs: false, serverAccessLogsRetention: Duration.days(30) })),
  },
  {
    name: 'a log retention for a log bucket the user gives',
    property: 'serverAccessLogsRetention',
    value: 'with Data/Logs',
    build: bucket((stack) => ({ serverAccessLogsBucket: new s3.Bucket(stack, 'Logs'), serverAccessLogsRetention: Duration.days(30) })),
  },
  {
    name: 'a log retention of part of a day',
    property: 'serverAccessLogsRetention',
    value: `got ${Duration.hours(12).toHumanString()}`,
    build: bucket(() => ({ serverAccessLogsRetention: Duration.hours(12) })),
  },
  { name: 'a log retention of 0 days', property: 'serverAccessLogsRetention', value: `got ${Duration.days(0).toHumanString()}`, build: bucket(() => ({ serverAccessLogsRetention: Duration.days(0) })) },
  {
    name: 'a noncurrent-version expiry of part of a day',
    property: 'noncurrentVersionExpiration',
    value: `got ${Duration.hours(36).toHumanString()}`,
    build: bucket(() => ({ noncurrentVersionExpiration: Duration.hours(36) })),
  },
  { name: 'a noncurrent-version expiry of 0 days', property: 'noncurrentVersionExpiration', value: `got ${Duration.days(0).toHumanString()}`, build: bucket(() => ({ noncurrentVersionExpiration: Duration.days(0) })) },
  { name: 'versions to retain without an expiry', property: 'noncurrentVersionsToRetain', value: '(5)', build: bucket(() => ({ noncurrentVersionsToRetain: 5 })) },
  {
    name: 'more than 100 versions to retain',
    property: 'noncurrentVersionsToRetain',
    value: 'got 101',
    build: bucket(() => ({ noncurrentVersionExpiration: Duration.days(30), noncurrentVersionsToRetain: 101 })),
  },
  {
    name: 'a fractional number of versions to retain',
    property: 'noncurrentVersionsToRetain',
    value: 'got 2.5',
    build: bucket(() => ({ noncurrentVersionExpiration: Duration.days(30), noncurrentVersionsToRetain: 2.5 })),
  },
].map((row) => ({ ...row, construct: 'RegionalBucket' as const }));

// ---------------------------------------------------------------------------------------------
// BucketReplication
// ---------------------------------------------------------------------------------------------


/** A BucketReplication in the source's stack, from the source to the destination, with overrides. */
function replicate(overrides: (f: ReplicationFixture) => Partial<BucketReplicationProps>): () => BucketReplication {
  return () => {
    const f = replicationFixture();
    return new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], ...overrides(f) });
  };
}

/** A KMS source (with its key) and a KMS destination (with an alias of its key). */
type KmsReplicationFixture = ReplicationFixture & { kmsSource: s3.IBucket; kmsDestination: RegionalBucket };
function kmsReplication(overrides: (f: KmsReplicationFixture) => Partial<BucketReplicationProps>) {
  return () => {
    const f = replicationFixture();
    const kmsSource = new RegionalBucket(f.sourceStack, 'Kms', { bucketName: 'kms-source-eu-west-1', encryption: s3.BucketEncryption.KMS }).bucket;
    const kmsDestination = new RegionalBucket(f.destinationStack, 'KmsReplica', { bucketName: 'kms-replica-us-east-1', encryption: s3.BucketEncryption.KMS });
    return new BucketReplication(f.sourceStack, 'Replication', {
      source: kmsSource,
      destinations: [{ bucket: kmsDestination.bucket, kmsKey: kms.Key.fromKeyArn(f.sourceStack, 'ReplicaKey', keyArn('us-east-1')) }],
      ...overrides({ ...f, kmsSource, kmsDestination }),
    });
  };
}

const rules = (...list: ReplicationRuleOptions[]) => () => ({ rules: list });

/** A time s3.ReplicationTimeValue does not offer (its constructor is private), as a later aws-cdk-lib might. */
const minutes = (value: number) => ({ minutes: value }) as unknown as s3.ReplicationTimeValue;

/** A bucket whose L1 already carries a ReplicationConfiguration (as `replicationRules` would write). */
function withNativeConfiguration(stack: Stack, id: string): s3.Bucket {
  const configured = new RegionalBucket(stack, id, { bucketName: `${id.toLowerCase()}-eu-west-1` }).bucket;
  (configured.node.defaultChild as s3.CfnBucket).replicationConfiguration = { role: `arn:aws:iam::${ACCOUNT}:role/theirs`, rules: [] };
  return configured;
}

const bucketReplication: BadInput[] = [
  {
    name: 'NATIVE for a source of another stack',
    property: 'method',
    value: 'got a bucket of stack Source',
    build: () => {
      const f = replicationFixture();
      return new BucketReplication(f.destinationStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }], method: ReplicationMethod.NATIVE });
    },
  },
  { name: 'no destination', property: 'destinations', value: 'got an empty list', build: replicate(() => ({ destinations: [] })) },
  {
    name: 'an unversioned source',
    property: 'source',
    value: 'got Source/Plain without versioning',
    build: replicate((f) => ({ source: new s3.Bucket(f.sourceStack, 'Plain') })),
  },
  {
    name: 'an unversioned destination',
    property: 'destinations[0].bucket',
    value: 'got Destination/Plain without versioning',
    build: replicate((f) => ({ destinations: [{ bucket: new s3.Bucket(f.destinationStack, 'Plain') }] })),
  },
  {
    name: 'the source as its own destination',
    property: 'destinations[0].bucket',
    value: 'got the same bucket Source/Data/Bucket (source-eu-west-1)',
    build: replicate((f) => ({ destinations: [{ bucket: f.source }] })),
  },
  {
    name: 'the same destination twice',
    property: 'destinations[1].bucket',
    value: 'got Destination/Replica/Bucket (replica-us-east-1) again (destinations[0])',
    build: replicate((f) => ({ destinations: [{ bucket: f.destination }, { bucket: f.destination }] })),
  },
  {
    name: 'a destination of another Region in a stack without an account',
    property: 'destinations[0].bucket',
    value: 'got Us/Replica/Bucket in stack Us without one',
    build: () => {
      const app = new App();
      const eu = new Stack(app, 'Eu', { env: { region: 'eu-west-1' } });
      const us = new Stack(app, 'Us', { env: { region: 'us-east-1' } });
      return new BucketReplication(eu, 'Replication', { source: new RegionalBucket(eu, 'Data').bucket, destinations: [{ bucket: new RegionalBucket(us, 'Replica').bucket }] });
    },
  },
  {
    name: 'a source in another account than the construct\'s stack',
    property: 'source',
    value: `got a bucket in ${OTHER_ACCOUNT}`,
    build: replicate((f) => ({
      source: s3.Bucket.fromBucketAttributes(f.sourceStack, 'Foreign', { bucketName: 'foreign', account: OTHER_ACCOUNT, region: 'eu-west-1' }),
    })),
  },
  {
    name: 'a destination whose account is a token while the source\'s is known',
    property: 'destinations[0].bucket',
    value: 'got Agnostic/Unknown (unknown-account), whose account is a token',
    build: replicate((f) => ({
      destinations: [{ bucket: s3.Bucket.fromBucketAttributes(new Stack(f.app, 'Agnostic'), 'Unknown', { bucketName: 'unknown-account', region: 'us-west-2' }) }],
    })),
  },
  {
    name: 'the owner override for a destination of the source\'s account',
    property: 'destinations[0].accessControlTransition',
    value: 'got true',
    build: replicate((f) => ({ destinations: [{ bucket: f.destination, accessControlTransition: true }] })),
  },
  {
    name: 'the owner override as a token',
    property: 'destinations[0].accessControlTransition',
    value: 'got a token',
    build: replicate((f) => ({ destinations: [{ bucket: f.destination, accessControlTransition: Token.asAny({ Ref: 'Override' }) as any }] })),
  },
  {
    name: 'a role with a generated name, for a destination in another account',
    property: 'role',
    value: 'got Source/Mine, whose name is generated at deploy time',
    build: replicate((f) => ({
      destinations: [{ bucket: s3.Bucket.fromBucketAttributes(f.sourceStack, 'Foreign', { bucketName: 'foreign', account: OTHER_ACCOUNT, region: 'us-west-2' }) }],
      role: new iam.Role(f.sourceStack, 'Mine', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') }),
    })),
  },
  {
    name: 'a role in a stack without an account, for a destination in another account',
    property: 'role',
    value: 'got Agnostic/Mine in stack Agnostic without one',
    build: replicate((f) => ({
      destinations: [{ bucket: s3.Bucket.fromBucketAttributes(f.sourceStack, 'Foreign', { bucketName: 'foreign', account: OTHER_ACCOUNT, region: 'us-west-2' }) }],
      role: new iam.Role(new Stack(f.app, 'Agnostic'), 'Mine', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'), roleName: 'mine' }),
    })),
  },
  {
    name: 'a destination of another account, from a stack without an account',
    property: 'role',
    value: 'got Agnostic/Replication/Role in stack Agnostic without one',
    build: () => {
      const agnostic = new Stack(new App(), 'Agnostic');
      return new BucketReplication(agnostic, 'Replication', {
        source: s3.Bucket.fromBucketAttributes(agnostic, 'Source', { bucketName: 'source-bucket', account: ACCOUNT, region: 'eu-west-1' }),
        destinations: [{ bucket: s3.Bucket.fromBucketAttributes(agnostic, 'Foreign', { bucketName: 'foreign', account: OTHER_ACCOUNT, region: 'us-west-2' }) }],
      });
    },
  },
  {
    name: 'a destination of a known account, for a source and a stack whose accounts are tokens',
    property: 'destinations[0].bucket',
    value: 'got stack Agnostic, whose account is a token',
    build: () => {
      const agnostic = new Stack(new App(), 'Agnostic');
      return new BucketReplication(agnostic, 'Replication', {
        source: s3.Bucket.fromBucketName(agnostic, 'Source', 'source-bucket'),
        destinations: [{ bucket: s3.Bucket.fromBucketAttributes(agnostic, 'Foreign', { bucketName: 'foreign', account: OTHER_ACCOUNT, region: 'us-west-2' }) }],
      });
    },
  },
  {
    name: 'the bucket policy statements of a bucket that is not a destination',
    property: 'destination',
    value: 'got Destination/Other',
    build: () => {
      const f = replicationFixture();
      const replication = new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }] });
      return replication.destinationBucketPolicyStatements(new RegionalBucket(f.destinationStack, 'Other').bucket);
    },
  },
  {
    name: 'a destination whose Region is a token, with one bucket per Region',
    property: 'destinations[0].bucket',
    value: 'got Source/Unknown (somewhere), whose Region is a token',
    build: replicate((f) => ({
      destinations: [{ bucket: s3.Bucket.fromBucketAttributes(f.sourceStack, 'Unknown', { bucketName: 'somewhere', region: Token.asString({ Ref: 'Region' }) }) }],
      oneBucketPerRegion: true,
    })),
  },
  {
    name: 'two buckets in one Region, with one bucket per Region',
    property: 'destinations[1].bucket',
    value: "got eu-west-1, the Region of 'source'",
    build: replicate((f) => ({ destinations: [{ bucket: f.destination }, { bucket: new RegionalBucket(f.sourceStack, 'Other').bucket }], oneBucketPerRegion: true })),
  },
  {
    name: 'a second configuration for the same source',
    property: 'source',
    value: 'from Source/First, got Source/Data/Bucket (source-eu-west-1) again',
    build: () => {
      const f = replicationFixture();
      new BucketReplication(f.sourceStack, 'First', { source: f.source, destinations: [{ bucket: f.destination }] });
      return new BucketReplication(f.sourceStack, 'Second', { source: f.source, destinations: [{ bucket: f.destination }] });
    },
  },
  {
    name: 'SSE-KMS objects without a source key',
    property: 'sourceEncryptionKey',
    value: 'got none',
    build: replicate(() => ({ sseKmsEncryptedObjects: true })),
  },
  {
    name: 'a source key with SSE-KMS objects off',
    property: 'sourceEncryptionKey',
    value: 'is set to Source/SourceKey',
    build: replicate((f) => ({ sseKmsEncryptedObjects: false, sourceEncryptionKey: kms.Key.fromKeyArn(f.sourceStack, 'SourceKey', keyArn('eu-west-1')) })),
  },
  {
    name: 'a replica key with SSE-KMS objects off',
    property: 'destinations[0].kmsKey',
    value: 'is set to Source/ReplicaKey',
    build: replicate((f) => ({ destinations: [{ bucket: f.destination, kmsKey: kms.Key.fromKeyArn(f.sourceStack, 'ReplicaKey', keyArn('us-east-1')) }] })),
  },
  {
    name: 'SSE-KMS objects and a destination without a key',
    property: 'destinations[0].kmsKey',
    value: 'got none and Destination/Replica/Bucket (replica-us-east-1) has no encryptionKey',
    build: kmsReplication((f) => ({ destinations: [{ bucket: f.destination }] })),
  },
  {
    name: 'a replica key in another Region than its destination',
    property: 'destinations[0].kmsKey',
    value: 'got a key in ap-southeast-2',
    build: kmsReplication((f) => ({
      destinations: [{ bucket: f.kmsDestination.bucket, kmsKey: kms.Key.fromKeyArn(f.sourceStack, 'WrongRegion', keyArn('ap-southeast-2')) }],
    })),
  },
  {
    name: 'a replica key created in a stack of another Region, without an alias',
    property: 'destinations[0].kmsKey',
    value: 'got the key Destination/KmsReplica/Key of stack Destination (us-east-1)',
    build: kmsReplication((f) => ({ destinations: [{ bucket: f.kmsDestination.bucket, kmsKey: f.kmsDestination.encryptionKey }] })),
  },
  {
    name: 'a source key in another Region than the source',
    property: 'sourceEncryptionKey',
    value: 'got a key in us-east-1',
    build: kmsReplication((f) => ({ sourceEncryptionKey: kms.Key.fromKeyArn(f.sourceStack, 'WrongSourceKey', keyArn('us-east-1', '99999999-2222-3333-4444-555555555555')) })),
  },
  {
    name: 'a replica storage class S3 does not replicate to',
    property: 'destinations[0].storageClass',
    value: 'got EXPRESS_ONEZONE',
    build: replicate((f) => ({ destinations: [{ bucket: f.destination, storageClass: new s3.StorageClass('EXPRESS_ONEZONE') }] })),
  },
  // s3.ReplicationTimeValue offers only FIFTEEN_MINUTES today: a later aws-cdk-lib may add times S3 refuses.
  { name: 'an RTC time other than 15 minutes', property: 'replicationTimeControl', value: 'got 10 minutes', build: replicate(() => ({ replicationTimeControl: minutes(10) })) },
  { name: 'an event threshold other than 15', property: 'metrics', value: 'got 10 minutes', build: replicate(() => ({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES, metrics: minutes(10) })) },
  { name: 'an empty rule list', property: 'rules', value: 'got an empty list', build: replicate(rules()) },
  {
    name: 'more than 1,000 rules',
    property: 'rules',
    value: 'got 1002 (501 rules x 2 destinations)',
    build: replicate((f) => ({
      destinations: [{ bucket: f.destination }, { bucket: s3.Bucket.fromBucketAttributes(f.sourceStack, 'Second', { bucketName: 'second-replica', region: 'us-west-2' }) }],
      rules: Array.from({ length: 501 }, (_, i) => ({ filter: { prefix: `p${i}/` } })),
    })),
  },
  {
    name: 'delete markers for a rule with tag filters',
    property: 'rules[0].deleteMarkerReplication',
    value: 'got true with 1 tag(s)',
    build: replicate(rules({ filter: { tags: [{ key: 'env', value: 'prod' }] }, deleteMarkerReplication: true })),
  },
  { name: 'a priority on some rules only', property: 'rules[1].priority', value: 'got undefined', build: replicate(rules({ filter: { prefix: 'a/' }, priority: 1 }, { filter: { prefix: 'b/' } })) },
  { name: 'a priority that is a token', property: 'rules[0].priority', value: 'got a token', build: replicate(rules({ filter: { prefix: 'a/' }, priority: Token.asNumber({ Ref: 'Priority' }) })) },
  { name: 'a negative priority', property: 'rules[0].priority', value: 'got -1', build: replicate(rules({ filter: { prefix: 'a/' }, priority: -1 })) },
  { name: 'a priority beyond S3\'s range', property: 'rules[0].priority', value: 'got 2147483648', build: replicate(rules({ filter: { prefix: 'a/' }, priority: 2 ** 31 })) },
  { name: 'two rules with one priority', property: 'rules[1].priority', value: 'got 3, already the priority of rules[0]', build: replicate(rules({ filter: { prefix: 'a/' }, priority: 3 }, { filter: { prefix: 'b/' }, priority: 3 })) },
  { name: 'an empty rule id', property: 'rules[0].id', value: "got '' (0)", build: replicate(rules({ id: '' })) },
  { name: 'a rule id of 189 characters', property: 'rules[0].id', value: '(189)', build: replicate(rules({ id: 'r'.repeat(189) })) },
  { name: 'two rules with one id', property: 'rules[1].id', value: "got 'same', already the id of rules[0]", build: replicate(rules({ id: 'same', filter: { prefix: 'a/' } }, { id: 'same', filter: { prefix: 'b/' } })) },
  { name: 'a prefix of 1,025 characters', property: 'rules[0].filter.prefix', value: 'got 1025', build: replicate(rules({ filter: { prefix: 'p'.repeat(1025) } })) },
  { name: 'an empty tag key', property: 'rules[0].filter.tags[0].key', value: "got ''", build: replicate(rules({ filter: { tags: [{ key: '', value: 'x' }] } })) },
  {
    name: 'one tag key twice in a rule',
    property: 'rules[0].filter.tags[1].key',
    value: "got 'env' twice",
    build: replicate(rules({ filter: { tags: [{ key: 'env', value: 'a' }, { key: 'env', value: 'b' }] } })),
  },
  { name: 'a tag value of 257 characters', property: 'rules[0].filter.tags[0].value', value: 'got 257', build: replicate(rules({ filter: { tags: [{ key: 'env', value: 'v'.repeat(257) }] } })) },
  {
    name: 'more managed policies than a role can have',
    property: 'rules',
    value: 'got 20 rules x 49 destinations',
    build: () => {
      const stack = stackIn(new App(), 'Global', 'us-east-1');
      const name = (i: number) => `replica-${String(i).padStart(2, '0')}-${'x'.repeat(52)}`;
      return new BucketReplication(stack, 'Replication', {
        source: s3.Bucket.fromBucketAttributes(stack, 'Source', { bucketName: 'source-eu-west-1', region: 'eu-west-1' }),
        destinations: Array.from({ length: 49 }, (_, i) => ({ bucket: s3.Bucket.fromBucketAttributes(stack, `D${i}`, { bucketName: name(i), region: 'us-west-2' }) })),
        // 20 prefixes of 20 characters: short enough to be listed in the role's policy, one statement per destination.
        rules: Array.from({ length: 20 }, (_, i) => ({ filter: { prefix: `prefix-${String(i).padStart(2, '0')}-abcdefghi/` } })),
      });
    },
  },
  {
    name: 'a configuration too large for one CloudFormation template',
    property: 'rules',
    value: "'destinations' (2) and 'rules' (500) of Global/Replication: they make the template of stack Global about",
    phase: 'synth' as const,
    build: () => {
      const app = new App();
      const stack = stackIn(app, 'Global', 'us-east-1');
      const imported = (id: string, region: string) => s3.Bucket.fromBucketAttributes(stack, id, { bucketName: `${id.toLowerCase()}-${'x'.repeat(50)}`, region });
      new BucketReplication(stack, 'Replication', {
        source: imported('Source', 'eu-west-1'),
        destinations: [{ bucket: imported('First', 'us-east-1') }, { bucket: imported('Second', 'us-west-2') }],
        rules: Array.from({ length: 500 }, (_, i) => ({ id: `${'r'.repeat(180)}${i}`, filter: { prefix: `p${i}/` } })),
        replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      });
      return app;
    },
  },
  {
    name: 'native replication whose destination stack already depends on the source stack',
    property: 'destinations[0].bucket',
    value: 'got one in stack Destination, which already depends on Source',
    build: () => {
      const f = replicationFixture();
      f.destinationStack.addStackDependency(f.sourceStack);
      return new BucketReplication(f.sourceStack, 'Replication', { source: f.source, destinations: [{ bucket: f.destination }] });
    },
  },
  {
    name: 'native replication of a source that already has a ReplicationConfiguration',
    property: 'source',
    value: 'got Source/Configured/Bucket',
    build: replicate((f) => ({ source: withNativeConfiguration(f.sourceStack, 'Configured') })),
  },
  {
    name: 'post-creation replication of a source that has a native ReplicationConfiguration',
    property: 'source',
    value: 'got Source/Configured/Bucket',
    build: replicate((f) => ({ source: withNativeConfiguration(f.sourceStack, 'Configured'), method: ReplicationMethod.POST_CREATION })),
  },
  {
    name: 'a source whose Region is a token, configured from another stack',
    property: 'source',
    value: 'got Other/Source (somewhere), whose Region is a token',
    build: () => {
      const app = new App();
      const other = stackIn(app, 'Other', 'eu-west-1');
      const global = stackIn(app, 'Global', 'us-east-1');
      const source = s3.Bucket.fromBucketAttributes(other, 'Source', { bucketName: 'somewhere', region: Token.asString({ Ref: 'Region' }) });
      const destination = s3.Bucket.fromBucketAttributes(global, 'Destination', { bucketName: 'replica', region: 'us-east-1' });
      return new BucketReplication(global, 'Replication', { source, destinations: [{ bucket: destination }] });
    },
  },
].map((row) => ({ ...row, construct: 'BucketReplication' as const }));

// ---------------------------------------------------------------------------------------------
// ReplicationMesh
// ---------------------------------------------------------------------------------------------

/** Three Regional stacks with a bucket each (Data-<region>/Data), and a Global stack in us-east-1. */
function meshFixture(bucketProps: RegionalBucketProps = {}) {
  const app = new App();
  const stacks = ['eu-west-1', 'us-east-1', 'ap-southeast-2'].map((region) => stackIn(app, `Data-${region}`, region));
  const buckets = stacks.map((stack) => new RegionalBucket(stack, 'Data', bucketProps));
  const global = stackIn(app, 'Global', 'us-east-1');
  return { app, stacks, buckets, global };
}
type MeshFixture = ReturnType<typeof meshFixture>;

function mesh(props: (f: MeshFixture) => Partial<ReplicationMeshProps>, bucketProps?: RegionalBucketProps): () => ReplicationMesh {
  return () => {
    const f = meshFixture(bucketProps);
    return new ReplicationMesh(f.global, 'Replication', { buckets: f.buckets.map((b) => b.bucket), ...props(f) });
  };
}

const replicationMesh: BadInput[] = [
  {
    name: 'a bucket whose account is a token while this stack\'s is known',
    property: 'buckets[1]',
    value: 'got Agnostic/Unknown (unknown-account), whose account is a token',
    build: mesh((f) => ({ buckets: [f.buckets[0].bucket, s3.Bucket.fromBucketAttributes(new Stack(f.app, 'Agnostic'), 'Unknown', { bucketName: 'unknown-account', region: 'us-west-2' })] })),
  },
  {
    name: 'a bucket of another account, from a stack without a Region',
    property: 'buckets[1]',
    value: 'got stack Agnostic without a Region',
    build: () => {
      const f = meshFixture();
      const agnostic = new Stack(f.app, 'Agnostic', { env: { account: ACCOUNT } });
      const foreign = s3.Bucket.fromBucketAttributes(f.global, 'Foreign', { bucketName: 'foreign', account: OTHER_ACCOUNT, region: 'us-west-2' });
      return new ReplicationMesh(agnostic, 'Replication', { buckets: [f.buckets[0].bucket, foreign] });
    },
  },
  {
    name: 'a bucket of another account, whose stack id is taken by another construct',
    property: 'buckets[1]',
    value: 'got another construct with that id there',
    build: () => {
      const f = meshFixture();
      new Construct(f.app, `Global-${OTHER_ACCOUNT}`);
      const foreign = s3.Bucket.fromBucketAttributes(f.global, 'Foreign', { bucketName: 'foreign', account: OTHER_ACCOUNT, region: 'us-west-2' });
      return new ReplicationMesh(f.global, 'Replication', { buckets: [f.buckets[0].bucket, foreign] });
    },
  },
  {
    name: 'an account stack without an account',
    property: 'accountStacks[0]',
    value: 'got stack Agnostic, whose account is a token',
    build: mesh((f) => ({ accountStacks: [new Stack(f.app, 'Agnostic')] })),
  },
  {
    name: 'an account stack of this construct\'s account',
    property: 'accountStacks[0]',
    value: `got stack Mine in ${ACCOUNT}`,
    build: mesh((f) => ({ accountStacks: [stackIn(f.app, 'Mine', 'us-east-1')] })),
  },
  {
    name: 'two account stacks of one account',
    property: 'accountStacks[1]',
    value: 'got stack Second after First',
    build: mesh((f) => ({
      accountStacks: ['First', 'Second'].map((id) => new Stack(f.app, id, { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } })),
    })),
  },
  {
    name: 'an account stack of another Stage',
    property: 'accountStacks[0]',
    value: 'got Elsewhere/Backup in Stage Elsewhere',
    build: mesh((f) => ({ accountStacks: [new Stack(new Stage(f.app, 'Elsewhere'), 'Backup', { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } })] })),
  },
  { name: 'one bucket', property: 'buckets', value: 'got 1', build: mesh((f) => ({ buckets: [f.buckets[0].bucket] })) },
  {
    name: 'an unversioned bucket',
    property: 'buckets[1]',
    value: 'got Data-us-east-1/Plain without versioning',
    build: mesh((f) => ({ buckets: [f.buckets[0].bucket, new s3.Bucket(f.stacks[1], 'Plain')] })),
  },
  {
    name: 'a bucket twice',
    property: 'buckets[1]',
    value: 'again (buckets[0])',
    build: mesh((f) => ({ buckets: [f.buckets[0].bucket, f.buckets[0].bucket] })),
  },
  {
    name: 'a bucket whose Region is a token',
    property: 'buckets[2]',
    value: 'got Global/Unknown (somewhere), whose Region is a token',
    build: mesh((f) => ({
      buckets: [f.buckets[0].bucket, f.buckets[1].bucket, s3.Bucket.fromBucketAttributes(f.global, 'Unknown', { bucketName: 'somewhere', region: Token.asString({ Ref: 'R' }) })],
    })),
  },
  {
    name: 'two buckets in one Region',
    property: 'buckets[2]',
    value: 'got eu-west-1, the Region of buckets[0]',
    build: mesh((f) => ({ buckets: [f.buckets[0].bucket, f.buckets[1].bucket, new RegionalBucket(f.stacks[0], 'Second').bucket] })),
  },
  { name: 'a replica storage class S3 does not replicate to', property: 'storageClass', value: 'got OUTPOSTS', build: mesh(() => ({ storageClass: new s3.StorageClass('OUTPOSTS') })) },
  {
    name: 'a key whose Region is not known',
    property: 'encryptionKeys[0]',
    value: 'got Agnostic/Key in an environment-agnostic stack',
    build: mesh((f) => ({ encryptionKeys: [new kms.Key(new Stack(f.app, 'Agnostic'), 'Key')] })),
  },
  {
    name: 'two keys in one Region',
    property: 'encryptionKeys[1]',
    value: 'must be the only key of eu-west-1, got a second one',
    build: mesh((f) => ({ encryptionKeys: [kms.Key.fromKeyArn(f.global, 'K0', keyArn('eu-west-1')), kms.Key.fromKeyArn(f.global, 'K1', keyArn('eu-west-1', '22222222-2222-3333-4444-555555555555'))] })),
  },
  {
    name: 'a key in a Region without a bucket',
    property: 'encryptionKeys[0]',
    value: 'got sa-east-1, the Region of 0 buckets',
    build: mesh((f) => ({ encryptionKeys: [kms.Key.fromKeyArn(f.global, 'K0', keyArn('sa-east-1'))] })),
  },
  {
    name: 'keys for some buckets only',
    property: 'encryptionKeys',
    value: 'got none for buckets[1] Data-us-east-1/Data/Bucket',
    build: mesh((f) => ({ encryptionKeys: [kms.Key.fromKeyArn(f.global, 'K0', keyArn('eu-west-1'))] })),
  },
  {
    name: 'bucket keys created in other Regions, without aliases',
    property: 'buckets[0].encryptionKey',
    value: 'got the key Data-eu-west-1/Data/Key of stack Data-eu-west-1 (eu-west-1)',
    build: mesh(() => ({}), { encryption: s3.BucketEncryption.KMS }),
  },
  {
    name: 'an event threshold other than 15, through each bucket\'s replication',
    property: 'metrics',
    value: 'got 5 minutes',
    build: mesh(() => ({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES, metrics: minutes(5) })),
  },
].map((row) => ({ ...row, construct: 'ReplicationMesh' as const }));

// ---------------------------------------------------------------------------------------------
// MultiRegionAccessPoint (and its imports)
// ---------------------------------------------------------------------------------------------

/** Buckets in us-east-1 and eu-west-1 (stacks Data-<region>), and a Global stack in us-east-1. */
function accessPointFixture() {
  const app = new App();
  const stacks = ['us-east-1', 'eu-west-1'].map((region) => stackIn(app, `Data-${region}`, region));
  const buckets = stacks.map((stack) => new RegionalBucket(stack, 'Data').bucket);
  const global = stackIn(app, 'Global', 'us-east-1');
  return { app, stacks, buckets, global };
}
type AccessPointFixture = ReturnType<typeof accessPointFixture>;

function accessPoint(props: (f: AccessPointFixture) => Partial<MultiRegionAccessPointProps>): () => MultiRegionAccessPoint {
  return () => {
    const f = accessPointFixture();
    return new MultiRegionAccessPoint(f.global, 'AccessPoint', { buckets: f.buckets, ...props(f) });
  };
}

function ops(): Stack {
  return stackIn(new App(), 'Ops', 'us-east-1');
}

const multiRegionAccessPoint: BadInput[] = [
  { name: 'a name with uppercase and an underscore', property: 'multiRegionAccessPointName', value: "got 'Bad_Name'", build: accessPoint(() => ({ multiRegionAccessPointName: 'Bad_Name' })) },
  { name: 'a name of 51 characters', property: 'multiRegionAccessPointName', value: `got '${'n'.repeat(51)}'`, build: accessPoint(() => ({ multiRegionAccessPointName: 'n'.repeat(51) })) },
  { name: 'no bucket', property: 'buckets', value: 'got 0', build: accessPoint(() => ({ buckets: [] })) },
  {
    name: '18 buckets',
    property: 'buckets',
    value: 'got 18',
    build: accessPoint((f) => ({ buckets: [...ALL_17, 'af-south-1'].map((region, i) => s3.Bucket.fromBucketAttributes(f.global, `B${i}`, { bucketName: `data-${region}`, region })) })),
  },
  {
    name: 'a bucket of an environment-agnostic stack',
    property: 'buckets[1]',
    value: 'got Agnostic/Data/Bucket in an environment-agnostic stack',
    build: accessPoint((f) => ({ buckets: [f.buckets[0], new RegionalBucket(new Stack(f.app, 'Agnostic'), 'Data').bucket] })),
  },
  {
    name: 'two buckets in one Region',
    property: 'buckets',
    value: 'got buckets[0] and buckets[2] in us-east-1',
    build: accessPoint((f) => ({ buckets: [...f.buckets, new RegionalBucket(f.stacks[0], 'Second').bucket] })),
  },
  {
    name: 'an unversioned bucket when replication is expected',
    property: 'buckets[1]',
    value: 'got Data-eu-west-1/Plain with versioning off',
    build: accessPoint((f) => ({ buckets: [f.buckets[0], new s3.Bucket(f.stacks[1], 'Plain')], expectReplication: true })),
  },
  { name: 'a control-plane Region without routing', property: 'routingControlPlaneRegion', value: "is set to 'us-west-2'", build: accessPoint(() => ({ routingControlPlaneRegion: 'us-west-2' })) },
  {
    name: 'a control-plane Region outside the five',
    property: 'routingControlPlaneRegion',
    value: "got 'eu-central-1'",
    build: accessPoint(() => ({ routing: Routing.activeActive(), routingControlPlaneRegion: 'eu-central-1' })),
  },
  {
    name: 'an imported alias that is not an alias',
    property: 'multiRegionAccessPointAlias',
    value: "got 'my-access-point'",
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops(), 'Imported', { multiRegionAccessPointAlias: 'my-access-point' }),
  },
  {
    name: 'an imported name that S3 would not accept',
    property: 'multiRegionAccessPointName',
    value: "got '-shared-'",
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops(), 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', multiRegionAccessPointName: '-shared-' }),
  },
  {
    name: 'an imported account that is not an account ID',
    property: 'account',
    value: "got '12345'",
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops(), 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', account: '12345' }),
  },
  {
    name: 'imported Regions that repeat one',
    property: 'regions',
    value: 'got eu-west-1 twice',
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops(), 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', regions: ['eu-west-1', 'us-east-1', 'eu-west-1'] }),
  },
  {
    name: '18 imported Regions',
    property: 'regions',
    value: 'got 18',
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(ops(), 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', regions: [...ALL_17, 'af-south-1'] }),
  },
  {
    name: 'a key in a Region without a bucket of the access point',
    property: 'encryptionKeys[0]',
    value: 'in ap-south-1',
    build: accessPoint((f) => ({ encryptionKeys: [kms.Key.fromKeyArn(f.global, 'Key', keyArn('ap-south-1'))] })),
  },
  {
    name: 'two keys for the same Region',
    property: 'encryptionKeys[1]',
    value: 'in eu-west-1 for the second time',
    build: accessPoint((f) => ({ encryptionKeys: [kms.Key.fromKeyArn(f.global, 'Key1', keyArn('eu-west-1')), kms.Key.fromKeyArn(f.global, 'Key2', keyArn('eu-west-1'))] })),
  },
  {
    name: 'a bucket of another account behind an access point whose account is a token',
    property: 'buckets[0]',
    value: 'in account 222222222222 and the access point in an account that is a token',
    build: () => {
      const f = accessPointFixture();
      const theirs = s3.Bucket.fromBucketAttributes(f.stacks[1], 'Theirs', { bucketName: 'theirs-eu', region: 'eu-west-1', account: OTHER_ACCOUNT });
      return new MultiRegionAccessPoint(new Stack(f.app, 'Agnostic', { env: { region: 'us-east-1' } }), 'AccessPoint', { buckets: [theirs] });
    },
  },
  {
    name: 'a bucket imported with an account that is not 12 digits',
    property: 'buckets[1]',
    value: "in account '22222222222a'",
    build: accessPoint((f) => ({ buckets: [f.buckets[0], s3.Bucket.fromBucketAttributes(f.global, 'Theirs', { bucketName: 'theirs-eu', region: 'eu-west-1', account: '22222222222a' })] })),
  },
  {
    name: 'a key of another account given to an access point whose account is a token',
    property: 'encryptionKeys[0]',
    value: 'in account 222222222222 and the access point in an account that is a token',
    build: () => {
      const app = new App();
      const global = new Stack(app, 'Agnostic', { env: { region: 'us-east-1' } });
      const ours = s3.Bucket.fromBucketAttributes(global, 'Ours', { bucketName: 'ours-eu', region: 'eu-west-1' });
      const key = kms.Key.fromKeyArn(global, 'Key', `arn:aws:kms:eu-west-1:${OTHER_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
      return new MultiRegionAccessPoint(global, 'AccessPoint', { buckets: [ours], encryptionKeys: [key] });
    },
  },
  {
    name: 'an imported ARN that is not a Multi-Region Access Point ARN',
    property: 'multiRegionAccessPointArn',
    value: `got 'arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/regional'`,
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointArn(ops(), 'Imported', `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/regional`),
  },
  {
    name: 'the name of an access point imported by ARN',
    property: 'multiRegionAccessPointName',
    value: 'got undefined',
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointArn(ops(), 'Imported', `arn:aws:s3::${ACCOUNT}:accesspoint/abc123.mrap`).multiRegionAccessPointName,
  },
  {
    name: 'the aws-cdk-lib reference of an access point imported by ARN (it needs the name)',
    property: 'multiRegionAccessPointRef',
    value: `(arn:aws:s3::${ACCOUNT}:accesspoint/abc123.mrap)`,
    build: () => MultiRegionAccessPoint.fromMultiRegionAccessPointArn(ops(), 'Imported', `arn:aws:s3::${ACCOUNT}:accesspoint/abc123.mrap`).multiRegionAccessPointRef,
  },
].map((row) => ({ ...row, construct: 'MultiRegionAccessPoint' as const }));

// ---------------------------------------------------------------------------------------------
// MultiRegionAccessPointRoutes and Routing
// ---------------------------------------------------------------------------------------------

/** Routes on an access point imported with the Regions us-east-1, eu-west-1 and ap-southeast-2 (or none). */
function routes(routing: () => Routing, options: { regions?: string[]; controlPlaneRegion?: string } = {}): () => MultiRegionAccessPointRoutes {
  return () => {
    const stack = ops();
    const imported = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', {
      multiRegionAccessPointAlias: 'abc123.mrap',
      regions: options.regions ?? REGIONS,
    });
    return new MultiRegionAccessPointRoutes(stack, 'Routes', { accessPoint: imported, routing: routing(), controlPlaneRegion: options.controlPlaneRegion });
  };
}

const multiRegionAccessPointRoutes: BadInput[] = [
  { name: 'a control-plane Region outside the five', property: 'controlPlaneRegion', value: "got 'eu-central-1'", build: routes(() => Routing.activeActive(), { controlPlaneRegion: 'eu-central-1' }) },
  { name: 'every dial 0', property: 'routing', value: 'got all passive (us-east-1, eu-west-1, ap-southeast-2)', build: routes(() => Routing.trafficDials({ 'us-east-1': 0, 'eu-west-1': 0, 'ap-southeast-2': 0 })) },
  { name: 'no active Region', property: 'routing', value: 'got all passive', build: routes(() => Routing.activePassive({ activeRegions: [] })) },
  { name: 'active-active without the Regions', property: 'routing', value: 'got an access point whose Regions are not known', build: routes(() => Routing.activeActive(), { regions: [] }) },
  { name: 'an active Region twice', property: 'routing', value: 'names Region us-east-1 more than once', build: routes(() => Routing.activePassive({ activeRegions: ['us-east-1', 'us-east-1'] })) },
  { name: 'an active Region outside the access point', property: 'routing', value: 'names Region sa-east-1, which is not a Region of the access point', build: routes(() => Routing.activePassive({ activeRegions: ['sa-east-1'] })) },
  { name: 'an active Region that is a token', property: 'routing', value: "got a token in 'activeRegions'", build: routes(() => Routing.activePassive({ activeRegions: [Token.asString({ Ref: 'Active' })] })) },
  { name: 'a dial of 50', property: 'routing', value: 'traffic dial of eu-west-1 must be 0 (passive) or 100 (active), got 50', build: routes(() => Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': 50, 'ap-southeast-2': 0 })) },
  {
    name: 'a dial for a Region outside the access point',
    property: 'routing',
    value: 'for Region sa-east-1, which is not a Region of the access point',
    build: routes(() => Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': 0, 'ap-southeast-2': 0, 'sa-east-1': 0 })),
  },
  { name: 'no dial at all', property: 'routing', value: 'got none', build: routes(() => Routing.trafficDials({}), { regions: [] }) },
  { name: 'a missing dial', property: 'routing', value: 'missing ap-southeast-2', build: routes(() => Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': 0 })) },
].map((row) => ({ ...row, construct: 'MultiRegionAccessPointRoutes' as const }));

// ---------------------------------------------------------------------------------------------
// SecureDistribution and DistributionWebAcl
// ---------------------------------------------------------------------------------------------

function distribution(props: (stack: Stack) => Partial<SecureDistributionProps>, region = 'us-east-1'): () => SecureDistribution {
  return () => {
    const stack = stackIn(new App(), 'Edge', region);
    return new SecureDistribution(stack, 'Cdn', { origin: new origins.HttpOrigin('origin.example.com'), ...props(stack) });
  };
}

function zone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
}

const secureDistribution: BadInput[] = [
  {
    name: 'a hosted zone without a certificate outside us-east-1',
    property: 'hostedZone',
    value: 'got eu-west-1',
    build: distribution((stack) => ({ domainNames: ['www.example.com'], hostedZone: zone(stack) }), 'eu-west-1'),
  },
  { name: 'domain names without a certificate or a zone', property: 'domainNames', value: '(www.example.com)', build: distribution(() => ({ domainNames: ['www.example.com'] })) },
  {
    name: 'a viewer-request function of its own with singlePageApp',
    property: 'defaultBehavior.functionAssociations',
    value: 'has a viewer-request function',
    build: distribution((stack) => ({
      singlePageApp: true,
      defaultBehavior: {
        functionAssociations: [{
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: new cloudfront.Function(stack, 'Rewrite', { code: cloudfront.FunctionCode.fromInline('function handler(event) { return event.request; }') }),
        }],
      },
    })),
  },
  {
    name: 'a certificate without domain names',
    property: 'certificate',
    value: 'got none',
    build: distribution((stack) => ({ certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc`) })),
  },
  {
    name: 'a minimum protocol version without a custom domain',
    property: 'minimumProtocolVersion',
    value: '(TLSv1.2_2021)',
    build: distribution(() => ({ minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 })),
  },
  { name: 'a hosted zone without domain names', property: 'hostedZone', value: 'got none', build: distribution((stack) => ({ hostedZone: zone(stack) })) },
  {
    name: 'a certificate outside us-east-1',
    property: 'certificate',
    value: 'got a certificate in eu-west-1',
    build: distribution((stack) => ({
      domainNames: ['www.example.com'],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/abc`),
    })),
  },
  {
    name: 'a domain name outside the hosted zone',
    property: 'domainNames',
    value: 'got www.example.org',
    build: distribution((stack) => ({ domainNames: ['www.example.org'], hostedZone: zone(stack) })),
  },
  { name: 'a root object with a leading slash', property: 'defaultRootObject', value: "got '/index.html'", build: distribution(() => ({ defaultRootObject: '/index.html' })) },
  { name: 'an empty root object', property: 'defaultRootObject', value: "got ''", build: distribution(() => ({ defaultRootObject: '' })) },
  {
    name: 'a log bucket with logging off',
    property: 'logBucket',
    value: "'enableLogging' is false",
    build: distribution((stack) => ({ enableLogging: false, logBucket: new s3.Bucket(stack, 'Logs') })),
  },
  { name: 'a log prefix with logging off', property: 'logFilePrefix', value: "'enableLogging' is false", build: distribution(() => ({ enableLogging: false, logFilePrefix: 'cf/' })) },
  {
    name: 'a log retention for a log bucket it does not create',
    property: 'logRetention',
    value: `got ${Duration.days(30).toHumanString()} with Edge/Logs`,
    build: distribution((stack) => ({ logBucket: new s3.Bucket(stack, 'Logs'), logRetention: Duration.days(30) })),
  },
].map((row) => ({ ...row, construct: 'SecureDistribution' as const }));

const distributionWebAcl: BadInput[] = [
  { name: 'an ARN that is not a web ACL', property: 'webAcl', value: 'got arn:aws:s3:::bucket', build: distribution(() => ({ webAcl: DistributionWebAcl.fromArn('arn:aws:s3:::bucket') })) },
  { name: 'something that is not an ARN', property: 'webAcl', value: 'got my-web-acl', build: distribution(() => ({ webAcl: DistributionWebAcl.fromArn('my-web-acl') })) },
  {
    name: 'a REGIONAL web ACL',
    property: 'webAcl',
    value: "got a 'regional' web ACL",
    build: distribution(() => ({ webAcl: DistributionWebAcl.fromArn(`arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/site/1234`) })),
  },
  {
    name: 'a CLOUDFRONT web ACL ARN outside us-east-1',
    property: 'webAcl',
    value: 'got eu-west-1',
    build: distribution(() => ({ webAcl: DistributionWebAcl.fromArn(`arn:aws:wafv2:eu-west-1:${ACCOUNT}:global/webacl/site/1234`) })),
  },
  { name: 'managed rules outside us-east-1', property: 'webAcl', value: 'got eu-west-1', build: distribution(() => ({ webAcl: DistributionWebAcl.awsManagedRules() }), 'eu-west-1') },
].map((row) => ({ ...row, construct: 'DistributionWebAcl' as const }));

// ---------------------------------------------------------------------------------------------
// MultiRegionAccessPointOrigin and RegionalFailoverOrigin
// ---------------------------------------------------------------------------------------------

/** A distribution in Global over an access point of the three-Region fixture, with these origin props. */
function accessPointOrigin(props: MultiRegionAccessPointOriginProps): () => SecureDistribution {
  return () => {
    const f = accessPointFixture();
    const ap = new MultiRegionAccessPoint(f.global, 'AccessPoint', { buckets: f.buckets });
    return new SecureDistribution(f.global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(ap, props) });
  };
}

const multiRegionAccessPointOrigin: BadInput[] = [
  {
    name: 'an access point with a bucket in an opt-in Region',
    property: 'accessPoint',
    value: 'opt-in Regions (af-south-1)',
    build: () => {
      const stack = ops();
      const imported = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', regions: ['eu-west-1', 'af-south-1'] });
      return new SecureDistribution(stack, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(imported) });
    },
  },
  {
    name: 'no access level',
    property: 'originAccessLevels',
    value: 'got []',
    build: accessPointOrigin({ originAccessLevels: [] }),
  },
  {
    name: 'an Origin Access Control ID the origin would overwrite',
    property: 'originAccessControlId',
    value: "got 'E2OACEXAMPLE'",
    build: accessPointOrigin({ originAccessControlId: 'E2OACEXAMPLE' }),
  },
  {
    name: 'an access point of another stack',
    property: 'accessPoint',
    value: 'got one in Global',
    build: () => {
      const f = accessPointFixture();
      const ap = new MultiRegionAccessPoint(f.global, 'AccessPoint', { buckets: f.buckets });
      return new SecureDistribution(stackIn(f.app, 'Edge', 'us-east-1'), 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(ap) });
    },
  },
].map((row) => ({ ...row, construct: 'MultiRegionAccessPointOrigin' as const }));

/** A distribution in Global (us-east-1) over a primary in eu-west-1 and a fallback in eu-central-1. */
interface FailoverFixture { app: App; global: Stack; primary: s3.IBucket; fallback: s3.IBucket }
interface FailoverChoice { primary?: s3.IBucket; fallback?: s3.IBucket; props?: RegionalFailoverOriginProps }
function failover(pick: (f: FailoverFixture) => FailoverChoice): () => SecureDistribution {
  return () => {
    const app = new App();
    const primary = new RegionalBucket(stackIn(app, 'Data-eu-west-1', 'eu-west-1'), 'Data').bucket;
    const fallback = new RegionalBucket(stackIn(app, 'Data-eu-central-1', 'eu-central-1'), 'Data').bucket;
    const global = stackIn(app, 'Global', 'us-east-1');
    const chosen = pick({ app, global, primary, fallback });
    return new SecureDistribution(global, 'Cdn', {
      origin: RegionalFailoverOrigin.withOriginAccessControl(chosen.primary ?? primary, chosen.fallback ?? fallback, chosen.props),
    });
  };
}

const agnosticBucket = (app: App) => s3.Bucket.fromBucketAttributes(new Stack(app, 'Agnostic'), 'Data', { bucketName: 'agnostic-data' });

const regionalFailoverOrigin: BadInput[] = [
  { name: 'the primary as its own fallback', property: 'fallback', value: 'got Data-eu-west-1/Data/Bucket for both', build: failover((f) => ({ fallback: f.primary })) },
  { name: 'a primary whose Region is not known', property: 'primary', value: 'bucket Agnostic/Data must have a known Region', build: failover((f) => ({ primary: agnosticBucket(f.app) })) },
  { name: 'a fallback whose Region is not known', property: 'fallback', value: 'bucket Agnostic/Data must have a known Region', build: failover((f) => ({ fallback: agnosticBucket(f.app) })) },
  {
    name: 'two buckets in one Region',
    property: 'fallback',
    value: 'got both in eu-west-1',
    build: failover((f) => ({ fallback: new RegionalBucket(f.primary.stack, 'Second').bucket })),
  },
  { name: 'an Origin Access Control ID the origins would overwrite', property: 'originAccessControlId', value: "got 'E2OACEXAMPLE'", build: failover(() => ({ props: { originAccessControlId: 'E2OACEXAMPLE' } })) },
  { name: 'one origin ID for both origins', property: 'originId', value: "got 'site'", build: failover(() => ({ props: { originId: 'site' } })) },
  { name: 'no fallback status code', property: 'fallbackStatusCodes', value: 'got []', build: failover(() => ({ props: { fallbackStatusCodes: [] } })) },
  { name: 'a status code CloudFront cannot fail over on', property: 'fallbackStatusCodes', value: 'got 200, 301', build: failover(() => ({ props: { fallbackStatusCodes: [404, 200, 301] } })) },
].map((row) => ({ ...row, construct: 'RegionalFailoverOrigin' as const }));

// ---------------------------------------------------------------------------------------------
// MultiRegionBucket
// ---------------------------------------------------------------------------------------------

function site(props: Partial<MultiRegionBucketProps>, id = 'Site'): () => MultiRegionBucket {
  return () => new MultiRegionBucket(new App(), id, { regions: REGIONS, account: ACCOUNT, ...props });
}

/** Runs `fn` with CDK_DEFAULT_ACCOUNT set: the construct must not read it. */
function withDefaultAccount<T>(fn: () => T): T {
  const saved = process.env.CDK_DEFAULT_ACCOUNT;
  process.env.CDK_DEFAULT_ACCOUNT = '111111111111';
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
    else process.env.CDK_DEFAULT_ACCOUNT = saved;
  }
}

const multiRegionBucket: BadInput[] = [
  {
    name: 'a scope outside any App or Stage',
    property: 'scope',
    value: 'whose root is a Construct',
    build: () => new MultiRegionBucket(new Construct(undefined as any, ''), 'Site', { regions: REGIONS, account: ACCOUNT }),
  },
  {
    name: 'Regional stacks that do not match the Regions',
    property: 'regionalStacks',
    value: 'got stacks in us-east-1, eu-west-1',
    build: () => {
      const app = new App();
      const regionalStacks = ['us-east-1', 'eu-west-1'].map((r) => stackIn(app, `Mine-${r}`, r));
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks });
    },
  },
  {
    name: 'a global stack that is also a Regional stack',
    property: 'globalStack',
    value: 'got Mine-us-east-1',
    build: () => {
      const app = new App();
      const regionalStacks = REGIONS.map((r) => stackIn(app, `Mine-${r}`, r));
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, globalStack: regionalStacks[0] });
    },
  },
  { name: 'one Region', property: 'regions', value: 'got 1', build: site({ regions: ['eu-west-1'] }) },
  { name: 'no Region', property: 'regions', value: 'got 0', build: site({ regions: [] }) },
  { name: '18 Regions', property: 'regions', value: 'got 18', build: site({ regions: [...ALL_17, 'af-south-1'] }) },
  { name: 'a Region that is a token', property: 'regions', value: 'got a token', build: site({ regions: ['eu-west-1', Token.asString({ Ref: 'Region' })] }) },
  { name: 'a Region twice', property: 'regions', value: 'got eu-west-1 twice', build: site({ regions: ['eu-west-1', 'us-east-1', 'eu-west-1'] }) },
  { name: 'a misspelt Region', property: 'regions', value: "got 'eu-wset-2'", build: site({ regions: ['eu-west-1', 'eu-wset-2'] }) },
  { name: 'a Region in uppercase', property: 'regions', value: "got 'US-EAST-1'", build: site({ regions: ['eu-west-1', 'US-EAST-1'] }) },
  { name: 'a Region outside the aws partition', property: 'regions', value: 'got cn-north-1', build: site({ regions: ['eu-west-1', 'cn-north-1'] }) },
  { name: 'a primary Region outside the Regions', property: 'primaryRegion', value: 'got us-west-2', build: site({ primaryRegion: 'us-west-2' }) },
  { name: 'a global Region that does not exist', property: 'globalRegion', value: "got 'mars-1'", build: site({ globalRegion: 'mars-1' }) },
  { name: 'DSSE encryption', property: 'encryption', value: `got ${s3.BucketEncryption.DSSE}`, build: site({ encryption: s3.BucketEncryption.DSSE }) },
  { name: 'an active Region outside the Regions', property: 'routing', value: 'names Region us-west-2', build: site({ routing: Routing.activePassive({ activeRegions: ['us-west-2'] }) }) },
  {
    name: 'the access point origin with an opt-in Region',
    property: 'distribution.origin',
    value: 'opt-in Regions (af-south-1)',
    build: site({ regions: ['eu-west-1', 'af-south-1'], distribution: {} }),
  },
  { name: 'a replica storage class S3 does not replicate to', property: 'replication.storageClass', value: 'got SNOW', build: site({ replication: Replication.twoWay({ storageClass: new s3.StorageClass('SNOW') }) }) },
  { name: 'a stack name prefix with an underscore', property: 'stackNamePrefix', value: "got 'my_site'", build: site({ stackNamePrefix: 'my_site' }) },
  { name: 'a construct ID that cannot prefix stack names', property: 'stackNamePrefix', value: '(by default the construct ID) must start with a letter', build: site({}, 'My Site') },
  { name: 'a bucket name prefix with uppercase', property: 'bucketNameBase', value: "got 'Acme' (Acme-us-east-1)", build: site({ bucketNameBase: 'Acme' }) },
  { name: 'a bucket name prefix that is a token', property: 'bucketNameBase', value: 'got a token', build: site({ bucketNameBase: Lazy.string({ produce: () => 'lazy' }) }) },
  { name: 'a stack name prefix that is a token', property: 'stackNamePrefix', value: 'got a token', build: site({ stackNamePrefix: Lazy.string({ produce: () => 'Lazy' }) }) },
  { name: 'a bucket name prefix too long for a Region', property: 'bucketNameBase', value: '3 to 63 characters, not 64', build: site({ bucketNameBase: 'a'.repeat(49) }) },
  { name: 'no account', property: 'account', value: 'got none', build: () => withDefaultAccount(() => new MultiRegionBucket(new App(), 'Site', { regions: REGIONS })) },
  { name: 'an account that is not an account ID', property: 'account', value: "got '1111-2222-3333'", build: site({ account: '1111-2222-3333' }) },
  { name: 'an account of a Region outside the Regions', property: 'accounts', value: "got 'us-west-2'", build: site({ accounts: { 'us-west-2': OTHER_ACCOUNT } }) },
  { name: 'a Region\'s account that is not an account ID', property: 'accounts.eu-west-1', value: "got '2222'", build: site({ accounts: { 'eu-west-1': '2222' } }) },
  { name: 'a Region\'s account that is a token', property: 'accounts.eu-west-1', value: 'got a token', build: site({ accounts: { 'eu-west-1': Aws.ACCOUNT_ID } }) },
  { name: 'accounts that are a token', property: 'accounts', value: 'got a token', build: site({ accounts: Token.asAny({ 'Fn::GetAtt': ['Accounts', 'Map'] }) as any }) },
  {
    name: 'a Region\'s account other than its given stack\'s',
    property: 'accounts.eu-west-1',
    value: `the stack given for eu-west-1 in 'regionalStacks' (${ACCOUNT}), got ${OTHER_ACCOUNT}`,
    build: () => {
      const app = new App();
      const regionalStacks = REGIONS.map((r) => stackIn(app, `Mine-${r}`, r));
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, accounts: { 'eu-west-1': OTHER_ACCOUNT } });
    },
  },
  {
    name: 'a Regional stack without an account, given another account',
    property: 'regionalStacks[2]',
    value: `must have a literal account (env.account) to be in account ${OTHER_ACCOUNT} ('accounts.ap-southeast-2')`,
    build: () => {
      const app = new App();
      const regionalStacks = REGIONS.map((r) => (r === 'ap-southeast-2' ? new Stack(app, `Mine-${r}`, { env: { region: r } }) : stackIn(app, `Mine-${r}`, r)));
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, regionalStacks, accounts: { 'ap-southeast-2': OTHER_ACCOUNT } });
    },
  },
  {
    name: 'a global stack without an account, Regions in several accounts',
    property: 'globalStack',
    value: `must have a literal account (env.account) when the Regions are in several accounts (${ACCOUNT}, ${OTHER_ACCOUNT}), got a token`,
    build: () => {
      const app = new App();
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, accounts: { 'eu-west-1': OTHER_ACCOUNT }, globalStack: new Stack(app, 'Global', { env: { region: 'us-east-1' } }) });
    },
  },
  {
    name: 'a global stack outside the default account',
    property: 'globalStack',
    value: `must be in 'account' (${ACCOUNT}), the account of the access point`,
    build: () => {
      const app = new App();
      return new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, globalStack: new Stack(app, 'Global', { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } }) });
    },
  },
  {
    name: 'a Regional failover origin in another account',
    property: 'distribution.origin',
    value: `must read buckets of account ${ACCOUNT}`,
    build: site({ accounts: { 'eu-west-1': OTHER_ACCOUNT }, distribution: { origin: DistributionOrigin.regionalFailover({ fallbackRegion: 'eu-west-1' }) } }),
  },
  { name: 'the widgets of an account without a bucket', property: 'account', value: `got ${OTHER_ACCOUNT}`, build: () => site({})().dashboardWidgets(OTHER_ACCOUNT) },
  { name: 'the account of a Region outside the Regions', property: 'region', value: 'got sa-east-1', build: () => site({})().accountOf('sa-east-1') },
  { name: 'the bucket of a Region outside the Regions', property: 'region', value: 'got us-west-2', build: () => site({})().bucketIn('us-west-2') },
  { name: 'the stack of a Region outside the Regions', property: 'region', value: 'got sa-east-1', build: () => site({})().alarmTopicIn('sa-east-1') },
  // Invalid values that the constructs inside report, under the same property name.
  { name: 'an access point name S3 would not accept', property: 'multiRegionAccessPointName', value: "got 'Site_AP'", build: site({ multiRegionAccessPointName: 'Site_AP' }) },
  { name: 'a control-plane Region outside the five', property: 'routingControlPlaneRegion', value: "got 'eu-central-1'", build: site({ routing: Routing.activeActive(), routingControlPlaneRegion: 'eu-central-1' }) },
  {
    name: 'more than 100 versions to retain',
    property: 'noncurrentVersionsToRetain',
    value: 'got 500',
    build: site({ noncurrentVersionExpiration: Duration.days(30), noncurrentVersionsToRetain: 500 }),
  },
  { name: 'an event threshold other than 15 (two-way)', property: 'metrics', value: 'got 20 minutes', build: site({ replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES, metrics: minutes(20) }) }) },
  { name: 'an empty rule list (one-way)', property: 'rules', value: 'got an empty list', build: site({ replication: Replication.oneWay({ rules: [] }) }) },
  { name: 'a root object with a leading slash', property: 'defaultRootObject', value: "got '/index.html'", build: site({ distribution: { defaultRootObject: '/index.html' } }) },
].map((row) => ({ ...row, construct: 'MultiRegionBucket' as const }));

/** Every invalid configuration, by construct. */
export const BAD_INPUTS: BadInput[] = [
  ...regionalBucket,
  ...bucketReplication,
  ...replicationMesh,
  ...multiRegionAccessPoint,
  ...multiRegionAccessPointRoutes,
  ...secureDistribution,
  ...distributionWebAcl,
  ...multiRegionAccessPointOrigin,
  ...regionalFailoverOrigin,
  ...multiRegionBucket,
];

// ---------------------------------------------------------------------------------------------
// Tokens: the same properties, unknown until deployment, are not checked.
// ---------------------------------------------------------------------------------------------

const param = (stack: Stack, id: string, type = 'String') => new CfnParameter(stack, id, { type });

export const TOKEN_INPUTS: TokenInput[] = [
  {
    construct: 'RegionalBucket',
    name: 'a bucket name, an expiry and versions to retain from parameters',
    properties: ['bucketName', 'noncurrentVersionExpiration', 'noncurrentVersionsToRetain'],
    build: () => {
      const app = new App();
      const stack = stackIn(app, 'Data', 'eu-west-1');
      new RegionalBucket(stack, 'Bucket', {
        bucketName: param(stack, 'Name').valueAsString,
        noncurrentVersionExpiration: Duration.days(param(stack, 'Days', 'Number').valueAsNumber),
        noncurrentVersionsToRetain: param(stack, 'Keep', 'Number').valueAsNumber,
      });
      return app;
    },
  },
  {
    construct: 'BucketReplication',
    name: 'rule ids, prefixes, tags and a storage class that are tokens',
    properties: ['rules[0].id', 'rules[0].filter.prefix', 'rules[0].filter.tags[0].key', 'rules[0].filter.tags[0].value', 'destinations[0].storageClass'],
    build: () => {
      const f = replicationFixture();
      const s = f.sourceStack;
      new BucketReplication(s, 'Replication', {
        source: f.source,
        destinations: [{ bucket: f.destination, storageClass: new s3.StorageClass(param(s, 'Class').valueAsString) }],
        rules: [{ id: param(s, 'Id').valueAsString, filter: { prefix: param(s, 'Prefix').valueAsString, tags: [{ key: param(s, 'TagKey').valueAsString, value: param(s, 'TagValue').valueAsString }] } }],
        deleteMarkerReplication: false,
        replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      });
      return f.app;
    },
  },
  {
    construct: 'MultiRegionAccessPoint',
    name: 'a lazy name and a control-plane Region from a parameter',
    properties: ['multiRegionAccessPointName', 'routingControlPlaneRegion'],
    build: () => {
      const f = accessPointFixture();
      new MultiRegionAccessPoint(f.global, 'AccessPoint', {
        buckets: f.buckets,
        multiRegionAccessPointName: Lazy.string({ produce: () => 'lazy-name' }),
        routing: Routing.activeActive(),
        routingControlPlaneRegion: param(f.global, 'ControlPlane').valueAsString,
      });
      return f.app;
    },
  },
  {
    construct: 'MultiRegionAccessPoint',
    name: 'imports by an alias, an account and an ARN from parameters',
    properties: ['multiRegionAccessPointAlias', 'account', 'multiRegionAccessPointArn'],
    build: () => {
      const stack = ops();
      const a = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'ByAlias', {
        multiRegionAccessPointAlias: param(stack, 'Alias').valueAsString,
        account: param(stack, 'Account').valueAsString,
      });
      const b = MultiRegionAccessPoint.fromMultiRegionAccessPointArn(stack, 'ByArn', param(stack, 'Arn').valueAsString);
      new MultiRegionAccessPointRoutes(stack, 'RoutesA', { accessPoint: a, routing: Routing.trafficDials({ 'us-east-1': 100 }) });
      new MultiRegionAccessPointRoutes(stack, 'RoutesB', { accessPoint: b, routing: Routing.trafficDials({ 'us-east-1': 100 }) });
      return stack.node.root as App;
    },
  },
  {
    construct: 'MultiRegionAccessPointRoutes',
    name: 'a traffic dial and a control-plane Region from parameters',
    properties: ['routing', 'controlPlaneRegion'],
    build: () => {
      const stack = ops();
      const imported = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', { multiRegionAccessPointAlias: 'abc123.mrap', regions: ['us-east-1', 'eu-west-1'] });
      new MultiRegionAccessPointRoutes(stack, 'Routes', {
        accessPoint: imported,
        routing: Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': param(stack, 'Dial', 'Number').valueAsNumber }),
        controlPlaneRegion: param(stack, 'ControlPlane').valueAsString,
      });
      return stack.node.root as App;
    },
  },
  {
    construct: 'SecureDistribution',
    name: 'a root object, a domain name and a certificate from parameters',
    properties: ['defaultRootObject', 'domainNames', 'certificate'],
    build: () => {
      const stack = ops();
      new SecureDistribution(stack, 'Cdn', {
        origin: new origins.HttpOrigin('origin.example.com'),
        defaultRootObject: param(stack, 'Root').valueAsString,
        domainNames: [param(stack, 'Domain').valueAsString],
        certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', param(stack, 'CertArn').valueAsString),
      });
      return stack.node.root as App;
    },
  },
  {
    construct: 'DistributionWebAcl',
    name: 'a web ACL ARN from a parameter',
    properties: ['webAcl'],
    build: () => {
      const stack = ops();
      new SecureDistribution(stack, 'Cdn', { origin: new origins.HttpOrigin('origin.example.com'), webAcl: DistributionWebAcl.fromArn(param(stack, 'Acl').valueAsString) });
      return stack.node.root as App;
    },
  },
  {
    construct: 'MultiRegionBucket',
    name: 'alarm thresholds and evaluation periods that are tokens',
    properties: ['monitoring.replicationLatencyThreshold', 'monitoring.replicationLatencyEvaluationPeriods', 'monitoring.replicationFailureThreshold', 'monitoring.replicationFailureEvaluationPeriods'],
    build: () => {
      const app = new App();
      const number = (value: number) => Lazy.number({ produce: () => value });
      new MultiRegionBucket(app, 'Site', {
        regions: REGIONS,
        account: ACCOUNT,
        replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
        monitoring: {
          replicationLatencyThreshold: Duration.seconds(number(1200)),
          replicationLatencyEvaluationPeriods: number(2),
          replicationFailureThreshold: number(5),
          replicationFailureEvaluationPeriods: number(2),
        },
      });
      return app;
    },
  },
];
