import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  Backfill,
  ExistingBucket,
  ExistingBucketProps,
  ExistingBucketVersioning,
  MultiRegionBucket,
  MultiRegionBucketProps,
  Routing,
} from '../../src';
import { synthesizeUnder } from '../flags/matrix';
import { ACCOUNT } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

/**
 * Adopting an existing bucket (docs/adr/0034): the `cdk import` step renders the bucket alone, as
 * declared; the deploy after it applies the secure defaults and lists each change; a referenced
 * bucket gets what can be added beside it; the new Regions are backfilled from it, passive.
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const NEW_REGIONS = ['eu-west-1', 'ap-southeast-2'];
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

/** What `aws s3api` prints for a bucket created before 2023 and never changed since. */
const LEGACY: ExistingBucketProps = {
  bucketName: 'acme-assets',
  region: 'us-east-1',
  versioning: ExistingBucketVersioning.NEVER_ENABLED,
  encryption: s3.BucketEncryption.S3_MANAGED,
  objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
  lifecycleRules: [{ id: 'AbortUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
};

function adopt(existing: ExistingBucket, props: Partial<MultiRegionBucketProps> = {}) {
  const app = new App();
  const site = new MultiRegionBucket(app, 'Site', {
    regions: REGIONS,
    account: ACCOUNT,
    bucketNameBase: 'acme-assets',
    existingBuckets: [existing],
    backfill: Backfill.existingObjects({ regions: NEW_REGIONS }),
    ...props,
  });
  return { app, site };
}

const importStep = () => adopt(ExistingBucket.imported({ ...LEGACY, importing: true }));
const defaultsStep = () => adopt(ExistingBucket.imported(LEGACY));

/** The S3 buckets of a template, by logical ID. */
function bucketsOf(template: any): Record<string, any> {
  return Object.fromEntries(Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket'));
}

describe('ExistingBucket.imported: the cdk import step', () => {
  test('the Regional stack holds the bucket alone, exactly as declared, retained, named by its physical name', () => {
    const { app } = importStep();
    const template = app.synth().getStackByName('Site-us-east-1').template;
    // Only the bucket: CloudFormation refuses an import that changes anything else (the CLI drops
    // CDKMetadata and Outputs from an import; there are none here anyway).
    expect(Object.values<any>(template.Resources).map((r) => r.Type).filter((t) => t !== 'AWS::CDK::Metadata')).toEqual(['AWS::S3::Bucket']);
    expect(template.Outputs).toBeUndefined();
    expect(Object.values(bucketsOf(template))).toEqual([{
      Type: 'AWS::S3::Bucket',
      Properties: {
        // The identifier `cdk import` reads from the template (a literal string property).
        BucketName: 'acme-assets',
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
        LifecycleConfiguration: { Rules: [{ Id: 'AbortUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    }]);
  });

  test('the declared versioning, key, bucket keys and Object Lock are rendered as the live bucket has them', () => {
    const { app } = adopt(ExistingBucket.imported({
      ...LEGACY,
      versioning: ExistingBucketVersioning.SUSPENDED,
      encryption: s3.BucketEncryption.KMS,
      encryptionKeyArn: KEY_ARN,
      bucketKeyEnabled: true,
      objectLockEnabled: true,
      importing: true,
    }), { encryption: s3.BucketEncryption.KMS, objectLockEnabled: true });
    const template = Template.fromJSON(app.synth().getStackByName('Site-us-east-1').template);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Suspended' },
      ObjectLockEnabled: true,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN }, BucketKeyEnabled: true }] },
    });
  });

  test('the bucket keeps its logical ID from the import step to the deploy after it (the import is not undone)', () => {
    const ids = [importStep(), defaultsStep()].map(({ app }) => {
      const buckets = bucketsOf(app.synth().getStackByName('Site-us-east-1').template);
      return Object.entries(buckets).find(([, r]) => r.Properties.BucketName === 'acme-assets')![0];
    });
    expect(ids[0]).toEqual(ids[1]);
  });

  test('anything else in the stack being imported is refused at synth time, naming it', () => {
    const { app, site } = importStep();
    new sns.Topic(site.stackIn('us-east-1'), 'Extra');
    expect(() => app.synth()).toThrow(/'existingBuckets' imports acme-assets into stack Site-us-east-1 \(importing: true\), so that stack must hold only the bucket: .*Site\/us-east-1\/Extra\/Resource \(AWS::SNS::Topic\)/);
  });

  test('the other stacks still synthesize (they are deployed after the import), and name the bucket by its name', () => {
    const { app } = importStep();
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Site-ap-southeast-2', 'Site-eu-west-1', 'Site-global', 'Site-us-east-1']);
    expect(JSON.stringify(assembly.getStackByName('Site-global').template)).toContain('acme-assets');
  });

  test('cdk synth lists each change the next deploy makes, on the bucket\'s Regional stack', async () => {
    const result = await synthAsCli(() => importStep().app);
    expect(result.failure).toBeUndefined();
    const warning = result.warnings.find((w) => w.id === 'cdk-multi-region-bucket:adoptedBucketChanges')!;
    expect(warning.paths).toEqual(['Site/us-east-1/Bucket/Bucket']);
    expect(warning.message).toContain("Once 'cdk import' has imported acme-assets, the next deploy (without 'importing') changes the existing bucket:");
    for (const change of ['turns versioning on', 'blocks all public access', 'denies requests without TLS', 'sets object ownership to BucketOwnerEnforced (it is ObjectWriter)', 'puts its replication configuration']) {
      expect(warning.message).toContain(change);
    }
  });
});

describe('ExistingBucket.imported: the deploy after the import', () => {
  test('applies the secure defaults to the same bucket and keeps its lifecycle rules', () => {
    const { app } = defaultsStep();
    const template = Template.fromJSON(app.synth().getStackByName('Site-us-east-1').template);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketName: 'acme-assets',
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'AbortUploads' })]) },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the new buckets are named after the existing one, and filled from it while passive', () => {
    const { app, site } = defaultsStep();
    const assembly = app.synth();
    expect(NEW_REGIONS.map((r) => site.bucketIn(r).bucket.node.defaultChild as s3.CfnBucket).map((b) => b.bucketName)).toEqual(['acme-assets-eu-west-1', 'acme-assets-ap-southeast-2']);
    const global = Template.fromJSON(assembly.getStackByName('Site-global').template);
    // Passive while they fill: the new Regions' traffic dials are 0.
    const text = JSON.stringify(global.toJSON());
    for (const region of NEW_REGIONS) expect(text).toMatch(new RegExp(`Region\\W+${region}\\W+TrafficDialPercentage\\W+0\\b`));
    expect(text).toMatch(/Region\W+us-east-1\W+TrafficDialPercentage\W+100\b/);
    // The existing bucket's replication copies its objects into them: an S3 Batch Replication job
    // whose manifest is generated from it.
    const jobs = Object.values<any>(global.findResources('Custom::S3BatchReplicationJob')).map((r) => JSON.stringify(r.Properties));
    expect(jobs.filter((job) => job.includes('arn:aws:s3:::acme-assets\\"')).length).toBe(1);
  });

  test('cdk synth lists the changes of this deploy; a setting the bucket already has is not listed', async () => {
    const before = await synthAsCli(() => defaultsStep().app);
    expect(before.warnings.find((w) => w.id === 'cdk-multi-region-bucket:adoptedBucketChanges')?.message).toContain('This deploy (with acme-assets imported) changes the existing bucket: (1) turns versioning on');
    const after = await synthAsCli(() => adopt(ExistingBucket.imported({
      ...LEGACY, versioning: ExistingBucketVersioning.ENABLED, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    })).app);
    const message = after.warnings.find((w) => w.id === 'cdk-multi-region-bucket:adoptedBucketChanges')!.message;
    expect(message).toContain('(1) blocks all public access');
    expect(message).not.toContain('versioning');
    expect(message).not.toContain('object ownership');
  });
});

