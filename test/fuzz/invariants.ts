import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { ANONYMOUS, Decision, matches, PolicyDocument, simulate, SimulationCase } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';

/** One broken invariant: what, where, and what the evaluator (or the template) said. */
export interface Violation {
  readonly invariant: string;
  readonly where: string;
  readonly detail: string;
}

/** What the invariants checked in one app. */
export interface InvariantReport {
  readonly violations: Violation[];
  readonly simulations: number;
  readonly buckets: number;
  readonly replicationRoles: number;
}

/** What a configuration says the app should contain. */
export interface Expectations {
  readonly account: string;
  /** Every (source Region, destination Region) pair that replicates. */
  readonly replicationPairs: Array<[string, string]>;
  /** A key that every replication rule covers (the first rule's prefix, or nothing). */
  readonly objectKey: string;
  /** Whether a distribution reads through the access point (its policy must name exactly it). */
  readonly accessPointOrigin: boolean;
}

const OTHER_ACCOUNT = '999999999999';
const UNRELATED_BUCKET = 'arn:aws:s3:::someone-elses-bucket';
const ALLOW_EVERYTHING: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

interface Resource { readonly stack: string; readonly logicalId: string; readonly type: string; readonly properties: any; readonly raw: any }

/**
 * The security invariants every MultiRegionBucket app keeps, whatever its configuration, checked
 * on the synthesized templates (with every intrinsic resolved) and with a real IAM evaluator:
 *
 * - every S3 bucket is versioned, blocks all public access and is retained, and its policy denies
 *   anonymous callers, other accounts (even with `s3:*` of their own) and requests without TLS;
 * - the Multi-Region Access Point denies anonymous callers and other accounts; with the access
 *   point origin it lets exactly this distribution read, and no other;
 * - each replication role replicates to exactly its configured destinations, which are exactly
 *   the pairs the configuration asks for: it can replicate there, and cannot replicate into its own
 *   source or an unrelated bucket, nor read, write or delete objects of any bucket;
 * - no identity policy of the app allows `*` or `<service>:*`, or names `*` as a resource.
 */
