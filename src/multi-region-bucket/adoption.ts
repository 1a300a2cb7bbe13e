import { Arn, ArnFormat, Aws, CfnResource, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { BucketAdoption, ExistingBucket, ExistingBucketVersioning } from './existing-bucket';
import { ReplicationMode } from './replication';
import { RegionalBucket } from '../bucket';
import { warnWithStatements } from '../private/printed-statement';
import { claim, claimOf, validateAccountId, validateBucketName, validationError } from '../private/validation';
import { warn } from '../private/warnings';
import { BucketReplication } from '../replication';

/**
 * Existing buckets in a MultiRegionBucket (docs/adr/0034-adopting-existing-buckets.md): what the
 * user declares about each, checked against what the setup needs, and how each is rendered.
 */

/** What the adoption checks need to know of the MultiRegionBucket's props. */
export interface AdoptionContext {
  readonly regions: string[];
  /** The account of each Region. */
  readonly accounts: Map<string, string>;
  readonly mode: ReplicationMode;
  readonly primaryRegion: string;
  /** The `encryption` of the MultiRegionBucket (S3_MANAGED by default). */
  readonly encryption: s3.BucketEncryption;
  readonly objectLockEnabled: boolean;
}

/** An existing bucket as the other constructs name it, with its key when it has one. */
export interface AdoptedBucket {
  readonly bucket: s3.IBucket;
  readonly key?: kms.IKey;
  /** The construct that carries the bucket's warnings, in its Regional stack (the same path in both steps of an import). */
  readonly at: IConstruct;
}

/** Storage classes whose objects S3 replication (and so S3 Batch Replication) does not copy. */
const ARCHIVE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'];

/**
 * The existing buckets by Region, checked as a whole: each names a Region of `regions` (one per
 * Region), a valid name, its account, and settings the setup can work with. Refusals name the
 * property as the user wrote it (`existingBuckets[0].versioning`), the value, and the way out.
 */
export function validateExistingBuckets(
  scope: IConstruct,
  existing: ExistingBucket[] | undefined,
  context: AdoptionContext,
): Map<string, ExistingBucket> {
  const byRegion = new Map<string, ExistingBucket>();
  if (existing === undefined) return byRegion;
  if (Token.isUnresolved(existing)) {
    throw validationError(scope, "'existingBuckets' must be a literal list of ExistingBucket (each names its Region at synth time), got a token");
  }
  existing.forEach((bucket, i) => {
    const at = `existingBuckets[${i}]`;
    const props = bucket._props;
    if (Token.isUnresolved(props.region) || !context.regions.includes(props.region)) {
      throw validationError(scope, `'${at}.region' must be one of 'regions' (${context.regions.join(', ')}), got ${Token.isUnresolved(props.region) ? 'a token' : props.region}; `
        + "add the bucket's Region to 'regions'");
    }
    const other = byRegion.get(props.region);
    if (other) {
      throw validationError(scope, `'${at}.region' must be a Region without another existing bucket, got ${props.region}, already the Region of ${other.bucketName}; `
        + 'a Region holds one copy of the bucket');
    }
    if (Token.isUnresolved(props.bucketName)) {
      throw validationError(scope, `'${at}.bucketName' must be a literal bucket name (the other Regions' stacks name it at synth time), got a token`);
    }
    validateBucketName(scope, `${at}.bucketName`, props.bucketName);
    validateAccountId(scope, `${at}.account`, props.account);
    const account = context.accounts.get(props.region)!;
    if (props.account !== undefined && props.account !== account) {
      throw validationError(scope, `'${at}.account' must be the account of ${props.region} in this MultiRegionBucket (${account}), got ${props.account}; `
        + `set 'accounts' to { '${props.region}': '${props.account}' } (or 'account') so that the Region's stack is in the bucket's account`);
    }
    const owner = claimOf(scope, 'bucket', props.bucketName);
    if (owner !== undefined) {
      throw validationError(scope, `'${at}.bucketName' must be a bucket no other construct of this app manages, got '${props.bucketName}', already the name of the bucket of ${owner}`);
    }
    validateEncryption(scope, at, bucket, context);
    validateSettings(scope, at, bucket, context);
    validateLifecycle(scope, at, bucket, context);
    byRegion.set(props.region, bucket);
  });
  return byRegion;
}

function validateEncryption(scope: IConstruct, at: string, bucket: ExistingBucket, context: AdoptionContext): void {
  const { encryption, encryptionKeyArn } = bucket._props;
  if (encryption !== s3.BucketEncryption.S3_MANAGED && encryption !== s3.BucketEncryption.KMS) {
    throw validationError(scope, `'${at}.encryption' must be S3_MANAGED (AES256) or KMS (aws:kms with a customer managed key), got ${encryption}; `
      + 'change the bucket\'s default encryption first (aws s3api put-bucket-encryption): replication across Regions needs a key every Region can name');
  }
  if (encryption !== context.encryption) {
    throw validationError(scope, `'${at}.encryption' must be the 'encryption' of the other buckets (${context.encryption}), got ${encryption}; `
      + `set 'encryption' to ${encryption} so that the new buckets are encrypted as the existing one`);
  }
  if (encryption === s3.BucketEncryption.KMS && encryptionKeyArn === undefined) {
    throw validationError(scope, `'${at}.encryptionKeyArn' must be the ARN of the bucket's key with 'encryption' KMS (KMSMasterKeyID in what aws s3api get-bucket-encryption prints), got none`);
  }
  if (encryption !== s3.BucketEncryption.KMS && encryptionKeyArn !== undefined) {
    throw validationError(scope, `'${at}.encryptionKeyArn' needs 'encryption' KMS, got ${encryptionKeyArn} with ${encryption}`);
  }
  if (encryptionKeyArn === undefined || Token.isUnresolved(encryptionKeyArn)) return;
  const arn = Arn.split(encryptionKeyArn, ArnFormat.SLASH_RESOURCE_NAME);
  if (arn.service !== 'kms' || arn.resource !== 'key' || !arn.resourceName) {
    throw validationError(scope, `'${at}.encryptionKeyArn' must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>; for an alias, aws kms describe-key --key-id <alias> --query KeyMetadata.Arn), got ${encryptionKeyArn}`);
  }
  if (arn.region !== bucket.region) {
    throw validationError(scope, `'${at}.encryptionKeyArn' must be a key in the bucket's Region ${bucket.region}, got a key in ${arn.region}`);
  }
}

function validateSettings(scope: IConstruct, at: string, bucket: ExistingBucket, context: AdoptionContext): void {
  const props = bucket._props;
  const referenced = bucket.adoption === BucketAdoption.REFERENCED;
  if (props.hasReplicationConfiguration === true) {
    throw validationError(scope, `'${at}.hasReplicationConfiguration' must be false: this construct puts the bucket's replication configuration and would replace the existing one, got true; `
      + `remove it first (aws s3api delete-bucket-replication --bucket ${props.bucketName}), or move those rules to another bucket`);
  }
  if ((props.objectLockEnabled ?? false) !== context.objectLockEnabled) {
    throw validationError(scope, `'${at}.objectLockEnabled' must match 'objectLockEnabled' of the other buckets (${context.objectLockEnabled}), got ${props.objectLockEnabled ?? false}; `
      + (context.objectLockEnabled
        ? 'Object Lock of an existing bucket cannot be declared on by CloudFormation: adopt a bucket created with Object Lock, or set \'objectLockEnabled\' to false'
        : "set 'objectLockEnabled' to true, so that replicas are protected as the existing objects are"));
  }
  if (referenced && props.versioning !== ExistingBucketVersioning.ENABLED) {
    throw validationError(scope, `'${at}.versioning' must be ENABLED for a referenced bucket (replication and Multi-Region Access Points need versioning, and this app cannot turn it on), got ${props.versioning}; `
      + `turn it on (aws s3api put-bucket-versioning --bucket ${props.bucketName} --versioning-configuration Status=Enabled), or adopt it with ExistingBucket.imported()`);
  }
  if (referenced && context.mode !== ReplicationMode.NONE && props.objectOwnership !== s3.ObjectOwnership.BUCKET_OWNER_ENFORCED) {
    throw validationError(scope, `'${at}.objectOwnership' must be BUCKET_OWNER_ENFORCED for a referenced bucket that replicates (ACLs off, so every replica is the bucket owner's), got ${props.objectOwnership}; `
      + `turn ACLs off (aws s3api put-bucket-ownership-controls --bucket ${props.bucketName} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'), or adopt it with ExistingBucket.imported()`);
  }
}

/** Lifecycle rules that make the copies differ: expiring current versions on one bucket only. */
function validateLifecycle(scope: IConstruct, at: string, bucket: ExistingBucket, context: AdoptionContext): void {
  const rules = bucket._props.lifecycleRules ?? [];
  if (context.mode === ReplicationMode.NONE) return;
  rules.forEach((rule, j) => {
    if (rule.enabled === false) return;
    const expires = rule.expiration !== undefined ? `expiration ${rule.expiration.toHumanString()}` : rule.expirationDate !== undefined ? `expirationDate ${rule.expirationDate.toISOString().slice(0, 10)}` : undefined;
    if (expires !== undefined) {
      throw validationError(scope, `'${at}.lifecycleRules[${j}]' must not expire current versions while the bucket replicates, got ${expires}${rule.id ? ` (rule ${rule.id})` : ''}: `
        + 'S3 does not replicate what a lifecycle rule deletes, so the other Regions would keep serving the expired objects; '
        + 'remove the rule from the bucket (aws s3api put-bucket-lifecycle-configuration) and from the declaration; expiring noncurrent versions stays possible (noncurrentVersionExpiration)');
    }
  });
}

/** The changes the deploy after the import makes to an imported bucket, one sentence each. */
export function changesAfterImport(bucket: ExistingBucket, mode: ReplicationMode, logging: boolean): string[] {
  const props = bucket._props;
  const changes: string[] = [];
  if (props.versioning !== ExistingBucketVersioning.ENABLED) {
    changes.push(`turns versioning on (it is ${props.versioning === ExistingBucketVersioning.SUSPENDED ? 'suspended' : 'off'}; replication and the Multi-Region Access Point need it, and it cannot be turned off again, only suspended)`);
  }
  changes.push('blocks all public access (the four Block Public Access settings)');
  changes.push('adds a bucket policy that denies requests without TLS or with TLS older than 1.2');
  if (props.objectOwnership !== s3.ObjectOwnership.BUCKET_OWNER_ENFORCED) {
    changes.push(`sets object ownership to BucketOwnerEnforced (it is ${props.objectOwnership}): ACLs stop applying, so a reader that an object ACL admitted loses access`);
  }
  if (props.encryption === s3.BucketEncryption.KMS && props.bucketKeyEnabled !== true) {
    changes.push('turns S3 Bucket Keys on for new objects');
  }
  if (logging) changes.push('turns on server access logging into a new access-log bucket beside it');
  changes.push('adds the request metrics configuration EntireBucket');
  if (mode !== ReplicationMode.NONE) {
    changes.push('puts its replication configuration (once every bucket exists, from the replication custom resource)');
  }
  return changes;
}

/**
 * The bucket of an imported `ExistingBucket` in the `cdk import` step: the bucket alone, with the
 * declared settings and nothing else, `DeletionPolicy` and `UpdateReplacePolicy` Retain, at the
 * construct path (and so the logical ID) the RegionalBucket of the following deploy gives it. The
 * other stacks name it through a reference (which adds nothing to this stack), and a validation of
 * the stack refuses any other resource in it: the import must change nothing else.
 */
export function renderForImport(stack: Stack, id: string, bucket: ExistingBucket, account: string): AdoptedBucket {
  const props = bucket._props;
  const holder = new Construct(stack, id);
  const at = new Construct(holder, 'Bucket');
  const cfn = new s3.CfnBucket(at, 'Resource', {
    bucketName: props.bucketName,
    versioningConfiguration: props.versioning === ExistingBucketVersioning.NEVER_ENABLED ? undefined : { status: props.versioning },
    bucketEncryption: {
      serverSideEncryptionConfiguration: [{
        serverSideEncryptionByDefault: props.encryption === s3.BucketEncryption.KMS
          ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.encryptionKeyArn }
          : { sseAlgorithm: 'AES256' },
        bucketKeyEnabled: props.bucketKeyEnabled,
      }],
    },
    ownershipControls: { rules: [{ objectOwnership: props.objectOwnership }] },
    objectLockEnabled: props.objectLockEnabled ? true : undefined,
    lifecycleConfiguration: lifecycleConfigurationOf(stack, props.lifecycleRules),
  });
  cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
  claim(cfn, 'bucket', props.bucketName);
  stack.node.addValidation({
    validate: () => {
      const others = stack.node.findAll()
        .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c !== cfn && c.cfnResourceType !== 'AWS::CDK::Metadata')
        .map((c) => `${c.node.path} (${c.cfnResourceType})`);
      return others.length === 0 ? [] : [`'existingBuckets' imports ${props.bucketName} into stack ${stack.stackName} (importing: true), so that stack must hold only the bucket: `
        + `CloudFormation refuses an import that changes anything else, got ${others.join(', ')}; add them in the deploy after the import`];
    },
  });
  const key = keyOf(holder, 'Existing', bucket);
  const ref = s3.Bucket.fromBucketAttributes(holder, 'Reference', { bucketName: props.bucketName, region: props.region, account, encryptionKey: key });
  return { bucket: ref, key, at };
}

