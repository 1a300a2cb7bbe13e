import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { GLOBAL_REGION, meshApp, REGIONS, sdkCall, stackIn } from './fixtures';
import { RegionalBucket, ReplicationMesh, ReplicationMethod } from '../../src';
import { expectNagClean, nagAcknowledgements } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

/** The parsed `Create` call of every replication custom resource of a resolved stack. */
function replicationCalls(assembly: ResolvedAssembly, stackName: string): any[] {
  return Object.values(assembly.resources(stackName, 'Custom::S3BucketReplication')).map((r) => JSON.parse(r.Properties.Create));
}

/** Every stack (by name) that depends on `stack`, directly or not, and every stack it depends on. */
function closure(stack: CloudFormationStackArtifact): Set<string> {
  const result = new Set<string>();
  const visit = (s: CloudFormationStackArtifact) => {
    for (const dependency of s.dependencies) {
      if (!(dependency instanceof CloudFormationStackArtifact) || result.has(dependency.stackName)) continue;
      result.add(dependency.stackName);
      visit(dependency);
    }
  };
  visit(stack);
  return result;
}

describe('ReplicationMesh in a three-Region app', () => {
  test('matches the snapshot of the global stack', () => {
    const { global } = meshApp();
    expect(Template.fromStack(global).toJSON()).toMatchSnapshot();
  });

  test('applies one configuration per bucket, from the global stack, in each bucket\'s Region', () => {
    const { app, mesh, global, regional } = meshApp();
    const assembly = ResolvedAssembly.fromApp(app);
    const calls = replicationCalls(assembly, 'Global');
    expect(calls.map((c) => c.region).sort()).toEqual([...REGIONS].sort());
    expect(mesh.replications.map((r) => r.method)).toEqual(REGIONS.map(() => ReplicationMethod.POST_CREATION));
    expect(mesh.replications.map((r) => r.node.id)).toEqual(REGIONS.map((region) => `From-${region}`));
    for (const stack of regional) {
      Template.fromStack(stack).resourceCountIs('Custom::S3BucketReplication', 0);
      Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' }, ReplicationConfiguration: Match.absent() });
    }
    // One Lambda function serves every custom resource of the stack.
    Template.fromStack(global).resourceCountIs('AWS::Lambda::Function', 1);
    Template.fromStack(global).resourceCountIs('Custom::S3BucketReplication', 3);
  });

  test('every bucket replicates to every other one, with delete markers and replica modification sync', () => {
    const { app } = meshApp();
    const assembly = ResolvedAssembly.fromApp(app);
    const names = new Map(REGIONS.map((region) => [region, assembly.ref(`Data-${region}`, assembly.resource(`Data-${region}`, 'AWS::S3::Bucket', 'DataBucket').logicalId)]));
    for (const call of replicationCalls(assembly, 'Global')) {
      const source = names.get(call.region)!;
      expect(call.parameters.Bucket).toBe(source);
      expect(call.physicalResourceId).toEqual({ id: `${source}-replication` });
      const others = REGIONS.filter((r) => r !== call.region).map((r) => names.get(r)!);
      expect(call.parameters.ReplicationConfiguration.Rules).toEqual(others.map((name, d) => ({
        ID: `rule1-to-${name}`,
        Priority: d,
        Status: 'Enabled',
        Filter: { Prefix: '' },
        DeleteMarkerReplication: { Status: 'Enabled' },
        SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } },
        Destination: { Bucket: `arn:aws:s3:::${name}` },
      })));
    }
  });

  test('every stack that applies replication deploys after every stack holding a bucket it names; no cycles; global last', () => {
    const { app } = meshApp();
    const assembly = ResolvedAssembly.fromApp(app);
    const cloud = app.synth();
    const stacks = cloud.stacks;
    // Which stack holds each bucket name.
    const holder = new Map<string, string>();
    for (const stack of stacks) {
      for (const logicalId of Object.keys(assembly.resources(stack.stackName, 'AWS::S3::Bucket'))) {
        holder.set(assembly.ref(stack.stackName, logicalId), stack.stackName);
      }
    }
    const checked: string[] = [];
    for (const stack of stacks) {
      const named = new Set<string>();
      for (const call of replicationCalls(assembly, stack.stackName)) {
        named.add(call.parameters.Bucket);
        for (const rule of call.parameters.ReplicationConfiguration.Rules) named.add(rule.Destination.Bucket.replace('arn:aws:s3:::', ''));
      }
      for (const bucket of Object.values(assembly.resources(stack.stackName, 'AWS::S3::Bucket'))) {
        for (const rule of bucket.Properties.ReplicationConfiguration?.Rules ?? []) named.add(rule.Destination.Bucket.replace('arn:aws:s3:::', ''));
      }
      const after = closure(stack);
      for (const name of named) {
        const owner = holder.get(name);
        expect(owner).toBeDefined();
        if (owner !== stack.stackName) {
          expect(after).toContain(owner);
          checked.push(`${stack.stackName} after ${owner}`);
        }
      }
    }
    // The global stack names the three buckets, each held by a regional stack.
    expect(checked.sort()).toEqual(REGIONS.map((r) => `Global after Data-${r}`).sort());

    // No cycles: no stack is in its own closure.
    for (const stack of stacks) expect(closure(stack)).not.toContain(stack.stackName);
    // The global stack deploys last: it waits for every other stack, and none waits for it.
    const global = cloud.getStackByName('Global');
    expect([...closure(global)].sort()).toEqual(REGIONS.map((r) => `Data-${r}`).sort());
    for (const stack of stacks.filter((s) => s.stackName !== 'Global')) expect(closure(stack)).not.toContain('Global');
  });

  test('is nag clean under the four packs, across the whole app', () => {
    const { app } = meshApp();
    app.synth();
    expectNagClean(app);
  });

  test('synthesizes with the four packs registered as validation plugins, as users run them', () => {
    const { app } = meshApp();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new HIPAASecurityChecks(app), new PCIDSS321Checks(app));
    expect(() => app.synth()).not.toThrow();
  });

  test('synthesizes without warnings of its own (what cdk synth prints)', async () => {
    const { app } = meshApp();
    const result = await synthAsCli(app);
    expect(result.failure).toBeUndefined();
    // The one warning is aws-cdk-lib's advice on reference strength, which it gives for any
    // reference between two stacks of one environment (here Global -> Data-us-east-1).
    expect(result.warnings.map((w) => `${w.paths.join(', ')}: ${w.id}`)).toEqual([
      'Global: @aws-cdk/core:crossStackReferencesDefaultStrong',
    ]);
  });

  test('each bucket\'s replication finding is acknowledged with the custom resource that configures it', () => {
    const { app } = meshApp();
    app.synth();
    const acks = nagAcknowledgements(app).filter((a) => a.rule === 'HIPAA.Security-S3BucketReplicationEnabled' && a.path.endsWith('/Data/Bucket/Resource'));
    expect(acks.map((a) => [a.path, a.reason.match(/custom resource (\S+)/)![1]])).toEqual(
      REGIONS.map((region) => [`Data-${region}/Data/Bucket/Resource`, `Global/Replication/From-${region}/Resource`]),
    );
  });

  test('each source gets its own role, allowed only its own configuration to pass', () => {
    const { global } = meshApp();
    const template = Template.fromStack(global);
    const s3Roles = template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' } })] } } });
    expect(Object.keys(s3Roles)).toHaveLength(3);
    const passRoles = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Action === 'iam:PassRole')
      .map((s: any) => s.Resource['Fn::GetAtt'][0]);
    expect(passRoles.sort()).toEqual(Object.keys(s3Roles).sort());
  });

  test('with explicit bucket names, roles are named like the S3 console names them, within 64 characters', () => {
    const { global } = meshApp({ bucket: (region) => ({ bucketName: `data-${region}` }) });
    const names = Object.values(Template.fromStack(global).findResources('AWS::IAM::Role'))
      .map((r) => r.Properties.RoleName)
      .filter((n) => typeof n === 'string' && n.startsWith('replication_role_for_'));
    expect(names).toHaveLength(3);
    for (const region of REGIONS) {
      const name = names.find((n) => n.startsWith(`replication_role_for_data-${region}_to_data-`));
      // 'replication_role_for_<source>_to_<d1>_<d2>' is longer than 64 characters: cut, plus a hash of the whole.
      expect(name).toMatch(/_[0-9a-f]{8}$/);
      expect(name!.length).toBe(64);
    }
  });

  test('Replication Time Control and metrics, as AWS recommends for Multi-Region Access Points', () => {
    const { app } = meshApp({ mesh: { replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES } });
    const assembly = ResolvedAssembly.fromApp(app);
    for (const call of replicationCalls(assembly, 'Global')) {
      for (const rule of call.parameters.ReplicationConfiguration.Rules) {
        expect(rule.Destination.ReplicationTime).toEqual({ Status: 'Enabled', Time: { Minutes: 15 } });
        expect(rule.Destination.Metrics).toEqual({ Status: 'Enabled', EventThreshold: { Minutes: 15 } });
      }
    }
  });
});

