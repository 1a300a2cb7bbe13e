import { App } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { meshApp, REGIONS, stackIn } from './fixtures';
import { BucketReplication, RegionalBucket } from '../../src';
import { Decision, formatMatrix, matches, MatrixRow, PolicyDocument, simulate, SimulationCase } from '../util/iam-simulation';
import { ENCRYPTION_CONTEXT, SURROGATE, withSurrogate } from '../util/kms-encryption-context';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

/**
 * Proves the replication role and the custom resource function's role with a real IAM evaluator,
 * over the synthesized templates with every intrinsic resolved. The encryption-context condition
 * is evaluated through a surrogate key (see test/util/kms-encryption-context.ts); a test checks
 * that no `kms:EncryptionContext:` key is left behind.
 */

/** The documents of every customer managed policy attached to a role, and of its inline or default policies. */
function policiesOfRole(assembly: ResolvedAssembly, stackName: string, roleLogicalId: string): PolicyDocument[] {
  const roleName = assembly.ref(stackName, roleLogicalId);
  const role = assembly.resources(stackName, 'AWS::IAM::Role')[roleLogicalId];
  const attached: string[] = role.Properties.ManagedPolicyArns ?? [];
  const managed = Object.entries(assembly.resources(stackName, 'AWS::IAM::ManagedPolicy'))
    .filter(([logicalId, p]) => (p.Properties.Roles ?? []).includes(roleName) || attached.includes(assembly.ref(stackName, logicalId)))
    .map(([, p]) => p.Properties.PolicyDocument);
  const inline = Object.values(assembly.resources(stackName, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles ?? []).includes(roleName))
    .map((p) => p.Properties.PolicyDocument);
  return [...managed, ...inline];
}

function roleArn(assembly: ResolvedAssembly, stackName: string, logicalId: string): string {
  return assembly.getAtt(stackName, logicalId, 'Arn');
}

/** A key policy as CloudFormation will create it (KMS requires the key policy to allow too). */
function keyPolicy(assembly: ResolvedAssembly, stackName: string, logicalId: string): PolicyDocument {
  return assembly.resources(stackName, 'AWS::KMS::Key')[logicalId].Properties.KeyPolicy;
}

/** The default key policy of a key created outside CDK: the account may use it through IAM. */
const DEFAULT_KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

type Case = Omit<SimulationCase, 'resourceAccount'> & { name: string; expected: Decision | 'Denied' };