/**
 * The CloudFormation lifecycle configuration of `rules`, as aws-cdk-lib's Bucket renders it (a
 * Bucket in a scratch stack outside the app: nothing of it is synthesized).
 */
function lifecycleConfigurationOf(stack: Stack, rules: s3.LifecycleRule[] | undefined): s3.CfnBucket.LifecycleConfigurationProperty | undefined {
  if (rules === undefined || rules.length === 0) return undefined;
  const scratch = new Stack(undefined, 'Scratch', { env: { account: stack.account, region: stack.region } });
  const rendered = new s3.Bucket(scratch, 'Bucket', { lifecycleRules: rules }).node.defaultChild as s3.CfnBucket;
  return rendered.lifecycleConfiguration as s3.CfnBucket.LifecycleConfigurationProperty;
}

/** The bucket of a referenced `ExistingBucket`: a reference by name, with its key when it has one. */
export function reference(stack: Stack, id: string, bucket: ExistingBucket, account: string): AdoptedBucket {
  const props = bucket._props;
  const key = keyOf(stack, id, bucket);
  const ref = s3.Bucket.fromBucketAttributes(stack, id, { bucketName: props.bucketName, region: props.region, account, encryptionKey: key });
  return { bucket: ref, key, at: ref };
}

/** The existing key of an SSE-KMS bucket, as a reference (the app never owns it). */
export function keyOf(scope: Construct, id: string, bucket: ExistingBucket): kms.IKey | undefined {
  const arn = bucket._props.encryptionKeyArn;
  return arn === undefined ? undefined : kms.Key.fromKeyArn(scope, `${id}Key`, arn);
}