export async function checkInvariants(cloudAssembly: CloudAssembly, want: Expectations): Promise<InvariantReport> {
  const assembly = new ResolvedAssembly(cloudAssembly);
  const violations: Violation[] = [];
  let simulations = 0;
  const all: Resource[] = cloudAssembly.stacksRecursively.flatMap((stack) =>
    Object.entries<any>(stack.template.Resources ?? {}).map(([logicalId, raw]) => ({
      stack: stack.stackName,
      logicalId,
      type: raw.Type,
      raw,
      properties: assembly.resolve(stack.stackName, raw.Properties ?? {}),
    })));
  const ofType = (type: string) => all.filter((r) => r.type === type);
  const fail = (invariant: string, where: string, detail: string) => violations.push({ invariant, where, detail });
  const check = async (invariant: string, where: string, c: Omit<SimulationCase, 'resourceAccount'>, expected: Decision | 'Denied', viaAccessPoint = false) => {
    simulations++;
    const request = { ...c, resourceAccount: want.account };
    const actual = viaAccessPoint ? await simulateThroughAccessPoint(request) : await simulate(request);
    if (!matches(expected, actual)) fail(invariant, where, `${c.principal} ${c.action} on ${c.resource}: expected ${expected}, got ${actual}`);
  };

  // Buckets.
  const buckets = ofType('AWS::S3::Bucket');
  const bucketArn = (b: Resource) => assembly.getAtt(b.stack, b.logicalId, 'Arn');
  for (const b of buckets) {
    const where = `${b.stack}/${b.logicalId}`;
    const p = b.properties;
    if (p.VersioningConfiguration?.Status !== 'Enabled') fail('versioned', where, JSON.stringify(p.VersioningConfiguration));
    const bpa = p.PublicAccessBlockConfiguration ?? {};
    if (!(bpa.BlockPublicAcls && bpa.BlockPublicPolicy && bpa.IgnorePublicAcls && bpa.RestrictPublicBuckets)) fail('Block Public Access', where, JSON.stringify(bpa));
    if (b.raw.DeletionPolicy !== 'Retain' || b.raw.UpdateReplacePolicy !== 'Retain') fail('retained', where, `${b.raw.DeletionPolicy}/${b.raw.UpdateReplacePolicy}`);
    const ref = assembly.ref(b.stack, b.logicalId);
    const policy = ofType('AWS::S3::BucketPolicy').find((bp) => bp.stack === b.stack && bp.properties.Bucket === ref);
    if (!policy) {
      fail('bucket policy', where, 'no bucket policy (TLS is not enforced)');
      continue;
    }
    const arn = bucketArn(b);
    const resourcePolicy = policy.properties.PolicyDocument;
    const tls = { 's3:TlsVersion': '1.2' };
    await check('anonymous denied', where, { principal: ANONYMOUS, action: 's3:GetObject', resource: `${arn}/k`, resourcePolicy, context: tls }, 'Denied');
    await check('other account denied', where, {
      principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/stranger`, action: 's3:GetObject', resource: `${arn}/k`, resourcePolicy, identityPolicies: [ALLOW_EVERYTHING], context: tls,
    }, 'Denied');
    await check('TLS required', where, {
      principal: `arn:aws:iam::${want.account}:role/admin`,
      action: 's3:PutObject',
      resource: `${arn}/k`,
      resourcePolicy,
      identityPolicies: [ALLOW_EVERYTHING],
      context: { 'aws:SecureTransport': 'false' },
    }, 'ExplicitlyDenied');
  }

  // The Multi-Region Access Point.
  for (const ap of ofType('AWS::S3::MultiRegionAccessPoint')) {
    const where = `${ap.stack}/${ap.logicalId}`;
    const mrapArn = `arn:aws:s3::${want.account}:accesspoint/${assembly.getAtt(ap.stack, ap.logicalId, 'Alias')}`;
    const bpa = ap.properties.PublicAccessBlockConfiguration ?? {};
    if (!(bpa.BlockPublicAcls && bpa.BlockPublicPolicy && bpa.IgnorePublicAcls && bpa.RestrictPublicBuckets)) fail('Block Public Access', where, JSON.stringify(bpa));
    const resourcePolicy = ofType('AWS::S3::MultiRegionAccessPointPolicy').find((p) => p.stack === ap.stack && p.properties.MrapName === ap.properties.Name)?.properties.Policy;
    const through = { 's3:DataAccessPointAccount': want.account, 's3:DataAccessPointArn': mrapArn, 's3:TlsVersion': '1.2' };
    const object = `${mrapArn}/object/k`;
    await check('anonymous denied', where, { principal: ANONYMOUS, action: 's3:GetObject', resource: object, resourcePolicy, context: through }, 'Denied', true);
    await check('other account denied', where, {
      principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/stranger`, action: 's3:GetObject', resource: object, resourcePolicy, identityPolicies: [ALLOW_EVERYTHING], context: through,
    }, 'Denied', true);
    const distributions = ofType('AWS::CloudFront::Distribution').filter((d) => d.stack === ap.stack);
    if (want.accessPointOrigin) {
      if (distributions.length !== 1) fail('distribution', where, `expected one distribution next to the access point, found ${distributions.length}`);
      for (const d of distributions) {
        const own = `arn:aws:cloudfront::${want.account}:distribution/${assembly.ref(d.stack, d.logicalId)}`;
        const cloudfront = (sourceArn: string) => ({ ...through, 'aws:SourceArn': sourceArn, 'aws:SourceAccount': want.account });
        await check('exactly this distribution reads', where, { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: object, resourcePolicy, context: cloudfront(own) }, 'Allowed', true);
        await check('no other distribution reads', where, {
          principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: object, resourcePolicy, context: cloudfront(`arn:aws:cloudfront::${want.account}:distribution/EOTHER`),
        }, 'Denied', true);
        await check('the distribution does not write', where, { principal: 'cloudfront.amazonaws.com', action: 's3:PutObject', resource: object, resourcePolicy, context: cloudfront(own) }, 'Denied', true);
      }
    } else if (resourcePolicy) {
      await check('no distribution reads', where, {
        principal: 'cloudfront.amazonaws.com',
        action: 's3:GetObject',
        resource: object,
        resourcePolicy,
        context: { ...through, 'aws:SourceArn': `arn:aws:cloudfront::${want.account}:distribution/EOTHER`, 'aws:SourceAccount': want.account },
      }, 'Denied', true);
    }
  }

  // Replication: the configurations (native on the bucket, or applied by a custom resource).
  const configurations: Array<{ where: string; role: string; source: string; destinations: string[] }> = [];
  const regionOfBucket = new Map<string, string>();
  for (const b of buckets) regionOfBucket.set(bucketArn(b), cloudAssembly.getStackByName(b.stack).environment.region);
  for (const b of buckets) {
    const config = b.properties.ReplicationConfiguration;
    if (config) {
      configurations.push({ where: `${b.stack}/${b.logicalId}`, role: config.Role, source: bucketArn(b), destinations: config.Rules.map((r: any) => r.Destination.Bucket) });
    }
  }
  for (const cr of ofType('Custom::S3BucketReplication')) {
    const call = JSON.parse(cr.properties.Create);
    const config = call.parameters.ReplicationConfiguration;
    configurations.push({
      where: `${cr.stack}/${cr.logicalId}`,
      role: config.Role,
      source: `arn:aws:s3:::${call.parameters.Bucket}`,
      destinations: config.Rules.map((r: any) => r.Destination.Bucket),
    });
  }
  const pairs = (list: Array<[string, string]>) => list.map(([s, d]) => `${s} -> ${d}`).sort();
  const regionOf = (bucket: string) => regionOfBucket.get(bucket) ?? bucket;
  const actualPairs = configurations.flatMap((c) => [...new Set(c.destinations)].map((d): [string, string] => [regionOf(c.source), regionOf(d)]));
  if (JSON.stringify(pairs(actualPairs)) !== JSON.stringify(pairs(want.replicationPairs))) {
    fail('replicates exactly the configured pairs', 'app', `expected ${pairs(want.replicationPairs).join(', ') || 'none'}, got ${pairs(actualPairs).join(', ') || 'none'}`);
  }

  // Each replication role: exactly its destinations.
  const appBuckets = [...regionOfBucket.keys()];
  for (const c of configurations) {
    const roleName = c.role.split('/').pop()!;
    const role = ofType('AWS::IAM::Role').find((r) => assembly.getAtt(r.stack, r.logicalId, 'Arn') === c.role);
    if (!role) {
      fail('replication role', c.where, `role ${c.role} is not in the app`);
      continue;
    }
    const identityPolicies = identityPoliciesOf(all, assembly, role, roleName);
    const as = (action: string, resource: string) => ({ principal: c.role, action, resource, identityPolicies });
    const key = want.objectKey;
    const destinations = [...new Set(c.destinations)];
    for (const d of destinations) await check('replicates to its destinations', c.where, as('s3:ReplicateObject', `${d}/${key}`), 'Allowed');
    await check('reads its source for replication', c.where, as('s3:GetObjectVersionForReplication', `${c.source}/${key}`), 'Allowed');
    await check('does not replicate into its source', c.where, as('s3:ReplicateObject', `${c.source}/${key}`), 'Denied');
    await check('does not replicate elsewhere', c.where, as('s3:ReplicateObject', `${UNRELATED_BUCKET}/${key}`), 'Denied');
    await check('does not read elsewhere', c.where, as('s3:GetObjectVersionForReplication', `${UNRELATED_BUCKET}/${key}`), 'Denied');
    const others = appBuckets.filter((b) => !destinations.includes(b) && b !== c.source);
    for (const other of others.slice(0, 2)) await check('does not replicate to unconfigured buckets', c.where, as('s3:ReplicateObject', `${other}/${key}`), 'Denied');
    const sample = [c.source, destinations[0], destinations[destinations.length - 1]];
    for (const bucket of [...new Set(sample)]) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion']) {
        await check('no data access beyond replication', c.where, as(action, `${bucket}/${key}`), 'Denied');
      }
    }
    await check('does not read its destinations', c.where, as('s3:GetObjectVersionForReplication', `${destinations[0]}/${key}`), 'Denied');
  }

  // No identity policy allows everything, or everything of a service, or names every resource.
  const documents: Array<{ where: string; document: PolicyDocument }> = [
    ...[...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')].map((p) => ({ where: `${p.stack}/${p.logicalId}`, document: p.properties.PolicyDocument })),
    ...ofType('AWS::IAM::Role').flatMap((r) => (r.properties.Policies ?? []).map((p: any) => ({ where: `${r.stack}/${r.logicalId}`, document: p.PolicyDocument }))),
  ];
  for (const { where, document } of documents) {
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      const actions: string[] = [].concat(statement.Action ?? []);
      const resources: string[] = [].concat(statement.Resource ?? []);
      const wild = actions.filter((a) => a === '*' || /^[^:]+:\*$/.test(a));
      if (wild.length > 0) fail('no wildcard actions', where, `allows ${wild.join(', ')}`);
      if (statement.NotAction || statement.NotResource) fail('no NotAction/NotResource', where, JSON.stringify(statement));
      if (resources.includes('*')) fail('no * resource', where, `allows ${actions.join(', ')} on *`);
    }
  }

  return { violations, simulations, buckets: buckets.length, replicationRoles: configurations.length };
}

/** The documents of the managed and inline policies attached to a role. */
function identityPoliciesOf(all: Resource[], assembly: ResolvedAssembly, role: Resource, roleName: string): PolicyDocument[] {
  const attached: string[] = role.properties.ManagedPolicyArns ?? [];
  const managed = all
    .filter((p) => p.type === 'AWS::IAM::ManagedPolicy' && p.stack === role.stack)
    .filter((p) => (p.properties.Roles ?? []).includes(roleName) || attached.includes(assembly.ref(p.stack, p.logicalId)))
    .map((p) => p.properties.PolicyDocument);
  const inline = all
    .filter((p) => p.type === 'AWS::IAM::Policy' && (p.properties.Roles ?? []).includes(roleName))
    .map((p) => p.properties.PolicyDocument);
  return [...managed, ...inline, ...(role.properties.Policies ?? []).map((p: any) => p.PolicyDocument)];
}