describe('ReplicationMesh with SSE-KMS', () => {
  function kmsMesh() {
    const app = new App();
    const regional = REGIONS.map((region) => stackIn(app, `Data-${region}`, region));
    const buckets = regional.map((stack) => new RegionalBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS }));
    const aliases = buckets.map((b) => b.encryptionKey!.addAlias(`alias/data-${b.region}`));
    const global = stackIn(app, 'Global', GLOBAL_REGION);
    const mesh = new ReplicationMesh(global, 'Replication', { buckets: buckets.map((b) => b.bucket), encryptionKeys: aliases });
    return { app, global, mesh };
  }

  test('opts in to SSE-KMS objects and encrypts each replica with the alias of its Region', () => {
    const { app } = kmsMesh();
    const assembly = ResolvedAssembly.fromApp(app);
    const regionOf = new Map(REGIONS.map((region) => [assembly.ref(`Data-${region}`, assembly.resource(`Data-${region}`, 'AWS::S3::Bucket', 'DataBucket').logicalId), region]));
    const rules = replicationCalls(assembly, 'Global').flatMap((c) => c.parameters.ReplicationConfiguration.Rules);
    expect(rules).toHaveLength(6);
    for (const rule of rules) {
      const region = regionOf.get(rule.Destination.Bucket.replace('arn:aws:s3:::', ''));
      expect(rule.SourceSelectionCriteria.SseKmsEncryptedObjects).toEqual({ Status: 'Enabled' });
      expect(rule.Destination.EncryptionConfiguration).toEqual({ ReplicaKmsKeyID: `arn:aws:kms:${region}:${ACCOUNT}:alias/data-${region}` });
    }
  });

  test('is nag clean', () => {
    const { app } = kmsMesh();
    app.synth();
    expectNagClean(app);
  });

  test('keys created in other Regions\' stacks are refused with a way out', () => {
    const app = new App();
    const buckets = REGIONS.map((region) => new RegionalBucket(stackIn(app, `Data-${region}`, region), 'Data', { encryption: s3.BucketEncryption.KMS }));
    const global = stackIn(app, 'Global', GLOBAL_REGION);
    expect(() => new ReplicationMesh(global, 'Replication', { buckets: buckets.map((b) => b.bucket) })).toThrow(
      /Global\/Replication: 'buckets\[0\].encryptionKey' must be referenceable from stack Global \(us-east-1\), got the key Data-eu-west-1\/Data\/Key of stack Data-eu-west-1 \(eu-west-1\), whose ARN only SSM parameters could carry across Regions; pass an alias of it/,
    );
  });

  test('keys imported by ARN work too', () => {
    const app = new App();
    const buckets = REGIONS.map((region) => new RegionalBucket(stackIn(app, `Data-${region}`, region), 'Data', { encryption: s3.BucketEncryption.KMS }));
    const global = stackIn(app, 'Global', GLOBAL_REGION);
    const keys = REGIONS.map((region, i) => kms.Key.fromKeyArn(global, `Key${i}`, `arn:aws:kms:${region}:${ACCOUNT}:key/0000000${i}-1111-2222-3333-444444444444`));
    new ReplicationMesh(global, 'Replication', { buckets: buckets.map((b) => b.bucket), encryptionKeys: keys });
    const rules = sdkCall(app, global, global.getLogicalId(global.node.findChild('Replication').node.findChild('From-eu-west-1').node.findChild('Resource').node.defaultChild as any), 'Create')
      .parameters.ReplicationConfiguration.Rules;
    expect(rules.map((r: any) => r.Destination.EncryptionConfiguration.ReplicaKmsKeyID)).toEqual([
      `arn:aws:kms:us-east-1:${ACCOUNT}:key/00000001-1111-2222-3333-444444444444`,
      `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/00000002-1111-2222-3333-444444444444`,
    ]);
  });
});

