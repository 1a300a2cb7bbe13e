import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { sdkCall } from './fixtures';
import { BucketReplication, RegionalBucket, ReplicationMesh } from '../../src';
import { Decision, formatMatrix, matches, MatrixRow, PolicyDocument, simulate, SimulationCase } from '../util/iam-simulation';
import { ENCRYPTION_CONTEXT, withSurrogate } from '../util/kms-encryption-context';
import { expectNagClean, nagFindings } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

/** The backup account of these tests, and a third account that must get nowhere. */
const BACKUP = '333333333333';
const THIRD = '444444444444';

const SOURCE_NAME = 'workload-eu-west-1';
const BACKUP_NAME = 'backup-us-east-1';
const ROLE_NAME = `replication_role_for_${SOURCE_NAME}_to_${BACKUP_NAME}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const DST = `arn:aws:s3:::${BACKUP_NAME}`;
const ALIAS_ARN = `arn:aws:kms:us-east-1:${BACKUP}:alias/backup-us-east-1`;

/** A workload bucket in eu-west-1 (account 111111111111) replicating into a backup account's bucket in us-east-1. */
function oneWay(options: { kms?: boolean; accessControlTransition?: boolean } = {}) {
  const app = new App();
  const sourceStack = new Stack(app, 'Workload', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const backupStack = new Stack(app, 'Backup', { env: { account: BACKUP, region: 'us-east-1' } });
  const encryption = options.kms ? s3.BucketEncryption.KMS : undefined;
  const source = new RegionalBucket(sourceStack, 'Data', { bucketName: SOURCE_NAME, encryption });
  const backup = new RegionalBucket(backupStack, 'Backup', { bucketName: BACKUP_NAME, encryption });
  const alias = options.kms ? backup.encryptionKey!.addAlias('alias/backup-us-east-1') : undefined;
  const replication = new BucketReplication(sourceStack, 'Replication', {
    source: source.bucket,
    destinations: [{ bucket: backup.bucket, kmsKey: alias, accessControlTransition: options.accessControlTransition }],
  });
  return { app, sourceStack, backupStack, source, backup, replication };
}

function bucketPolicyOf(template: Template, bucketLogicalIdPrefix: string): any {
  const policies = template.findResources('AWS::S3::BucketPolicy');
  const found = Object.values<any>(policies).filter((p) => JSON.stringify(p.Properties.Bucket).includes(bucketLogicalIdPrefix));
  expect(found).toHaveLength(1);
  return found[0].Properties.PolicyDocument;
}

/** The resolved bucket policy of the data bucket (not of its access log bucket) of a stack. */
function dataBucketPolicy(assembly: ResolvedAssembly, stackName: string): { Properties: any } {
  return assembly.resource(stackName, 'AWS::S3::BucketPolicy', 'DataBucketPolicy');
}

describe('BucketReplication into a bucket of another account', () => {
  test('the rule names the destination account and translates ownership; the role may override the owner', () => {
    const { app, sourceStack } = oneWay();
    const template = Template.fromStack(sourceStack);
    const bucket = Object.values<any>(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: SOURCE_NAME } }))[0];
    expect(bucket.Properties.ReplicationConfiguration.Rules).toEqual([
      expect.objectContaining({
        Destination: { Bucket: DST, Account: BACKUP, AccessControlTranslation: { Owner: 'Destination' } },
      }),
    ]);
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: ROLE_NAME });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: ['s3:ObjectOwnerOverrideToBucketOwner', 's3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
          Resource: `${DST}/*`,
        }]),
      },
    });
    // Nothing crosses accounts through CloudFormation: no export, no import.
    const assembly = app.synth();
    for (const stack of assembly.stacks) {
      expect(JSON.stringify(stack.template)).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
    }
  });

  test('the destination stack gets a bucket policy that admits exactly the replication role', () => {
    const { backupStack } = oneWay();
    const policy = bucketPolicyOf(Template.fromStack(backupStack), 'BackupBucket');
    const principal = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] } };
    expect(policy.Statement).toEqual(expect.arrayContaining([
      {
        Sid: expect.stringMatching(/^AllowCrossAccountReplication[0-9a-f]{8}$/),
        Effect: 'Allow',
        Principal: principal,
        Action: ['s3:ObjectOwnerOverrideToBucketOwner', 's3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
        Resource: `${DST}/*`,
        Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE_ARN } },
      },
    ]));
    // Only that statement names the workload account.
    expect(policy.Statement.filter((s: any) => JSON.stringify(s).includes(ACCOUNT))).toHaveLength(1);
  });

  test('without the owner override, neither the rule nor the policies carry it', () => {
    const { sourceStack, backupStack } = oneWay({ accessControlTransition: false });
    const source = JSON.stringify(Template.fromStack(sourceStack).toJSON());
    expect(source).not.toMatch(/AccessControlTranslation|ObjectOwnerOverrideToBucketOwner/);
    expect(source).toContain(`"Account":"${BACKUP}"`);
    expect(JSON.stringify(bucketPolicyOf(Template.fromStack(backupStack), 'BackupBucket'))).not.toContain('ObjectOwnerOverrideToBucketOwner');
  });

  test('SSE-KMS: the replica key is named by its alias ARN, and its policy lets the role encrypt through S3 for that bucket only', () => {
    const { sourceStack, backupStack, replication, backup } = oneWay({ kms: true });
    const rules = Object.values<any>(Template.fromStack(sourceStack).findResources('AWS::S3::Bucket', { Properties: { BucketName: SOURCE_NAME } }))[0]
      .Properties.ReplicationConfiguration.Rules;
    expect(rules[0].Destination).toEqual(expect.objectContaining({ Account: BACKUP, EncryptionConfiguration: { ReplicaKmsKeyID: ALIAS_ARN } }));
    Template.fromStack(backupStack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: Match.stringLikeRegexp('^AllowCrossAccountReplicationEncrypt[0-9a-f]{8}$'),
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] } },
          Action: ['kms:Decrypt', 'kms:Encrypt'],
          Resource: '*',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': ROLE_ARN },
            StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': [DST, `${DST}/*`] },
          },
        }]),
      },
    });
    expect(replication.destinationKeyPolicyStatements(backup.bucket)).toHaveLength(1);
    expect(replication.destinationBucketPolicyStatements(backup.bucket)).toHaveLength(1);
  });

  test('is nag clean in both accounts (the one-way destination is reported for having no replication of its own, as in one account)', () => {
    const { app, sourceStack, backupStack } = oneWay({ kms: true });
    app.synth();
    expectNagClean(sourceStack);
    expect(nagFindings(backupStack).map((f) => `${f.rule} ${f.path}`)).toEqual([
      'NIST.800.53.R5-S3BucketReplicationEnabled Backup/Backup/Bucket/Resource',
      'HIPAA.Security-S3BucketReplicationEnabled Backup/Backup/Bucket/Resource',
      'PCI.DSS.321-S3BucketReplicationEnabled Backup/Backup/Bucket/Resource',
    ]);
  });

  test('an imported destination is left as it is, with a warning that prints the statements its owner must add', async () => {
    const app = new App();
    const sourceStack = new Stack(app, 'Workload', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const source = new RegionalBucket(sourceStack, 'Data', { bucketName: SOURCE_NAME });
    const imported = s3.Bucket.fromBucketAttributes(sourceStack, 'Backup', { bucketName: BACKUP_NAME, account: BACKUP, region: 'us-east-1' });
    const replication = new BucketReplication(sourceStack, 'Replication', { source: source.bucket, destinations: [{ bucket: imported }] });
    const warnings = (await synthAsCli(app)).warnings.filter((w) => w.id === 'cdk-multi-region-bucket:crossAccountReplicationBucketPolicy');
    expect(warnings.map((w) => w.paths)).toEqual([['Workload/Replication']]);
    const text = warnings[0].message;
    expect(text).toContain(`'destinations[0].bucket' Workload/Backup (${BACKUP_NAME}) is in account ${BACKUP}`);
    expect(text).toContain(`"aws:PrincipalArn":"${ROLE_ARN}"`);
    const statements = replication.destinationBucketPolicyStatements(imported).map((s) => sourceStack.resolve(s.toStatementJson()));
    expect(statements.map((s) => s.Action)).toEqual([
      ['s3:ObjectOwnerOverrideToBucketOwner', 's3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
    ]);
  });

  test('an imported replica key of another account gets a warning with its statement', async () => {
    const app = new App();
    const sourceStack = new Stack(app, 'Workload', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const source = new RegionalBucket(sourceStack, 'Data', { bucketName: SOURCE_NAME, encryption: s3.BucketEncryption.KMS });
    const imported = s3.Bucket.fromBucketAttributes(sourceStack, 'Backup', { bucketName: BACKUP_NAME, account: BACKUP, region: 'us-east-1' });
    const key = kms.Key.fromKeyArn(sourceStack, 'BackupKey', `arn:aws:kms:us-east-1:${BACKUP}:key/11111111-2222-3333-4444-555555555555`);
    new BucketReplication(sourceStack, 'Replication', { source: source.bucket, destinations: [{ bucket: imported, kmsKey: key }] });
    const warnings = (await synthAsCli(app)).warnings.filter((w) => w.id === 'cdk-multi-region-bucket:crossAccountReplicationKeyPolicy');
    expect(warnings.map((w) => w.paths)).toEqual([['Workload/Replication']]);
    expect(warnings[0].message).toContain(`'destinations[0].kmsKey' Workload/BackupKey is in account ${BACKUP}`);
  });

  test('a role of your own with a name is named in the destination policy by its ARN, path included', () => {
    const app = new App();
    const sourceStack = new Stack(app, 'Workload', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const backupStack = new Stack(app, 'Backup', { env: { account: BACKUP, region: 'us-east-1' } });
    const source = new RegionalBucket(sourceStack, 'Data', { bucketName: SOURCE_NAME });
    const backup = new RegionalBucket(backupStack, 'Backup', { bucketName: BACKUP_NAME });
    const role = new iam.Role(sourceStack, 'Mine', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'), roleName: 'my-replication', path: '/replication/' });
    new BucketReplication(sourceStack, 'Replication', { source: source.bucket, destinations: [{ bucket: backup.bucket }], role });
    const policy = bucketPolicyOf(Template.fromStack(backupStack), 'BackupBucket');
    expect(JSON.stringify(policy)).toContain(`"aws:PrincipalArn":"arn:aws:iam::${ACCOUNT}:role/replication/my-replication"`);
  });
});

// ---------------------------------------------------------------------------------------------
// Two-way across accounts: two workload buckets in 111111111111 and a bucket in 333333333333.
// ---------------------------------------------------------------------------------------------
function crossAccountMesh() {
  const app = new App();
  const eu = new Stack(app, 'Data-eu-west-1', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const us = new Stack(app, 'Data-us-east-1', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const ap = new Stack(app, 'Data-ap-southeast-2', { env: { account: BACKUP, region: 'ap-southeast-2' } });
  const buckets = [
    new RegionalBucket(eu, 'Data', { bucketName: 'm-eu', encryption: s3.BucketEncryption.KMS }),
    new RegionalBucket(us, 'Data', { bucketName: 'm-us', encryption: s3.BucketEncryption.KMS }),
    new RegionalBucket(ap, 'Data', { bucketName: 'm-ap', encryption: s3.BucketEncryption.KMS }),
  ];
  const aliases = buckets.map((b) => b.encryptionKey!.addAlias(`alias/${b.bucket.node.scope!.node.id}-${Stack.of(b).region}`));
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const mesh = new ReplicationMesh(global, 'Replication', {
    buckets: buckets.map((b) => b.bucket),
    encryptionKeys: aliases,
    replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
  });
  return { app, eu, us, ap, buckets, global, mesh };
}

describe('ReplicationMesh across accounts', () => {
  test('the bucket of the other account is configured from a stack of its account, with its own role', () => {
    const { app, mesh } = crossAccountMesh();
    const assembly = app.synth();
    const accountStack = assembly.getStackByName(`Global-${BACKUP}`);
    expect(accountStack.environment).toEqual(expect.objectContaining({ account: BACKUP, region: 'us-east-1' }));
    expect(Stack.of(mesh.replications[2]).account).toBe(BACKUP);
    expect(Stack.of(mesh.replications[0]).account).toBe(ACCOUNT);
    const template = Template.fromJSON(accountStack.template);
    template.resourceCountIs('Custom::S3BucketReplication', 1);
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'replication_role_for_m-ap_to_m-eu_m-us' });
    // It deploys after every bucket's stack, like the global stack.
    expect(accountStack.dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets')).sort()).toEqual(['Data-ap-southeast-2', 'Data-eu-west-1', 'Data-us-east-1']);
  });

  test('rules across accounts keep RTC, delete markers and replica modification sync, with the account and the owner override', () => {
    const { app, global } = crossAccountMesh();
    const call = sdkCall(app, global, Object.keys(Template.fromStack(global).findResources('Custom::S3BucketReplication'))
      .find((id) => id.includes('Fromeuwest1'))!, 'Create');
    const toAp = call.parameters.ReplicationConfiguration.Rules.find((r: any) => r.Destination.Bucket.endsWith('m-ap'));
    const toUs = call.parameters.ReplicationConfiguration.Rules.find((r: any) => r.Destination.Bucket.endsWith('m-us'));
    expect(toAp).toEqual(expect.objectContaining({
      DeleteMarkerReplication: { Status: 'Enabled' },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' }, ReplicaModifications: { Status: 'Enabled' } },
    }));
    expect(toAp.Destination).toEqual(expect.objectContaining({
      Account: BACKUP,
      AccessControlTranslation: { Owner: 'Destination' },
      ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
      EncryptionConfiguration: { ReplicaKmsKeyID: `arn:aws:kms:ap-southeast-2:${BACKUP}:alias/Data-ap-southeast-2` },
    }));
    expect(toUs.Destination.Account).toBeUndefined();
    expect(toUs.Destination.AccessControlTranslation).toBeUndefined();
  });

  test('each bucket and key admits exactly the roles of the other account', () => {
    const { app } = crossAccountMesh();
    const assembly = ResolvedAssembly.fromApp(app);
    const apPolicy = JSON.stringify(dataBucketPolicy(assembly, 'Data-ap-southeast-2').Properties.PolicyDocument);
    const principalArns = (text: string) => [...text.matchAll(/"aws:PrincipalArn":"([^"]+)"/g)].map((m) => m[1]).sort();
    expect(principalArns(apPolicy)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/replication_role_for_m-eu_to_m-us_m-ap`,
      `arn:aws:iam::${ACCOUNT}:role/replication_role_for_m-us_to_m-eu_m-ap`,
    ]);
    const euPolicy = JSON.stringify(dataBucketPolicy(assembly, 'Data-eu-west-1').Properties.PolicyDocument);
    expect(principalArns(euPolicy)).toEqual([
      `arn:aws:iam::${BACKUP}:role/replication_role_for_m-ap_to_m-eu_m-us`,
    ]);
    const euKey = JSON.stringify(Object.values(assembly.resources('Data-eu-west-1', 'AWS::KMS::Key'))[0].Properties.KeyPolicy);
    expect(principalArns(euKey)).toEqual([`arn:aws:iam::${BACKUP}:role/replication_role_for_m-ap_to_m-eu_m-us`]);
  });

  test('is nag clean in every stack, the account stack included', () => {
    const { app } = crossAccountMesh();
    expectNagClean(app);
  });

  test('accountStacks chooses the stack of an account', () => {
    const app = new App();
    const eu = new Stack(app, 'Eu', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const ap = new Stack(app, 'Ap', { env: { account: BACKUP, region: 'ap-southeast-2' } });
    const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const backupGlobal = new Stack(app, 'BackupReplication', { env: { account: BACKUP, region: 'us-east-1' } });
    const mesh = new ReplicationMesh(global, 'Replication', {
      buckets: [new RegionalBucket(eu, 'Data', { bucketName: 'a-eu' }).bucket, new RegionalBucket(ap, 'Data', { bucketName: 'a-ap' }).bucket],
      accountStacks: [backupGlobal],
    });
    expect(Stack.of(mesh.replications[1])).toBe(backupGlobal);
    expect(app.node.tryFindChild(`Global-${BACKUP}`)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// IAM simulation: the workload role replicates into the backup account's bucket and key; a third
// account's role with the same identity policy cannot; without the destination's half, nothing.
// ---------------------------------------------------------------------------------------------
describe('cross-account replication, simulated', () => {
  const { app } = oneWay({ kms: true });
  const assembly = ResolvedAssembly.fromApp(app);
  const role = assembly.resource('Workload', 'AWS::IAM::Role', 'ReplicationRole');
  const roleName = assembly.ref('Workload', role.logicalId);
  const identity: PolicyDocument[] = Object.values(assembly.resources('Workload', 'AWS::IAM::ManagedPolicy'))
    .filter((p) => (p.Properties.Roles ?? []).includes(roleName))
    .map((p) => p.Properties.PolicyDocument);
  const bucketPolicy: PolicyDocument = assembly.resource('Backup', 'AWS::S3::BucketPolicy', 'BackupBucketPolicy').Properties.PolicyDocument;
  const keyResource = assembly.resource('Backup', 'AWS::KMS::Key', 'BackupKey');
  const keyPolicy: PolicyDocument = keyResource.Properties.KeyPolicy;
  const keyArn = assembly.getAtt('Backup', keyResource.logicalId, 'Arn');
  const withoutReplicationStatements = (policy: PolicyDocument): PolicyDocument =>
    ({ ...policy, Statement: policy.Statement.filter((s: any) => !String(s.Sid ?? '').startsWith('AllowCrossAccountReplication')) });
  const thirdRole = `arn:aws:iam::${THIRD}:role/${ROLE_NAME}`;
  const KMS_CONTEXT = { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:ResourceAliases': ['alias/backup-us-east-1'], [ENCRYPTION_CONTEXT]: `${DST}/k` };

  type Case = Omit<SimulationCase, 'resourceAccount'> & { name: string; expected: Decision | 'Denied' };
  const rows: MatrixRow[] = [];
  const replicate = (action: string) => ({ action, resource: `${DST}/k`, resourcePolicy: bucketPolicy });
  const encrypt = { action: 'kms:Encrypt', resource: keyArn, resourcePolicy: keyPolicy, context: KMS_CONTEXT };
  const cases: Case[] = [
    ...['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'].map((action): Case => ({
      name: `workload role: ${action.slice(3)} into the backup bucket`, principal: ROLE_ARN, identityPolicies: identity, ...replicate(action), expected: 'Allowed',
    })),
    { name: 'workload role: not change the backup bucket\'s versioning', principal: ROLE_ARN, identityPolicies: identity, action: 's3:PutBucketVersioning', resource: DST, resourcePolicy: bucketPolicy, expected: 'Denied' },
    { name: 'workload role: encrypt a replica with the backup key', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, expected: 'Allowed' },
    // Nothing else in the backup account.
    ...['s3:PutObject', 's3:GetObject', 's3:DeleteObjectVersion'].map((action): Case => ({
      name: `workload role: not ${action.slice(3)}`, principal: ROLE_ARN, identityPolicies: identity, ...replicate(action), expected: 'Denied',
    })),
    // S3 verifies the backup bucket's S3 Bucket Key with kms:Decrypt (bucket ARN context): allowed in that scope only.
    { name: 'workload role: decrypt with the backup key (S3 Bucket Key)', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, action: 'kms:Decrypt', context: { ...KMS_CONTEXT, [ENCRYPTION_CONTEXT]: DST }, expected: 'Allowed' },
    { name: 'workload role: not decrypt with the backup key outside S3', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, action: 'kms:Decrypt', context: { 'kms:ResourceAliases': ['alias/backup-us-east-1'], [ENCRYPTION_CONTEXT]: DST }, expected: 'Denied' },
    { name: 'workload role: not decrypt with the backup key through S3 in eu-west-1', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, action: 'kms:Decrypt', context: { ...KMS_CONTEXT, 'kms:ViaService': 's3.eu-west-1.amazonaws.com', [ENCRYPTION_CONTEXT]: DST }, expected: 'Denied' },
    { name: 'workload role: not decrypt another bucket\'s objects with the backup key', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, action: 'kms:Decrypt', context: { ...KMS_CONTEXT, [ENCRYPTION_CONTEXT]: 'arn:aws:s3:::other' }, expected: 'Denied' },
    { name: 'workload role: not generate data keys with the backup key', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, action: 'kms:GenerateDataKey', expected: 'Denied' },
    { name: 'workload role: not encrypt for another bucket', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, context: { ...KMS_CONTEXT, [ENCRYPTION_CONTEXT]: 'arn:aws:s3:::other/k' }, expected: 'Denied' },
    // A third account's role, with the same name and the same identity policy.
    { name: 'third account role: ReplicateObject', principal: thirdRole, identityPolicies: identity, ...replicate('s3:ReplicateObject'), expected: 'Denied' },
    { name: 'third account role: encrypt', principal: thirdRole, identityPolicies: identity, ...encrypt, expected: 'Denied' },
    // Another role of the workload account.
    { name: 'another workload role: ReplicateObject', principal: `arn:aws:iam::${ACCOUNT}:role/someone-else`, identityPolicies: identity, ...replicate('s3:ReplicateObject'), expected: 'Denied' },
    // Without the destination's half.
    { name: 'without the bucket policy statements: ReplicateObject', principal: ROLE_ARN, identityPolicies: identity, ...replicate('s3:ReplicateObject'), resourcePolicy: withoutReplicationStatements(bucketPolicy), expected: 'Denied' },
    { name: 'without the key policy statement: encrypt', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, resourcePolicy: withoutReplicationStatements(keyPolicy), expected: 'Denied' },
    { name: 'without the key policy statement: decrypt (S3 Bucket Key)', principal: ROLE_ARN, identityPolicies: identity, ...encrypt, action: 'kms:Decrypt', context: { ...KMS_CONTEXT, [ENCRYPTION_CONTEXT]: DST }, resourcePolicy: withoutReplicationStatements(keyPolicy), expected: 'Denied' },
    { name: 'third account role: decrypt (S3 Bucket Key)', principal: thirdRole, identityPolicies: identity, ...encrypt, action: 'kms:Decrypt', context: { ...KMS_CONTEXT, [ENCRYPTION_CONTEXT]: DST }, expected: 'Denied' },
  ];

  afterAll(() => console.log(`Cross-account replication (workload ${ACCOUNT} -> backup ${BACKUP})\n${formatMatrix(rows)}`));

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const actual = await simulate({ ...withSurrogate(c), resourceAccount: BACKUP });
    rows.push({ name: c.name, principal: c.principal.replace(/^arn:aws:iam::(\d+):role\/.*/, 'role of $1'), action: c.action, resource: c.resource, expected: c.expected, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Both directions of the mesh, simulated: the eu-west-1 role (workload account) into the