async function run(rows: MatrixRow[], c: Case): Promise<void> {
  const actual = await simulate({ ...withSurrogate(c), resourceAccount: ACCOUNT });
  rows.push({ name: c.name, principal: c.principal.replace(/^arn:aws:iam::\d+:role\//, 'role/'), action: c.action, resource: c.resource, expected: c.expected, actual });
  expect(matches(c.expected, actual)).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// One-way replication with SSE-KMS: eu-west-1 -> us-east-1 (replica key given as an alias) and
// ap-southeast-2 (replica key imported by ARN).
// ---------------------------------------------------------------------------------------------
const IMPORTED_KEY_ARN = `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/33333333-3333-3333-3333-333333333333`;
const oneWay = (() => {
  const app = new App();
  const sourceStack = stackIn(app, 'Source', 'eu-west-1');
  const usStack = stackIn(app, 'DestinationUs', 'us-east-1');
  const apStack = stackIn(app, 'DestinationAp', 'ap-southeast-2');
  const source = new RegionalBucket(sourceStack, 'Data', { bucketName: 'data-eu-west-1-sim', encryption: s3.BucketEncryption.KMS });
  const us = new RegionalBucket(usStack, 'Replica', { bucketName: 'replica-us-east-1-sim', encryption: s3.BucketEncryption.KMS });
  const usAlias = us.encryptionKey!.addAlias('alias/replica-us-east-1-sim');
  const ap = new RegionalBucket(apStack, 'Replica', {
    bucketName: 'replica-ap-southeast-2-sim',
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: kms.Key.fromKeyArn(apStack, 'ImportedKey', IMPORTED_KEY_ARN),
  });
  new BucketReplication(sourceStack, 'Replication', {
    source: source.bucket,
    destinations: [{ bucket: us.bucket, kmsKey: usAlias }, { bucket: ap.bucket }],
  });
  return ResolvedAssembly.fromApp(app);
})();

const role = oneWay.resource('Source', 'AWS::IAM::Role', 'ReplicationRole');
const replicationRole = roleArn(oneWay, 'Source', role.logicalId);
const rolePolicies = policiesOfRole(oneWay, 'Source', role.logicalId);
const sourceKey = oneWay.resource('Source', 'AWS::KMS::Key', 'DataKey');
const sourceKeyArn = oneWay.getAtt('Source', sourceKey.logicalId, 'Arn');
const usKey = oneWay.resource('DestinationUs', 'AWS::KMS::Key', 'ReplicaKey');
const usKeyArn = oneWay.getAtt('DestinationUs', usKey.logicalId, 'Arn');
const SRC = 'arn:aws:s3:::data-eu-west-1-sim';
const US = 'arn:aws:s3:::replica-us-east-1-sim';
const AP = 'arn:aws:s3:::replica-ap-southeast-2-sim';
const OTHER = 'arn:aws:s3:::someone-elses-bucket';

const asRole = (c: Omit<Case, 'principal' | 'identityPolicies'>): Case => ({ principal: replicationRole, identityPolicies: rolePolicies, ...c });
const decrypt = (name: string, context: Record<string, string | string[]>, expected: Case['expected']): Case =>
  asRole({ name, action: 'kms:Decrypt', resource: sourceKeyArn, resourcePolicy: keyPolicy(oneWay, 'Source', sourceKey.logicalId), context, expected });
const encryptUs = (name: string, context: Record<string, string | string[]>, expected: Case['expected']): Case =>
  asRole({ name, action: 'kms:Encrypt', resource: usKeyArn, resourcePolicy: keyPolicy(oneWay, 'DestinationUs', usKey.logicalId), context, expected });
const encryptAp = (name: string, context: Record<string, string | string[]>, expected: Case['expected']): Case =>
  asRole({ name, action: 'kms:Encrypt', resource: IMPORTED_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY, context, expected });
const VIA_EU = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' };
const VIA_US = { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:ResourceAliases': ['alias/replica-us-east-1-sim'] };
const VIA_AP = { 'kms:ViaService': 's3.ap-southeast-2.amazonaws.com' };

const oneWayCases: Case[] = [
  // What replication needs.
  asRole({ name: 'read the replication configuration', action: 's3:GetReplicationConfiguration', resource: SRC, expected: 'Allowed' }),
  asRole({ name: 'list the source', action: 's3:ListBucket', resource: SRC, expected: 'Allowed' }),
  ...['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'].map((action) =>
    asRole({ name: `source: ${action.slice(3)}`, action, resource: `${SRC}/k`, expected: 'Allowed' })),
  ...[US, AP].flatMap((bucket) => ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'].map((action): Case =>
    asRole({ name: `${bucket.includes('us') ? 'us' : 'ap'}: ${action.slice(3)}`, action, resource: `${bucket}/k`, expected: 'Allowed' }))),
  decrypt('decrypt a source object through S3 in eu-west-1', { ...VIA_EU, [ENCRYPTION_CONTEXT]: `${SRC}/k` }, 'Allowed'),
  decrypt('decrypt with S3 Bucket Keys (bucket ARN context)', { ...VIA_EU, [ENCRYPTION_CONTEXT]: SRC }, 'Allowed'),
  encryptUs('encrypt a us replica with the alias key', { ...VIA_US, [ENCRYPTION_CONTEXT]: `${US}/k` }, 'Allowed'),
  encryptAp('encrypt an ap replica with the imported key', { ...VIA_AP, [ENCRYPTION_CONTEXT]: `${AP}/k` }, 'Allowed'),
  // Nothing else on the destinations.
  ...[US, AP].flatMap((bucket) => ['s3:PutObject', 's3:DeleteObject', 's3:GetObject', 's3:DeleteObjectVersion'].map((action): Case =>
    asRole({ name: `${bucket.includes('us') ? 'us' : 'ap'}: ${action.slice(3)}`, action, resource: `${bucket}/k`, expected: 'Denied' }))),
  // Nothing back into the source (one-way), nothing beyond replication reads on it.
  ...['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:PutObject', 's3:GetObject'].map((action) =>
    asRole({ name: `source: ${action.slice(3)}`, action, resource: `${SRC}/k`, expected: 'Denied' })),
  asRole({ name: 'rewrite the source configuration', action: 's3:PutReplicationConfiguration', resource: SRC, expected: 'Denied' }),
  // Nothing on other buckets.
  asRole({ name: 'other bucket: ReplicateObject', action: 's3:ReplicateObject', resource: `${OTHER}/k`, expected: 'Denied' }),
  asRole({ name: 'other bucket: GetObjectVersionForReplication', action: 's3:GetObjectVersionForReplication', resource: `${OTHER}/k`, expected: 'Denied' }),
  asRole({ name: 'other bucket: ListBucket', action: 's3:ListBucket', resource: OTHER, expected: 'Denied' }),
  // KMS outside S3, outside the bucket's Region, or for another bucket.
  decrypt('decrypt directly (not through S3)', { [ENCRYPTION_CONTEXT]: `${SRC}/k` }, 'Denied'),
  decrypt('decrypt through S3 in another Region', { 'kms:ViaService': 's3.us-east-1.amazonaws.com', [ENCRYPTION_CONTEXT]: `${SRC}/k` }, 'Denied'),
  decrypt('decrypt through another service', { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com', [ENCRYPTION_CONTEXT]: `${SRC}/k` }, 'Denied'),
  decrypt('decrypt for another bucket', { ...VIA_EU, [ENCRYPTION_CONTEXT]: `${OTHER}/k` }, 'Denied'),
  decrypt('decrypt without an encryption context', VIA_EU, 'Denied'),
  asRole({ name: 'encrypt with the source key', action: 'kms:Encrypt', resource: sourceKeyArn, resourcePolicy: keyPolicy(oneWay, 'Source', sourceKey.logicalId), context: { ...VIA_EU, [ENCRYPTION_CONTEXT]: `${SRC}/k` }, expected: 'Denied' }),
  encryptUs('encrypt a us replica of another bucket', { ...VIA_US, [ENCRYPTION_CONTEXT]: `${OTHER}/k` }, 'Denied'),
  encryptUs('encrypt with a key that lacks the alias', { ...VIA_US, 'kms:ResourceAliases': ['alias/something-else'], [ENCRYPTION_CONTEXT]: `${US}/k` }, 'Denied'),
  encryptUs('encrypt a us replica through S3 in eu-west-1', { ...VIA_US, 'kms:ViaService': 's3.eu-west-1.amazonaws.com', [ENCRYPTION_CONTEXT]: `${US}/k` }, 'Denied'),
  encryptAp('encrypt an ap replica in the us bucket\'s context', { ...VIA_AP, [ENCRYPTION_CONTEXT]: `${US}/k` }, 'Denied'),
  // S3 verifies a destination's S3 Bucket Key with kms:Decrypt (bucket ARN context): in the replica's scope only.
  asRole({ name: 'decrypt with the imported replica key (S3 Bucket Key)', action: 'kms:Decrypt', resource: IMPORTED_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY, context: { ...VIA_AP, [ENCRYPTION_CONTEXT]: AP }, expected: 'Allowed' }),
  asRole({ name: 'decrypt with the us replica key (S3 Bucket Key)', action: 'kms:Decrypt', resource: usKeyArn, resourcePolicy: keyPolicy(oneWay, 'DestinationUs', usKey.logicalId), context: { ...VIA_US, [ENCRYPTION_CONTEXT]: US }, expected: 'Allowed' }),
  asRole({ name: 'decrypt with the imported replica key outside S3', action: 'kms:Decrypt', resource: IMPORTED_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY, context: { [ENCRYPTION_CONTEXT]: AP }, expected: 'Denied' }),
  asRole({ name: 'decrypt with the imported replica key through S3 in eu-west-1', action: 'kms:Decrypt', resource: IMPORTED_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY, context: { ...VIA_EU, [ENCRYPTION_CONTEXT]: AP }, expected: 'Denied' }),
  asRole({ name: 'decrypt with the imported replica key for the source bucket', action: 'kms:Decrypt', resource: IMPORTED_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY, context: { ...VIA_AP, [ENCRYPTION_CONTEXT]: SRC }, expected: 'Denied' }),
  asRole({ name: 'decrypt with the us replica key for the ap bucket', action: 'kms:Decrypt', resource: usKeyArn, resourcePolicy: keyPolicy(oneWay, 'DestinationUs', usKey.logicalId), context: { ...VIA_US, [ENCRYPTION_CONTEXT]: AP }, expected: 'Denied' }),
  asRole({ name: 'generate data keys with the imported key', action: 'kms:GenerateDataKey', resource: IMPORTED_KEY_ARN, resourcePolicy: DEFAULT_KEY_POLICY, context: { ...VIA_AP, [ENCRYPTION_CONTEXT]: `${AP}/k` }, expected: 'Denied' }),
];

// ---------------------------------------------------------------------------------------------
// Two-way replication among three Regions, and the function that applies it.
// ---------------------------------------------------------------------------------------------
const mesh = ResolvedAssembly.fromApp(meshApp({ bucket: (region) => ({ bucketName: `mesh-${region}-sim` }) }).app);
const meshArn = (region: string) => `arn:aws:s3:::mesh-${region}-sim`;
const meshRole = (region: string) => mesh.resource('Global', 'AWS::IAM::Role', `ReplicationFrom${region.replace(/-/g, '')}Role`).logicalId;
const functionRole = mesh.resource('Global', 'AWS::IAM::Role', 'AwsSdkCallsRole');
const functionRoleArn = roleArn(mesh, 'Global', functionRole.logicalId);
const functionPolicies = policiesOfRole(mesh, 'Global', functionRole.logicalId);
const functionName = mesh.resources('Global', 'AWS::Lambda::Function')[mesh.resource('Global', 'AWS::Lambda::Function', 'AWS679f53fac002430cb0da5b7982bd2287').logicalId].Properties.FunctionName;
const logGroup = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/${functionName}`;

const meshCases: Case[] = [
  ...REGIONS.flatMap((source): Case[] => {
    const principal = roleArn(mesh, 'Global', meshRole(source));
    const identityPolicies = policiesOfRole(mesh, 'Global', meshRole(source));
    return [
      ...REGIONS.filter((r) => r !== source).map((destination): Case => ({
        name: `${source} replicates to ${destination}`, principal, identityPolicies, action: 's3:ReplicateObject', resource: `${meshArn(destination)}/k`, expected: 'Allowed',
      })),
      { name: `${source} reads its own versions`, principal, identityPolicies, action: 's3:GetObjectVersionForReplication', resource: `${meshArn(source)}/k`, expected: 'Allowed' },
      { name: `${source} role: no replica into its own source`, principal, identityPolicies, action: 's3:ReplicateObject', resource: `${meshArn(source)}/k`, expected: 'Denied' },
      ...REGIONS.filter((r) => r !== source).map((other): Case => ({
        name: `${source} role: no reads of ${other}`, principal, identityPolicies, action: 's3:GetObjectVersionForReplication', resource: `${meshArn(other)}/k`, expected: 'Denied',
      })),
    ];
  }),
  // The custom resource function: put each bucket's configuration, pass each replication role to S3 only.
  ...REGIONS.map((region): Case => ({ name: `function: configure ${region}`, principal: functionRoleArn, identityPolicies: functionPolicies, action: 's3:PutReplicationConfiguration', resource: meshArn(region), expected: 'Allowed' })),
  { name: 'function: configure another bucket', principal: functionRoleArn, identityPolicies: functionPolicies, action: 's3:PutReplicationConfiguration', resource: OTHER, expected: 'Denied' },
  { name: 'function: write objects', principal: functionRoleArn, identityPolicies: functionPolicies, action: 's3:PutObject', resource: `${meshArn('eu-west-1')}/k`, expected: 'Denied' },
  ...REGIONS.map((region): Case => ({
    name: `function: pass the ${region} role to S3`,
    principal: functionRoleArn,
    identityPolicies: functionPolicies,
    action: 'iam:PassRole',
    resource: roleArn(mesh, 'Global', meshRole(region)),
    context: { 'iam:PassedToService': 's3.amazonaws.com' },
    expected: 'Allowed',
  })),
  {
    name: 'function: pass a replication role to Lambda',
    principal: functionRoleArn,
    identityPolicies: functionPolicies,
    action: 'iam:PassRole',
    resource: roleArn(mesh, 'Global', meshRole('eu-west-1')),
    context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    expected: 'Denied',
  },
  { name: 'function: pass its own role', principal: functionRoleArn, identityPolicies: functionPolicies, action: 'iam:PassRole', resource: functionRoleArn, context: { 'iam:PassedToService': 's3.amazonaws.com' }, expected: 'Denied' },
  { name: 'function: write its own logs', principal: functionRoleArn, identityPolicies: functionPolicies, action: 'logs:PutLogEvents', resource: `${logGroup}:log-stream:2026/11/22/abc`, expected: 'Allowed' },
  { name: 'function: create its own log group', principal: functionRoleArn, identityPolicies: functionPolicies, action: 'logs:CreateLogGroup', resource: logGroup, expected: 'Allowed' },
  { name: 'function: write other logs', principal: functionRoleArn, identityPolicies: functionPolicies, action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`, expected: 'Denied' },
];

describe('replication permissions under IAM simulation', () => {
  const rows: MatrixRow[] = [];

  afterAll(() => {
    console.log(`Replication policy simulation (${rows.length} cases)\n${formatMatrix(rows)}`);
  });

  describe('one-way replication role (SSE-KMS, alias and imported replica keys)', () => {
    test.each(oneWayCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => run(rows, c));
  });

  describe('two-way replication among three Regions, and the function that applies it', () => {
    test.each(meshCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => run(rows, c));
  });
});

describe('the simulation is trustworthy', () => {
  test('the surrogate replaces every encryption-context condition, and nothing else', () => {
    const original = JSON.stringify(rolePolicies);
    const replaced = JSON.stringify(withSurrogate(rolePolicies));
    expect(original.split(ENCRYPTION_CONTEXT).length - 1).toBe(3); // source, us and ap keys
    expect(replaced).not.toContain('kms:EncryptionContext:');
    expect(replaced.split(SURROGATE).length - 1).toBe(3);
    expect(replaced.replace(new RegExp(SURROGATE, 'g'), ENCRYPTION_CONTEXT)).toBe(original);
  });

  test('without the surrogate, the evaluator ignores the encryption context and the harness refuses a verdict', async () => {
    await expect(simulate({
      principal: replicationRole,
      action: 'kms:Decrypt',
      resource: sourceKeyArn,
      resourceAccount: ACCOUNT,
      identityPolicies: rolePolicies,
      resourcePolicy: keyPolicy(oneWay, 'Source', sourceKey.logicalId),
      context: { ...VIA_EU, [ENCRYPTION_CONTEXT]: `${SRC}/k` },
    })).rejects.toThrow(/ignored context keys kms:EncryptionContext:aws:s3:arn/);
  });

  test('without the key policy, KMS denies even what the role allows', async () => {
    const decision = await simulate(withSurrogate({
      principal: replicationRole,
      action: 'kms:Decrypt',
      resource: sourceKeyArn,
      resourceAccount: ACCOUNT,
      identityPolicies: rolePolicies,
      context: { ...VIA_EU, [ENCRYPTION_CONTEXT]: `${SRC}/k` },
    }));
    expect(decision).not.toBe('Allowed');
  });

  test('a role with s3:* would be allowed what this one is denied', async () => {
    const decision = await simulate({
      principal: replicationRole,
      action: 's3:PutObject',
      resource: `${US}/k`,
      resourceAccount: ACCOUNT,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
    });
    expect(decision).toBe('Allowed');
  });
});
