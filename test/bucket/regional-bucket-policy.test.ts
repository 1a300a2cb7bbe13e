import { RegionalBucket } from '../../src';
import { ANONYMOUS, Decision, formatMatrix, matches, MatrixRow, simulate, SimulationCase } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT, testStack } from '../util/stacks';

/**
 * Proves the bucket policies of a RegionalBucket with a real IAM evaluator, over the
 * synthesized template with every intrinsic resolved.
 */
const OTHER_ACCOUNT = '222222222222';
const { app, stack } = testStack('eu-west-1', 'PolicyStack');
new RegionalBucket(stack, 'Data', { bucketName: 'data-eu-west-1-test' });
const assembly = ResolvedAssembly.fromApp(app);

const dataBucket = assembly.resource('PolicyStack', 'AWS::S3::Bucket', 'DataBucket');
const logsBucket = assembly.resource('PolicyStack', 'AWS::S3::Bucket', 'DataAccessLogs');
const dataArn = assembly.getAtt('PolicyStack', dataBucket.logicalId, 'Arn');
const logsArn = assembly.getAtt('PolicyStack', logsBucket.logicalId, 'Arn');
const policyOf = (bucketLogicalId: string) =>
  assembly.bucketPolicyOf('PolicyStack', bucketLogicalId);

const appRole = `arn:aws:iam::${ACCOUNT}:role/app`;
const strangerRole = `arn:aws:iam::${OTHER_ACCOUNT}:role/stranger`;
const allowEverything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

type Case = Omit<SimulationCase, 'resourceAccount' | 'resourcePolicy'> & { name: string; bucket: 'data' | 'logs'; expected: Decision | 'Denied' };

const cases: Case[] = [
  { name: 'same-account role over TLS 1.2', principal: appRole, action: 's3:GetObject', bucket: 'data', resource: `${dataArn}/k`, identityPolicies: [allowEverything], context: { 's3:TlsVersion': '1.2' }, expected: 'Allowed' },
  { name: 'same-account role without TLS', principal: appRole, action: 's3:GetObject', bucket: 'data', resource: `${dataArn}/k`, identityPolicies: [allowEverything], context: { 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied' },
  { name: 'same-account role over TLS 1.1', principal: appRole, action: 's3:PutObject', bucket: 'data', resource: `${dataArn}/k`, identityPolicies: [allowEverything], context: { 's3:TlsVersion': '1.1' }, expected: 'ExplicitlyDenied' },
  { name: 'anonymous read', principal: ANONYMOUS, action: 's3:GetObject', bucket: 'data', resource: `${dataArn}/k`, context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  { name: 'anonymous list', principal: ANONYMOUS, action: 's3:ListBucket', bucket: 'data', resource: dataArn, context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  { name: 'other account with s3:* of its own', principal: strangerRole, action: 's3:GetObject', bucket: 'data', resource: `${dataArn}/k`, identityPolicies: [allowEverything], context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  { name: 'other account deleting', principal: strangerRole, action: 's3:DeleteObject', bucket: 'data', resource: `${dataArn}/k`, identityPolicies: [allowEverything], context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
  {
    name: 'log delivery for this bucket',
    principal: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    bucket: 'logs',
    resource: `${logsArn}/access-logs/2026-11-22`,
    context: { 's3:TlsVersion': '1.2', 'aws:SourceArn': dataArn, 'aws:SourceAccount': ACCOUNT },
    expected: 'Allowed',
  },
  {
    name: 'log delivery for another bucket',
    principal: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    bucket: 'logs',
    resource: `${logsArn}/x`,
    context: { 's3:TlsVersion': '1.2', 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket', 'aws:SourceAccount': OTHER_ACCOUNT },
    expected: 'Denied',
  },
  {
    name: 'log delivery into the data bucket',
    principal: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    bucket: 'data',
    resource: `${dataArn}/x`,
    context: { 's3:TlsVersion': '1.2', 'aws:SourceArn': dataArn, 'aws:SourceAccount': ACCOUNT },
    expected: 'Denied',
  },
  { name: 'anonymous read of the logs', principal: ANONYMOUS, action: 's3:GetObject', bucket: 'logs', resource: `${logsArn}/x`, context: { 's3:TlsVersion': '1.2' }, expected: 'Denied' },
];

describe('RegionalBucket policies under IAM simulation', () => {
  const rows: MatrixRow[] = [];

  afterAll(() => {
    console.log(`RegionalBucket policy simulation (${rows.length} cases)\n${formatMatrix(rows)}`);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const bucketLogicalId = c.bucket === 'data' ? dataBucket.logicalId : logsBucket.logicalId;
    const actual = await simulate({ ...c, resourceAccount: ACCOUNT, resourcePolicy: policyOf(bucketLogicalId) });
    rows.push({ name: c.name, principal: c.principal, action: c.action, resource: c.resource, expected: c.expected, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });
});

describe('the simulation can fail', () => {
  test('without the bucket policy, the non-TLS request would be allowed', async () => {
    const withoutDenies = { ...policyOf(dataBucket.logicalId), Statement: policyOf(dataBucket.logicalId).Statement.filter((s: any) => s.Effect !== 'Deny') };
    const decision = await simulate({
      principal: appRole,
      action: 's3:GetObject',
      resource: `${dataArn}/k`,
      resourceAccount: ACCOUNT,
      identityPolicies: [allowEverything],
      resourcePolicy: withoutDenies,
      context: { 'aws:SecureTransport': 'false' },
    });
    expect(decision).toBe('Allowed');
  });

  test('a context key the evaluator ignores is an error, not a verdict', async () => {
    await expect(simulate({
      principal: appRole,
      action: 's3:GetObject',
      resource: `${dataArn}/k`,
      resourceAccount: ACCOUNT,
      identityPolicies: [allowEverything],
      context: { 's3:NotARealKey': 'x' },
    })).rejects.toThrow(/ignored context keys s3:NotARealKey/);
  });
});