/**
 * What an imported bucket keeps: its declared lifecycle rules (the RegionalBucket would otherwise
 * remove them), and its policy once the app stops managing it (retained like the bucket, so that
 * declaring it `referenced()` leaves the policy, with its TLS-only and delegation statements, on it).
 */
export function keepImported(regional: RegionalBucket, bucket: ExistingBucket): void {
  for (const rule of bucket._props.lifecycleRules ?? []) regional.bucket.addLifecycleRule(rule);
  regional.bucket.policy?.applyRemovalPolicy(RemovalPolicy.RETAIN);
}

/**
 * The warnings about an adopted bucket that `cdk synth` prints on its Regional stack: each change
 * the next deploy makes to an imported bucket, lifecycle transitions whose objects the backfill
 * cannot copy, and what a referenced bucket lacks. `at` is a construct of the bucket in its
 * Regional stack.
 */
export function warnAboutAdoption(at: IConstruct, bucket: ExistingBucket, mode: ReplicationMode, logging: boolean): void {
  const props = bucket._props;
  if (bucket.adoption === BucketAdoption.IMPORTED) {
    const changes = changesAfterImport(bucket, mode, logging);
    const when = bucket.importing
      ? `Once 'cdk import' has imported ${props.bucketName}, the next deploy (without 'importing')`
      : `This deploy (with ${props.bucketName} imported)`;
    warn(at, 'cdk-multi-region-bucket:adoptedBucketChanges',
      `${when} changes the existing bucket: ${changes.map((c, i) => `(${i + 1}) ${c}`).join('; ')}. `
        + (bucket.importing
          ? 'Its objects, name and lifecycle rules stay.'
          : "Its objects, name and lifecycle rules stay. Once this deploy is done, acknowledge this warning with the reason 'applied'."));
  } else {
    warnWithStatements(at, 'cdk-multi-region-bucket:referencedBucketNotSecured', (render) =>
      `The referenced bucket ${props.bucketName} is not managed by this app, so its Block Public Access settings and its policy are yours to keep secure: `
        + `block public access (aws s3api put-public-access-block --bucket ${props.bucketName} --public-access-block-configuration `
        + 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true) and add these statements to its policy: '
        + render(tlsOnlyStatements(props.bucketName)));
  }
  const archived = (props.lifecycleRules ?? []).flatMap((rule) => [...(rule.transitions ?? []), ...(rule.noncurrentVersionTransitions ?? [])])
    .map((t) => t.storageClass.value).filter((c) => ARCHIVE_CLASSES.includes(c));
  if (archived.length > 0 && mode !== ReplicationMode.NONE) {
    warn(at, 'cdk-multi-region-bucket:adoptedLifecycleArchives',
      `A lifecycle rule of ${props.bucketName} moves objects to ${[...new Set(archived)].join(' and ')}: S3 replication, and so the backfill of the new Regions, `
        + 'does not copy objects in those storage classes, so the new buckets miss them. Restore them first, or accept that they stay only in this bucket.');
  }
}