describe('ExistingBucket.referenced', () => {
  const referenced = (props: Partial<ExistingBucketProps> = {}) => adopt(ExistingBucket.referenced({
    ...LEGACY, versioning: ExistingBucketVersioning.ENABLED, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, ...props,
  }));

  test('the app creates no bucket in its Region, and the others replicate with it by name', () => {
    const { app, site } = referenced();
    const assembly = app.synth();
    expect(Object.values(bucketsOf(assembly.getStackByName('Site-us-east-1').template))).toEqual([]);
    expect(site.buckets.map((b) => b.region)).toEqual(NEW_REGIONS);
    expect(() => site.bucketIn('us-east-1')).toThrow(/'region' must be a Region whose bucket this construct manages, got us-east-1, whose bucket acme-assets is referenced/);
    expect(JSON.stringify(assembly.getStackByName('Site-global').template)).toContain('arn:aws:s3:::acme-assets');
  });

  test('cdk synth prints the statements to add to its policy, as pasteable JSON', async () => {
    const result = await synthAsCli(() => referenced().app);
    expect(result.failure).toBeUndefined();
    const warning = result.warnings.find((w) => w.id === 'cdk-multi-region-bucket:referencedBucketNotSecured')!;
    expect(warning.paths).toEqual(['Site/us-east-1/Bucket']);
    const json = warning.message.slice(warning.message.indexOf('[{'));
    expect(JSON.parse(json)).toEqual([
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: ['arn:aws:s3:::acme-assets', 'arn:aws:s3:::acme-assets/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: ['arn:aws:s3:::acme-assets', 'arn:aws:s3:::acme-assets/*'], Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
    ]);
  });
});

describe('an existing bucket encrypted with a key the app does not own', () => {
  test('cdk synth prints the statement the key owner must add, naming the replication roles by their ARNs', async () => {
    const result = await synthAsCli(() => adopt(ExistingBucket.imported({
      ...LEGACY, encryption: s3.BucketEncryption.KMS, encryptionKeyArn: KEY_ARN,
    }), { encryption: s3.BucketEncryption.KMS }).app);
    expect(result.failure).toBeUndefined();
    const warning = result.warnings.find((w) => w.id === 'cdk-multi-region-bucket:adoptedBucketKeyPolicy')!;
    expect(warning.message).toContain(`encrypted with ${KEY_ARN}, a key this app does not own`);
    // The statement, then one sentence per placeholder (the backfill job's role, named by
    // CloudFormation, is known only once deployed).
    const [, json, hows] = /(\{"Action".*\})(?: (Replace .*))?$/.exec(warning.message)!;
    const statement = JSON.parse(json);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
    const roles: string[] = [statement.Principal.AWS].flat();
    const literal = roles.filter((role) => new RegExp(`^arn:aws:iam::${ACCOUNT}:role/replication_role_for_[\\w+=,.@-]+$`).test(role));
    // The three replication roles (two-way: one per source bucket) by their literal ARNs.
    expect(literal.length).toBe(3);
    for (const placeholder of roles.filter((role) => !literal.includes(role))) {
      expect(hows).toContain(`Replace ${placeholder} with the Arn attribute of`);
      expect(hows).toContain('once stack Site-global is deployed');
    }
  });
});

describe('to stop managing an imported bucket: declare it referenced', () => {
  test('the bucket and its policy leave the stack retained, so CloudFormation leaves them, and their data, as they are', () => {
    const managed = Template.fromJSON(defaultsStep().app.synth().getStackByName('Site-us-east-1').template);
    const ownBucket = Object.entries<any>(managed.findResources('AWS::S3::Bucket')).find(([, r]) => r.Properties.BucketName === 'acme-assets')!;
    expect(ownBucket[1]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const policies = Object.entries<any>(managed.findResources('AWS::S3::BucketPolicy')).filter(([, r]) => r.Properties.Bucket.Ref === ownBucket[0]);
    expect(policies.map(([, r]) => r.DeletionPolicy)).toEqual(['Retain']);

    const released = adopt(ExistingBucket.referenced({
      ...LEGACY, versioning: ExistingBucketVersioning.ENABLED, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    })).app.synth().getStackByName('Site-us-east-1').template;
    expect(released.Resources[ownBucket[0]]).toBeUndefined();
    expect(released.Resources[policies[0][0]]).toBeUndefined();
  });

  test('with every Region active, the emptied Regional stack keeps a placeholder, and `cdk synth` under the recommended flags passes', () => {
    const build = (app: App) => new MultiRegionBucket(app, 'Site', {
      regions: REGIONS,
      account: ACCOUNT,
      bucketNameBase: 'acme-assets',
      existingBuckets: [ExistingBucket.referenced({
        ...LEGACY, versioning: ExistingBucketVersioning.ENABLED, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      })],
      routing: Routing.activeActive(),
    });
    const app = new App();
    build(app);
    // Without it, aws-cdk-lib's validation reports F0001 ("Resources section must exist and be
    // non-empty"): a warning under the default flags, an error that stops synthesis under the
    // recommended ones, and CloudFormation refuses such a template.
    expect(app.synth().getStackByName('Site-us-east-1').template.Resources).toEqual({
      NothingElseHere: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    });
    expect(synthesizeUnder('recommended', build, { nag: false }).error).toBeUndefined();
  });
});