describe('ReplicationMesh placement', () => {
  test('in one of the bucket stacks, that stack deploys after the others', () => {
    const app = new App();
    const stacks = REGIONS.map((region) => stackIn(app, `Data-${region}`, region));
    const buckets = stacks.map((stack) => new RegionalBucket(stack, 'Data'));
    new ReplicationMesh(stacks[0], 'Replication', { buckets: buckets.map((b) => b.bucket) });
    expect(stacks[0].dependencies).toEqual([stacks[1], stacks[2]]);
    app.synth();
  });

  test('without oneBucketPerRegion, two buckets may share a Region and the IDs are keyed by bucket, not position', () => {
    const ids = (order: string[]) => {
      const app = new App();
      const stack = stackIn(app, 'Data', 'eu-west-1');
      const buckets = Object.fromEntries(['A', 'B', 'C'].map((id) => [id, new RegionalBucket(stack, id).bucket]));
      const mesh = new ReplicationMesh(stack, 'Replication', { buckets: order.map((id) => buckets[id]), oneBucketPerRegion: false });
      Template.fromStack(stack).resourceCountIs('Custom::S3BucketReplication', 3);
      return Object.fromEntries(mesh.replications.map((r, i) => [order[i], r.node.id]));
    };
    const inOrder = ids(['A', 'B', 'C']);
    expect(Object.values(inOrder).every((id) => /^From-[0-9a-f]{8}$/.test(id))).toBe(true);
    expect(new Set(Object.values(inOrder)).size).toBe(3);
    // Reordering keeps each bucket's replication at the same ID (so at the same logical ID).
    expect(ids(['C', 'A', 'B'])).toEqual(inOrder);
  });

  test('a storage class and rules apply to every pair', () => {
    const { app } = meshApp({ mesh: { storageClass: s3.StorageClass.INTELLIGENT_TIERING, rules: [{ filter: { prefix: 'shared/' } }] } });
    const assembly = ResolvedAssembly.fromApp(app);
    const rules = replicationCalls(assembly, 'Global').flatMap((c) => c.parameters.ReplicationConfiguration.Rules);
    expect(rules).toHaveLength(6);
    for (const rule of rules) {
      expect(rule.Filter).toEqual({ Prefix: 'shared/' });
      expect(rule.Destination.StorageClass).toBe('INTELLIGENT_TIERING');
    }
  });
});