/**
 * The statement the owner of an existing bucket's key (which this app does not own) must add to
 * the key policy, printed when the app is synthesized: the replication roles that read the bucket
 * or write into it use the key, only through S3 in the bucket's Region. `at` is a construct of the
 * bucket in its Regional stack; the roles are named by their literal ARNs.
 */
export function warnAboutExistingKey(at: IConstruct, bucket: ExistingBucket, roles: iam.IRole[]): void {
  const props = bucket._props;
  if (roles.length === 0) return;
  // Rendered in the roles' stack, which names any role whose ARN is known only once deployed.
  warnWithStatements(at, 'cdk-multi-region-bucket:adoptedBucketKeyPolicy', (render) =>
    `The bucket ${props.bucketName} is encrypted with ${props.encryptionKeyArn}, a key this app does not own, so it cannot change the key's policy. `
      + 'The replication roles read its objects and write replicas into it with that key, only through S3: '
      + `the key owner must add this statement to the key policy: ${render([keyStatement(bucket.region, roles.map(literalRoleArn))])}`,
  roles[0]);
}

/** The key warnings of every existing bucket with a key: the roles of the replications that read or write it. */
export function warnAboutExistingKeys(
  existing: Map<string, ExistingBucket>,
  bucketOf: (region: string) => s3.IBucket,
  replications: BucketReplication[],
): void {
  for (const [region, bucket] of existing) {
    if (bucket._props.encryptionKeyArn === undefined) continue;
    const s3Bucket = bucketOf(region);
    // Every replication of a MultiRegionBucket reads or writes every bucket (two-way: each pair;
    // one-way: the primary into all the others), and a backfill job reads its source.
    const backfillRoles = (r: BucketReplication) => (r.backfillRole && r.source === s3Bucket ? [r.backfillRole] : []);
    warnAboutExistingKey(s3Bucket, bucket, replications.flatMap((r) => [r.role, ...backfillRoles(r)]));
  }
}

