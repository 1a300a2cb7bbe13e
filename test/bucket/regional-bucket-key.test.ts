import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionalBucket } from '../../src';
import { Decision, formatMatrix, matches, MatrixRow, PolicyDocument, simulate, SimulationCase } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT, testStack } from '../util/stacks';

/**
 * The key policy of the key a RegionalBucket creates for SSE-KMS, under IAM simulation: only AWS
 * services may create grants on it (AWS Control Tower proactive control CT.KMS.PR.3, run by
 * `npx projen scan`), so a principal that IAM lets do everything with the key still cannot hand
 * it to someone else with a grant; every other use of the key is left to IAM as before.
 */
const { app, stack } = testStack('eu-west-1', 'KeyStack');
new RegionalBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS });
const assembly = ResolvedAssembly.fromApp(app);
const key = assembly.resource('KeyStack', 'AWS::KMS::Key', 'DataKey');
const keyArn = assembly.getAtt('KeyStack', key.logicalId, 'Arn');
const keyPolicy: PolicyDocument = key.Properties.KeyPolicy;

const admin = `arn:aws:iam::${ACCOUNT}:role/admin`;
const allowAllKms: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

type Case = Omit<SimulationCase, 'resource' | 'resourceAccount' | 'resourcePolicy' | 'identityPolicies'> & { name: string; expected: Decision | 'Denied' };
const direct = { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' };
const cases: Case[] = [
  { name: 'a grant created directly by a role with kms:*', principal: admin, action: 'kms:CreateGrant', context: direct, expected: 'ExplicitlyDenied' },
  { name: 'a grant created without the grant context keys', principal: admin, action: 'kms:CreateGrant', expected: 'ExplicitlyDenied' },
  { name: 'a grant an AWS service creates for an AWS resource', principal: admin, action: 'kms:CreateGrant', context: { ...direct, 'kms:GrantIsForAWSResource': 'true' }, expected: 'Allowed' },
  { name: 'decrypt by a role with kms:* (left to IAM)', principal: admin, action: 'kms:Decrypt', expected: 'Allowed' },
  { name: 'key administration by a role with kms:* (left to IAM)', principal: admin, action: 'kms:PutKeyPolicy', expected: 'Allowed' },
];

describe('RegionalBucket key policy under IAM simulation', () => {
  const rows: MatrixRow[] = [];
  afterAll(() => console.log(`RegionalBucket key policy simulation (${rows.length} cases)\n${formatMatrix(rows)}`));

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const actual = await simulate({ ...c, resource: keyArn, resourceAccount: ACCOUNT, identityPolicies: [allowAllKms], resourcePolicy: keyPolicy });
    rows.push({ name: c.name, principal: c.principal, action: c.action, resource: keyArn, expected: c.expected, actual });
    expect(matches(c.expected, actual)).toBe(true);
  });

  test('without the CreateGrant deny, the direct grant would be allowed', async () => {
    const withoutDeny = { ...keyPolicy, Statement: keyPolicy.Statement.filter((s) => s.Effect !== 'Deny') };
    expect(withoutDeny.Statement.length).toBe(keyPolicy.Statement.length - 1);
    const decision = await simulate({ principal: admin, action: 'kms:CreateGrant', resource: keyArn, resourceAccount: ACCOUNT, identityPolicies: [allowAllKms], resourcePolicy: withoutDeny, context: direct });
    expect(decision).toBe('Allowed');
  });
});