// ap-southeast-2 bucket (backup account), and the ap-southeast-2 role into the eu-west-1 bucket
// and key.
// ---------------------------------------------------------------------------------------------
describe('cross-account mesh, simulated in both directions', () => {
  const { app } = crossAccountMesh();
  const assembly = ResolvedAssembly.fromApp(app);
  const roleOf = (stackName: string, prefix: string) => {
    const role = assembly.resource(stackName, 'AWS::IAM::Role', prefix);
    const attached: string[] = role.Properties.ManagedPolicyArns ?? [];
    const policies: PolicyDocument[] = Object.entries(assembly.resources(stackName, 'AWS::IAM::ManagedPolicy'))
      .filter(([logicalId]) => attached.includes(assembly.ref(stackName, logicalId)))
      .map(([, p]) => p.Properties.PolicyDocument);
    expect(policies.length).toBeGreaterThan(0);
    return { arn: assembly.getAtt(stackName, role.logicalId, 'Arn'), policies };
  };
  const euRole = roleOf('Global', 'ReplicationFromeuwest1Role');
  const apRole = roleOf(`Global-${BACKUP}`, 'Replication');
  const euBucketPolicy: PolicyDocument = dataBucketPolicy(assembly, 'Data-eu-west-1').Properties.PolicyDocument;
  const apBucketPolicy: PolicyDocument = dataBucketPolicy(assembly, 'Data-ap-southeast-2').Properties.PolicyDocument;
  const euKey = assembly.resource('Data-eu-west-1', 'AWS::KMS::Key', 'DataKey');
  const euKeyArn = assembly.getAtt('Data-eu-west-1', euKey.logicalId, 'Arn');
  const EU = 'arn:aws:s3:::m-eu';
  const AP = 'arn:aws:s3:::m-ap';
  const euEncrypt = {
    action: 'kms:Encrypt',
    resource: euKeyArn,
    resourcePolicy: euKey.Properties.KeyPolicy,
    context: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:ResourceAliases': ['alias/Data-eu-west-1'], [ENCRYPTION_CONTEXT]: `${EU}/k` },
  };
  type Case = Omit<SimulationCase, 'resourceAccount'> & { name: string; account: string; expected: Decision | 'Denied' };
  const cases: Case[] = [
    { name: 'eu role replicates into the backup account\'s bucket', account: BACKUP, principal: euRole.arn, identityPolicies: euRole.policies, action: 's3:ReplicateObject', resource: `${AP}/k`, resourcePolicy: apBucketPolicy, expected: 'Allowed' },
    { name: 'eu role syncs tags (replica modifications) into it', account: BACKUP, principal: euRole.arn, identityPolicies: euRole.policies, action: 's3:ReplicateTags', resource: `${AP}/k`, resourcePolicy: apBucketPolicy, expected: 'Allowed' },
    { name: 'backup role replicates into the workload bucket', account: ACCOUNT, principal: apRole.arn, identityPolicies: apRole.policies, action: 's3:ReplicateObject', resource: `${EU}/k`, resourcePolicy: euBucketPolicy, expected: 'Allowed' },
    { name: 'backup role encrypts with the workload key', account: ACCOUNT, principal: apRole.arn, identityPolicies: apRole.policies, ...euEncrypt, expected: 'Allowed' },
    { name: 'backup role decrypts with the workload key (S3 Bucket Key)', account: ACCOUNT, principal: apRole.arn, identityPolicies: apRole.policies, ...euEncrypt, action: 'kms:Decrypt', context: { ...euEncrypt.context, [ENCRYPTION_CONTEXT]: EU }, expected: 'Allowed' },
    { name: 'backup role: not decrypt with the workload key for the backup bucket', account: ACCOUNT, principal: apRole.arn, identityPolicies: apRole.policies, ...euEncrypt, action: 'kms:Decrypt', context: { ...euEncrypt.context, [ENCRYPTION_CONTEXT]: AP }, expected: 'Denied' },
    { name: 'backup role: not PutObject into the workload bucket', account: ACCOUNT, principal: apRole.arn, identityPolicies: apRole.policies, action: 's3:PutObject', resource: `${EU}/k`, resourcePolicy: euBucketPolicy, expected: 'Denied' },
    { name: 'third account role: not into the workload bucket', account: ACCOUNT, principal: apRole.arn.replace(BACKUP, THIRD), identityPolicies: apRole.policies, action: 's3:ReplicateObject', resource: `${EU}/k`, resourcePolicy: euBucketPolicy, expected: 'Denied' },
    { name: 'third account role: not with the workload key', account: ACCOUNT, principal: apRole.arn.replace(BACKUP, THIRD), identityPolicies: apRole.policies, ...euEncrypt, expected: 'Denied' },
    {
      name: 'backup role without the workload bucket\'s statement',
      account: ACCOUNT,
      principal: apRole.arn,
      identityPolicies: apRole.policies,
      action: 's3:ReplicateObject',
      resource: `${EU}/k`,
      resourcePolicy: { ...euBucketPolicy, Statement: euBucketPolicy.Statement.filter((s: any) => !String(s.Sid ?? '').startsWith('AllowCrossAccountReplication')) },
      expected: 'Denied',
    },
  ];
  const rows: MatrixRow[] = [];
  afterAll(() => console.log(`Cross-account mesh (workload ${ACCOUNT} <-> backup ${BACKUP})\n${formatMatrix(rows)}`));

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, { account, ...c }) => {
    const actual = await simulate({ ...withSurrogate(c), resourceAccount: account });
    rows.push({ name: c.name, principal: c.principal.replace(/^arn:aws:iam::(\d+):role\/.*/, 'role of $1'), action: c.action, resource: c.resource, expected: c.expected, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });
});
