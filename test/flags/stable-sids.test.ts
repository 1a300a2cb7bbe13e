/**
 * The matrix synthesizes one app several times in a process: the Sids of cross-account
 * replication statements must not depend on what the process synthesized before (they were a
 * hash of a lazy token's text, which counts the tokens made so far).
 */
import * as crypto from 'crypto';
import { App, Lazy } from 'aws-cdk-lib';
import { MultiRegionBucket } from '../../src';
import { ACCOUNT } from '../util/stacks';

const BACKUP = '333333333333';

function sids(app: App): string[] {
  new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'us-west-2'], account: ACCOUNT, accounts: { 'us-west-2': BACKUP } });
  const text = app.synth().stacks.map((s) => JSON.stringify(s.template)).join('\n');
  return [...text.matchAll(/"Sid":"(AllowCrossAccountReplication[A-Za-z]*[0-9a-f]{8})"/g)].map((m) => m[1]).sort();
}

test('the Sids of cross-account grants are the same whatever tokens the process made before', () => {
  const first = sids(new App());
  // Tokens made in between shift every later token's number.
  for (let i = 0; i < 50; i++) Lazy.string({ produce: () => 'x' }).toString();
  const second = sids(new App());
  expect(first.length).toBeGreaterThan(0);
  expect(second).toEqual(first);
});

test('a Sid is the base and the first 8 hex of the sha256 of the literal role ARN its statement names', () => {
  const app = new App();
  new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'us-west-2'], account: ACCOUNT, accounts: { 'us-west-2': BACKUP } });
  const statements = app.synth().stacks.flatMap((s) => Object.values<any>(s.template.Resources))
    .filter((r) => r.Type === 'AWS::S3::BucketPolicy' || r.Type === 'AWS::KMS::Key')
    .flatMap((r) => (r.Properties.PolicyDocument ?? r.Properties.KeyPolicy).Statement)
    .filter((st: any) => /^AllowCrossAccountReplication/.test(st.Sid ?? ''));
  expect(statements.length).toBeGreaterThan(0);
  for (const st of statements) {
    const arn = st.Condition.ArnEquals['aws:PrincipalArn'];
    expect(typeof arn).toBe('string');
    expect(st.Sid.slice(-8)).toBe(crypto.createHash('sha256').update(arn).digest('hex').slice(0, 8));
  }
});
