import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BucketReplication,
  ExistingBucket,
  ExistingBucketProps,
  ExistingBucketVersioning,
  MultiRegionAccessPoint,
  MultiRegionAccessPointOrigin,
  MultiRegionBucket,
  RegionalBucket,
  RegionalFailoverOrigin,
  SecureDistribution,
} from '../../src';
import { printedStatements, statementProblems } from '../util/printed-statements';
import { ACCOUNT } from '../util/stacks';
import { CliAnnotation, synthAsCli } from '../util/toolkit';

/**
 * Every warning that prints a policy statement for the user to paste (into a policy this app
 * cannot change: an imported access point, bucket or key), read as `cdk synth` prints it: the
 * JSON in the message parses, is a policy statement, holds no CloudFormation intrinsic, and names
 * only placeholders of the form `<distribution-id>` that the message explains (issue 22, item 5).
 */

const OWNER = '222222222222';
const OWNER_KEY = `arn:aws:kms:eu-west-1:${OWNER}:key/11111111-2222-3333-4444-555555555555`;
const OWN_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const ALIAS = 'mfzwi23gnjvgw.mrap';

interface Case {
  readonly name: string;
  readonly id: string;
  /** How many warnings of `id` the app raises. */
  readonly count?: number;
  readonly app: () => App;
  /** Fragments the printed statement text must contain (the literals the app knows, the placeholders it does not). */
  readonly contains: string[];
}

function importedAccessPointApp(env?: { account: string; region: string }, originAccessLevels?: cloudfront.AccessLevel[]): App {
  const app = new App();
  const stack = new Stack(app, 'Site', { env });
  const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Ap', { multiRegionAccessPointAlias: ALIAS, regions: ['eu-west-1'] });
  new SecureDistribution(stack, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint, { originAccessLevels }) });
  return app;
}