/** The ARN of `role`, literal when its name is (the replication roles are named at synth time). */
function literalRoleArn(role: iam.IRole): string {
  const cfn = role.node.defaultChild;
  const stack = Stack.of(role);
  const name = cfn instanceof iam.CfnRole ? stack.resolve(cfn.roleName) : undefined;
  if (typeof name === 'string' && !Token.isUnresolved(stack.account)) {
    return stack.formatArn({ service: 'iam', region: '', account: stack.account, resource: 'role', resourceName: name });
  }
  return role.roleArn;
}

/** The statements that deny requests to `bucketName` without TLS, or with TLS older than 1.2, as RegionalBucket's policy has them. */
function tlsOnlyStatements(bucketName: string): iam.PolicyStatement[] {
  const resources = [`arn:${Aws.PARTITION}:s3:::${bucketName}`, `arn:${Aws.PARTITION}:s3:::${bucketName}/*`];
  return [
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources,
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources,
      conditions: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
    }),
  ];
}

/** What the replication roles need of the existing key, only through S3 in the bucket's Region. */
function keyStatement(region: string, roleArns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowReplicationThroughS3',
    effect: iam.Effect.ALLOW,
    principals: roleArns.map((arn) => new iam.ArnPrincipal(arn)),
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
  });
}