/** An access point of ACCOUNT over a bucket of its own and an imported bucket (with an imported key) of `owner`. */
function accessPointOverImported(owner: string, keyArn: string, extra?: (global: Stack, accessPoint: MultiRegionAccessPoint) => void): App {
  const app = new App();
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const theirs = s3.Bucket.fromBucketAttributes(global, 'Theirs', {
    bucketName: 'theirs-eu',
    region: 'eu-west-1',
    account: owner,
    encryptionKey: kms.Key.fromKeyArn(global, 'TheirKey', keyArn),
  });
  const ours = new RegionalBucket(new Stack(app, 'DataUs', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Data', { bucketName: 'ours-us' });
  const accessPoint = new MultiRegionAccessPoint(global, 'AccessPoint', { multiRegionAccessPointName: 'imported-owner', buckets: [ours.bucket, theirs] });
  extra?.(global, accessPoint);
  return app;
}

function replicationToImported(kmsKey: boolean): App {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const source = new RegionalBucket(stack, 'Data', { bucketName: 'workload-data-eu', encryption: kmsKey ? s3.BucketEncryption.KMS : undefined });
  const imported = s3.Bucket.fromBucketAttributes(stack, 'Backup', { bucketName: 'backup-data-us', account: OWNER, region: 'us-east-1' });
  const key = kmsKey ? kms.Key.fromKeyArn(stack, 'BackupKey', `arn:aws:kms:us-east-1:${OWNER}:key/11111111-2222-3333-4444-555555555555`) : undefined;
  new BucketReplication(stack, 'Replication', { source: source.bucket, destinations: [{ bucket: imported, kmsKey: key }] });
  return app;
}

function failoverToImported(): App {
  const app = new App();
  const stack = new Stack(app, 'Site', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const primary = new RegionalBucket(stack, 'Primary', { bucketName: 'site-primary-us' });
  const fallback = s3.Bucket.fromBucketAttributes(stack, 'Fallback', {
    bucketName: 'site-fallback-west',
    region: 'us-west-2',
    encryptionKey: kms.Key.fromKeyArn(stack, 'FallbackKey', `arn:aws:kms:us-west-2:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`),
  });
  new SecureDistribution(stack, 'Cdn', { origin: RegionalFailoverOrigin.withOriginAccessControl(primary.bucket, fallback) });
  return app;
}

const CASES: Case[] = [
  {
    name: 'an imported access point behind a distribution: the statement names this distribution by a placeholder',
    id: 'accessPointPolicyNotUpdated',
    app: () => importedAccessPointApp({ account: ACCOUNT, region: 'us-east-1' }),
    contains: [`"AWS:SourceArn":"arn:aws:cloudfront::${ACCOUNT}:distribution/<distribution-id>"`, `arn:aws:s3::${ACCOUNT}:accesspoint/${ALIAS}/object/*`],
  },
  {
    name: 'an imported access point with LIST: both statements print',
    id: 'accessPointPolicyNotUpdated',
    count: 2,
    app: () => importedAccessPointApp({ account: ACCOUNT, region: 'us-east-1' }, [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST]),
    contains: ['distribution/<distribution-id>'],
  },
  {
    name: 'an imported access point in an environment-agnostic stack: partition and account are placeholders',
    id: 'accessPointPolicyNotUpdated',
    app: () => importedAccessPointApp(undefined),
    contains: ['"arn:<partition>:cloudfront::<account-id>:distribution/<distribution-id>"'],
  },
  {
    name: 'an imported key of the same account behind an access point with a distribution',
    id: 'accessPointKeyPolicyNotUpdated',
    app: () => accessPointOverImported(ACCOUNT, OWN_KEY.replace('us-east-1', 'eu-west-1'), (global, accessPoint) =>
      new SecureDistribution(global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) })),
    contains: ['"Service":"cloudfront.amazonaws.com"', '"kms:Decrypt"'],
  },
  {
    name: 'an imported key of another account behind an access point with a distribution',
    id: 'crossAccountKeyPolicyNotUpdated',
    app: () => accessPointOverImported(OWNER, OWNER_KEY, (global, accessPoint) =>
      new SecureDistribution(global, 'Cdn', { origin: MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint) })),
    contains: [`"aws:SourceAccount":"${ACCOUNT}"`, `"arn:aws:cloudfront::${ACCOUNT}:distribution/*"`],
  },
  {
    name: 'a grant on an access point over an imported key of another account',
    id: 'crossAccountKeyPolicyNotUpdated',
    app: () => accessPointOverImported(OWNER, OWNER_KEY, (global, accessPoint) =>
      accessPoint.grants.read(new iam.Role(global, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() }))),
    contains: [`"AWS":"arn:aws:iam::${ACCOUNT}:root"`, '"kms:ViaService":"s3.eu-west-1.amazonaws.com"', '"arn:aws:s3:::theirs-eu/*"'],
  },
  {
    name: 'a grant to a role of another account this app cannot attach a policy to: its data statement',
    id: 'granteePolicyNotAdded',
    app: () => accessPointOverImported(ACCOUNT, OWN_KEY.replace('us-east-1', 'eu-west-1'), (global, accessPoint) =>
      accessPoint.grants.read(iam.Role.fromRoleArn(global, 'Partner', `arn:aws:iam::${OWNER}:role/partner`))),
    contains: ['"s3:GetObject"', '"s3:ListBucket"', `"arn:aws:s3::${ACCOUNT}:accesspoint/`, '/object/*"'],
  },
  {
    name: 'a grant to a role of this account imported with mutable: false: its data and key statements',
    id: 'granteePolicyNotAdded',
    app: () => accessPointOverImported(ACCOUNT, OWN_KEY.replace('us-east-1', 'eu-west-1'), (global, accessPoint) =>
      accessPoint.grants.read(iam.Role.fromRoleArn(global, 'Reader', `arn:aws:iam::${ACCOUNT}:role/reader`, { mutable: false }))),
    contains: ['"s3:GetObject"', '"kms:Decrypt"', '"kms:ViaService":"s3.eu-west-1.amazonaws.com"'],
  },
  {
    name: 'an access point over an imported bucket of another account',
    id: 'crossAccountBucketDelegationNotAdded',
    app: () => accessPointOverImported(OWNER, OWNER_KEY),
    contains: ['"arn:aws:s3:::theirs-eu"', `"s3:DataAccessPointAccount":"${ACCOUNT}"`],
  },
  {
    name: 'an access point that does not delegate, over a bucket of another account in this app',
    id: 'crossAccountBucketNotDelegated',
    app: () => {
      const app = new App();
      const ours = new RegionalBucket(new Stack(app, 'DataUs', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Data', { bucketName: 'ours-us' });
      const theirs = new RegionalBucket(new Stack(app, 'OwnerEu', { env: { account: OWNER, region: 'eu-west-1' } }), 'Data', { bucketName: 'theirs-eu' });
      new MultiRegionAccessPoint(new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'AccessPoint', {
        buckets: [ours.bucket, theirs.bucket], delegateBucketAccessControl: false,
      });
      return app;
    },
    contains: ['"arn:aws:s3:::theirs-eu"', '"arn:aws:s3:::theirs-eu/*"', `"s3:DataAccessPointAccount":"${ACCOUNT}"`],
  },
  {
    name: 'an access point over an imported bucket of its own account',
    id: 'bucketDelegationNotAdded',
    app: () => accessPointOverImported(ACCOUNT, OWN_KEY.replace('us-east-1', 'eu-west-1')),
    contains: ['"arn:aws:s3:::theirs-eu"', `"s3:DataAccessPointAccount":"${ACCOUNT}"`],
  },
  {
    name: 'replication into an imported bucket of another account',
    id: 'crossAccountReplicationBucketPolicy',
    app: () => replicationToImported(false),
    contains: ['"arn:aws:s3:::backup-data-us/*"', `arn:aws:iam::${ACCOUNT}:`],
  },
  {
    name: 'replication with an imported replica key of another account',
    id: 'crossAccountReplicationKeyPolicy',
    app: () => replicationToImported(true),
    contains: ['"kms:Encrypt"', '"kms:ViaService":"s3.us-east-1.amazonaws.com"'],
  },
  {
    name: 'a Regional failover origin on an imported bucket',
    id: 'regionalOriginBucketPolicy',
    app: failoverToImported,
    contains: ['"arn:aws:s3:::site-fallback-west/*"', 'distribution/<distribution-id>'],
  },
  {
    name: 'a Regional failover origin on an imported bucket with an imported key',
    id: 'regionalOriginKeyPolicy',
    app: failoverToImported,
    contains: ['"kms:Decrypt"', `"arn:aws:cloudfront::${ACCOUNT}:distribution/<distribution-id>"`],
  },
  {
    name: 'a referenced existing bucket: the TLS-only statements for its policy',
    id: 'referencedBucketNotSecured',
    app: () => adoptingApp(ExistingBucket.referenced(EXISTING)),
    contains: ['"arn:aws:s3:::acme-assets/*"', '"aws:SecureTransport":"false"', '"s3:TlsVersion":"1.2"'],
  },
  {
    name: 'an existing bucket with a key the app does not own: the replication roles, by ARN, for the key policy',
    id: 'adoptedBucketKeyPolicy',
    app: () => adoptingApp(
      ExistingBucket.imported({ ...EXISTING, encryption: s3.BucketEncryption.KMS, encryptionKeyArn: OWN_KEY }),
      s3.BucketEncryption.KMS,
    ),
    contains: [`arn:aws:iam::${ACCOUNT}:role/replication_role_for_acme-assets_to_`, '"kms:ViaService":"s3.us-east-1.amazonaws.com"'],
  },
];

/** An existing bucket in us-east-1, ready to be referenced (docs/adr/0034). */
const EXISTING: ExistingBucketProps = {
  bucketName: 'acme-assets',
  region: 'us-east-1',
  versioning: ExistingBucketVersioning.ENABLED,
  encryption: s3.BucketEncryption.S3_MANAGED,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};

/** A MultiRegionBucket over an existing bucket in us-east-1 and a new one in eu-west-1. */
function adoptingApp(existing: ExistingBucket, encryption?: s3.BucketEncryption): App {
  const app = new App();
  new MultiRegionBucket(app, 'Site', { regions: ['us-east-1', 'eu-west-1'], account: ACCOUNT, encryption, existingBuckets: [existing] });
  return app;
}

const PREFIX = 'cdk-multi-region-bucket:';

describe('statements printed in warnings are pasteable', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await synthAsCli(c.app());
    expect(result.failure).toBeUndefined();
    const warnings: CliAnnotation[] = result.warnings.filter((w) => w.id === PREFIX + c.id);
    expect(warnings).toHaveLength(c.count ?? 1);
    for (const warning of warnings) {
      const printed = printedStatements(warning.message);
      expect(printed).toHaveLength(1);
      const [{ text, statements }] = printed;
      for (const statement of statements) {
        expect({ statement, problems: statementProblems(statement, warning.message) }).toEqual({ statement, problems: [] });
      }
      for (const fragment of c.contains) {
        if (!warnings.some((w) => w.message.includes(fragment))) expect(text).toContain(fragment);
      }
    }
  });

  test('a placeholder comes with how to get its value', async () => {
    const result = await synthAsCli(importedAccessPointApp(undefined));
    const [warning] = result.warnings.filter((w) => w.id === `${PREFIX}accessPointPolicyNotUpdated`);
    expect(warning.message).toMatch(/Replace <distribution-id> with the id of the distribution Site\/Cdn\/\S+ once stack Site is deployed \(`aws cloudformation describe-stack-resource --stack-name Site --logical-resource-id Cdn\w+ .*`aws cloudfront list-distributions`\)\./);
    expect(warning.message).toContain('Replace <account-id> with the 12-digit id of the account stack Site deploys to');
    expect(warning.message).toContain('Replace <partition> with the partition of the Region stack Site deploys to');
  });

  test('the parser finds the JSON and passes over brackets that are not statements', () => {
    const message = "'destinations[0].bucket' X is in account 1: add {\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Principal\":{\"AWS\":\"111111111111\"}} [ack: x]";
    expect(printedStatements(message)).toEqual([{ text: expect.stringContaining('"Effect"'), statements: [expect.objectContaining({ Effect: 'Allow' })] }]);
  });

  test.each([
    ['a Ref', { Effect: 'Allow', Action: 's3:GetObject', Resource: { Ref: 'AWS::Partition' } }],
    ['a join', { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', ['arn:', 'x']] } }],
    ['an ARN ending in distribution/', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::111111111111:distribution/' } } }],
    ['a token', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${Token[TOKEN.12]}' }],
    ['an unexplained placeholder', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::<bucket-name>' }],
    ['a placeholder not of the named form', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::<Bucket Name>' }],
    ['no Effect', { Action: 's3:GetObject', Resource: '*' }],
    ['no Action', { Effect: 'Allow', Resource: '*' }],
    ['a malformed principal', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: { Service: 'cloudfront' } }],
  ])('the check refuses a statement with %s', (_name, statement) => {
    expect(statementProblems(statement as Record<string, unknown>, 'message')).not.toEqual([]);
  });

  test('every warning of the library that prints a statement is covered here', () => {
    const src = path.join(__dirname, '..', '..', 'src');
    const files = listTs(src);
    const ids = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf-8');
      for (const match of text.matchAll(/warnWithStatements\([^']*'cdk-multi-region-bucket:(\w+)'(?: : 'cdk-multi-region-bucket:(\w+)')?/g)) {
        ids.add(match[1]);
        if (match[2]) ids.add(match[2]);
      }
    }
    expect([...ids].sort()).toEqual([...new Set(CASES.map((c) => c.id))].sort());
    // No message renders JSON itself: JSON.stringify in src is only for sizes and the renderer, and
    // in the source of the ARC plan's Lambda function (it builds the routine's input at run time).
    const stringifies = files.filter((f) => fs.readFileSync(f, 'utf-8').includes('JSON.stringify')).map((f) => path.relative(src, f)).sort();
    expect(stringifies).toEqual([
      'failover/private/region-switch-plan.ts',
      'private/nag-wildcards.ts',
      'private/printed-statement.ts',
      'private/template-limits.ts',
      'replication/private/policy-size.ts',
    ]);
  });
});

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listTs(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}
