import { AppModel, checkDestroy, checkTransition, deployedAfter, FindingKind, Resource, StackModel, Template } from './checker';
import { nameScope } from './schema';

/** A stack in us-east-1 (or `region`) of the test account (or `account`). */
interface StackOptions { region?: string; account?: string; dependsOn?: string[]; artifactId?: string }
function stack(name: string, template: Template, options: StackOptions = {}): StackModel {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '111111111111';
  return {
    key: `${account}/${region}/${name}`,
    stackName: name,
    region,
    account,
    artifactId: options.artifactId ?? name,
    template,
    dependencies: (options.dependsOn ?? []).map((d) => `111111111111/${d.includes('@') ? d.split('@')[1] : 'us-east-1'}/${d.split('@')[0]}`),
  };
}
const app = (...stacks: StackModel[]): AppModel => ({ stacks });
const resources = (r: Record<string, Resource>): Template => ({ Resources: r });

const bucket = (props: Record<string, unknown> = {}, policy = 'Retain'): Resource => ({
  Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, ...props }, DeletionPolicy: policy, UpdateReplacePolicy: policy,
});
const mrap = (name: string, buckets: string[]): Resource => ({ Type: 'AWS::S3::MultiRegionAccessPoint', Properties: { Name: name, Regions: buckets.map((b) => ({ Bucket: b })) } });
const sdk = (calls: { Create?: object; Update?: object; Delete?: object }, type = 'Custom::S3BucketReplication'): Resource => ({
  Type: type, Properties: Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, JSON.stringify(v)])),
});
const put = (bucketName: string, id = `replication-${bucketName}`) => ({ service: 'S3', action: 'PutBucketReplication', parameters: { Bucket: bucketName, ReplicationConfiguration: { Role: 'r' } }, physicalResourceId: { id } });
const del = (bucketName: string) => ({ service: 'S3', action: 'DeleteBucketReplication', parameters: { Bucket: bucketName } });
const replicationCr = (bucketName: string, id?: string) => sdk({ Create: put(bucketName, id), Update: put(bucketName, id), Delete: del(bucketName) });
const native = { ReplicationConfiguration: { Role: 'arn:aws:iam::111111111111:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::b' } }] } };

function kinds(a: AppModel, b: AppModel): FindingKind[] {
  return checkTransition(a, b).findings.map((f) => f.kind);
}

describe('replacements, read from the resource schemas', () => {
  test('a change of a create-only property replaces the resource; an updatable one does not', () => {
    const before = app(stack('S', resources({ B: bucket({ ObjectLockEnabled: false }, 'Delete') })));
    const replaced = app(stack('S', resources({ B: bucket({ ObjectLockEnabled: true }, 'Delete') })));
    const updated = app(stack('S', resources({ B: bucket({ ObjectLockEnabled: false, Tags: [{ Key: 'a', Value: 'b' }] }, 'Delete') })));
    expect(kinds(before, replaced)).toContain('replacement');
    expect(kinds(before, updated)).not.toContain('replacement');
  });

  test('a nested create-only property (an access point Region\'s bucket) replaces; the same value by another route does not', () => {
    const a = app(stack('S', resources({ M: { ...mrap('m-1', ['b1']), Properties: { Name: { Ref: 'AWS::StackName' }, Regions: [{ Bucket: 'b1' }] } } })));
    const b = app(stack('S', resources({ M: { ...mrap('x', ['b1']), Properties: { Name: 'S', Regions: [{ Bucket: { 'Fn::Join': ['', ['b', '1']] } }] } } })));
    expect(kinds(a, b)).toEqual([]);
  });

  test('a replacement that keeps a custom name fails; with a new name it deploys', () => {
    const a = app(stack('G', resources({ M: mrap('site-1', ['b1', 'b2']) })));
    const sameName = app(stack('G', resources({ M: mrap('site-1', ['b1', 'b2', 'b3']) })));
    const newName = app(stack('G', resources({ M: mrap('site-2', ['b1', 'b2', 'b3']) })));
    const failed = checkTransition(a, sameName);
    expect(failed.classification).toBe('fails at deploy');
    expect(failed.findings.map((f) => f.kind)).toContain('custom-name-replacement');
    const ok = checkTransition(a, newName);
    expect(ok.classification).toBe('deploys safely');
    expect(ok.findings.map((f) => f.kind)).toEqual(['replacement', 'stateful-replaced']);
  });

  test('a bucket that flips from a generated to a fixed name is replaced by an empty one: silent loss', () => {
    const a = app(stack('S', resources({ B: bucket() })));
    const b = app(stack('S', resources({ B: bucket({ BucketName: 'fixed' }) })));
    const verdict = checkTransition(a, b);
    expect(verdict.classification).toBe('silent loss');
    expect(verdict.findings.find((f) => f.kind === 'stateful-replaced')?.message).toMatch(/new, empty bucket.*retained/);
    expect(kinds(a, a)).toEqual([]);
  });
});

describe('names', () => {
  test('a name created under a new logical id while the old one still holds it fails; a new name does not', () => {
    const alias = (name: string): Resource => ({ Type: 'AWS::KMS::Alias', Properties: { AliasName: name, TargetKeyId: 'k' } });
    const a = app(stack('S', resources({ Old: alias('alias/site') })));
    expect(kinds(a, app(stack('S', resources({ New: alias('alias/site') }))))).toContain('name-clash');
    expect(kinds(a, app(stack('S', resources({ New: alias('alias/other') }))))).not.toContain('name-clash');
  });

  test('a bucket that leaves a stack which creates another bucket is data left behind, not a change of name', () => {
    const a = app(stack('S', resources({ SiteBucket: bucket() })));
    const verdict = checkTransition(a, app(stack('S', resources({ WebsiteBucket: bucket() }))));
    expect(verdict.findings.map((f) => [f.kind, f.severity])).toEqual([['stateful-replaced', 'silent']]);
    expect(verdict.findings[0].message).toMatch(/retained with its objects.*new, empty bucket/);
    expect(kinds(a, app(stack('S', resources({ SiteBucket: bucket(), Media: bucket() }))))).toEqual([]);
  });

  test('a retained bucket keeps its name: re-creating it in another stack fails', () => {
    const a = app(stack('S1', resources({ B: bucket({ BucketName: 'data' }) })), stack('S2', resources({})));
    const b = app(stack('S1', resources({})), stack('S2', resources({ B: bucket({ BucketName: 'data' }) }), { dependsOn: ['S1'] }));
    expect(kinds(a, b)).toEqual(expect.arrayContaining(['stateful-deleted', 'name-clash']));
    const destroyed = app(stack('S1', resources({ B: bucket({ BucketName: 'data' }, 'Delete') })), stack('S2', resources({})));
    expect(kinds(destroyed, b)).not.toContain('name-clash');
  });
});

describe('a stack is (account, Region, name); a name is unique where its resource schema says', () => {
  const role = (name: string): Resource => ({ Type: 'AWS::IAM::Role', Properties: { RoleName: name, AssumeRolePolicyDocument: {} } });
  const alias = (name: string): Resource => ({ Type: 'AWS::KMS::Alias', Properties: { AliasName: name, TargetKeyId: 'k' } });

  test('the scope of each name the library sets, read from the schemas\' ARN templates and primary identifiers', () => {
    expect(nameScope('AWS::S3::Bucket')).toBe('partition');
    expect(nameScope('AWS::IAM::Role')).toBe('account');
    expect(nameScope('AWS::S3::MultiRegionAccessPoint')).toBe('account');
    expect(nameScope('AWS::S3::MultiRegionAccessPointPolicy')).toBe('account');
    expect(nameScope('AWS::CloudWatch::Dashboard')).toBe('account');
    expect(nameScope('AWS::CloudFront::Function')).toBe('account');
    expect(nameScope('AWS::KMS::Alias')).toBe('region');
    expect(nameScope('AWS::CloudWatch::Alarm')).toBe('region');
    expect(nameScope('AWS::Lambda::Function')).toBe('region');
    expect(nameScope('AWS::Logs::LogGroup')).toBe('region');
    // A certificate's DomainName names no certificate: many may have the same one.
    expect(nameScope('AWS::CertificateManager::Certificate')).toBeUndefined();
  });

  test('a stack moved to another Region under the same name is a new stack: its role name is still held by the old one (IAM names are per account)', () => {
    const a = app(stack('G', resources({ R: role('replication-role') })));
    const moved = app(stack('G', resources({ R: role('replication-role') }), { region: 'us-west-2', artifactId: 'G' }));
    const verdict = checkTransition(a, moved);
    expect(verdict.classification).toBe('fails at deploy');
    const clash = verdict.findings.find((f) => f.kind === 'name-clash')!;
    expect(clash.message).toMatch(/G \(111111111111\/us-west-2\) is created with the name replication-role, which R of G \(111111111111\/us-east-1\), a stack no longer in the app but still deployed still holds.*unique in account 111111111111, in every Region/);
    expect(verdict.findings.find((f) => f.kind === 'stack-renamed')?.message).toMatch(/stack G \(111111111111\/us-east-1\) is now G \(111111111111\/us-west-2\)/);
    // Neighbours: another role name; the same name in another account.
    expect(kinds(a, app(stack('G', resources({ R: role('replication-role-us-west-2') }), { region: 'us-west-2', artifactId: 'G' })))).not.toContain('name-clash');
    expect(kinds(a, deployedAfter(a, app(stack('G', resources({ R: role('replication-role') }), { account: '222222222222' }))))).not.toContain('name-clash');
  });

  test('IAM names are not distinguished by case', () => {
    const a = app(stack('G', resources({ R: role('Replication-Role') })));
    expect(kinds(a, app(stack('H', resources({ R: role('replication-role') }))))).toContain('name-clash');
  });

  test('a name unique in the Region (a key alias) may be taken in another Region; a bucket name not even in another account', () => {
    const a = app(stack('S', resources({ A: alias('alias/site'), B: bucket({ BucketName: 'data' }) })));
    const inWest = checkTransition(a, app(stack('S', resources({ A: alias('alias/site') }), { region: 'us-west-2' })));
    expect(inWest.findings.filter((f) => f.kind === 'name-clash')).toEqual([]);
    const bucketElsewhere = checkTransition(a, deployedAfter(a, app(stack('T', resources({ B: bucket({ BucketName: 'data' }) }), { account: '222222222222', region: 'eu-west-1' }))));
    expect(bucketElsewhere.findings.filter((f) => f.kind === 'name-clash').map((f) => f.message)).toEqual([expect.stringMatching(/unique in every account/)]);
  });
  test('an alternate domain name is held by one distribution, of any account: a second one fails until the first drops it', () => {
    const distribution = (aliases: string[]): Resource => ({ Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true, Aliases: aliases } } });
    const a = app(stack('G', resources({ D: distribution(['www.example.com']) })));
    const moved = checkTransition(a, app(stack('G', resources({ D: distribution(['WWW.example.com']) }), { region: 'us-west-2', account: '222222222222' })));
    expect(moved.findings.filter((f) => f.kind === 'name-clash').map((f) => f.message)).toEqual([
      expect.stringMatching(/is created with the alternate domain name WWW.example.com, which D of G \(111111111111\/us-east-1\).*CNAMEAlreadyExists/),
    ]);
    expect(kinds(a, app(stack('G', resources({ D: distribution(['cdn.example.com']) }), { region: 'us-west-2' })))).not.toContain('name-clash');
    // The first distribution drops the name in a stack updated before the one that adds it: no clash.
    const handedOver = app(stack('G', resources({ D: distribution([]) })), stack('H', resources({ D: distribution(['www.example.com']) }), { dependsOn: ['G'] }));
    expect(kinds(a, handedOver)).not.toContain('name-clash');
    const reversed = app(stack('G', resources({ D: distribution([]) }), { dependsOn: ['H'] }), stack('H', resources({ D: distribution(['www.example.com']) })));
    expect(kinds(a, reversed)).toContain('name-clash');
  });
});

describe('stacks left deployed, and deleting stacks', () => {
  const crs = (...buckets: string[]) => resources(Object.fromEntries(buckets.map((b) => [`Replication${b}`, replicationCr(b)])));

  test('a stack moved to another Region leaves the old one deployed with custom resources whose Delete undoes what the moved one configures', () => {
    const a = app(stack('G', crs('b1', 'b2')));
    const moved = app(stack('G', crs('b1', 'b2'), { region: 'us-west-2', artifactId: 'G' }));
    const verdict = checkTransition(a, moved);
    expect(verdict.classification).toBe('silent loss');
    const undoes = verdict.findings.filter((f) => f.kind === 'left-stack-undoes');
    expect(undoes.map((f) => f.resource)).toEqual(['Replicationb1', 'Replicationb2']);
    expect(undoes[0].message).toMatch(/G \(111111111111\/us-east-1\) is no longer in the app.*DeleteBucketReplication on b1 when that stack is deleted/);
    // Neighbour: the moved stack configures other buckets; the old one's Delete then touches nothing the app declares.
    expect(kinds(a, app(stack('G', crs('b3'), { region: 'us-west-2', artifactId: 'G' })))).not.toContain('left-stack-undoes');
  });

  test('the order of the delete and the deploy: deleting the old stack after the new one configured the buckets undoes it; before, it does not', () => {
    const old = app(stack('G', crs('b1')));
    const next = app(stack('G', crs('b1'), { region: 'us-west-2' }));
    // Deploy first, then delete the old stack: its Delete runs DeleteBucketReplication on b1, which the new stack declares.
    const late = checkDestroy(deployedAfter(old, next), [{ stackName: 'G', region: 'us-east-1' }]);
    expect(late.verdict.classification).toBe('silent loss');
    expect(late.verdict.findings.map((f) => f.kind)).toContain('replication-undone');
    expect(late.after.stacks.map((s) => s.key)).toEqual(['111111111111/us-west-2/G']);
    // Delete first, then deploy: the new stack's Create puts the configuration last.
    const early = checkDestroy(old, [{ stackName: 'G', region: 'us-east-1' }]);
    expect(early.verdict.classification).toBe('deploys safely');
    expect(early.after.stacks).toEqual([]);
    expect(checkTransition(early.after, next).classification).toBe('deploys safely');
  });

  test('deleting a stack keeps the names of its retained resources and frees the others', () => {
    const named = (policy: string) => app(stack('S', resources({ B: bucket({ BucketName: 'data' }, policy), R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r' } } })));
    const again = app(stack('T', resources({ B: bucket({ BucketName: 'data' }), R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r' } } })));
    const retained = checkDestroy(named('Retain'), [{ stackName: 'S', region: 'us-east-1' }]);
    expect(retained.verdict.findings.map((f) => f.kind)).toEqual(['stateful-deleted']);
    const clashes = checkTransition(retained.after, again).findings.filter((f) => f.kind === 'name-clash');
    expect(clashes.map((f) => f.resource)).toEqual(['B']);
    expect(clashes[0].message).toMatch(/B of S \(111111111111\/us-east-1\) \(retained\)/);
    const deleted = checkDestroy(named('Delete'), [{ stackName: 'S', region: 'us-east-1' }]);
    expect(kinds(deleted.after, again)).not.toContain('name-clash');
  });

  test('deleting a stack whose export another stack imports fails; a selector that matches no deployed stack is refused', () => {
    const exporter: Template = { Resources: {}, Outputs: { O: { Value: 'v', Export: { Name: 'e' } } } };
    const deployed = app(stack('P', exporter), stack('C', resources({ X: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::ImportValue': 'e' } } } })));
    expect(checkDestroy(deployed, [{ stackName: 'P', region: 'us-east-1' }]).verdict.findings.map((f) => f.kind)).toEqual(['export-in-use']);
    expect(checkDestroy(deployed, [{ stackName: 'C', region: 'us-east-1' }]).verdict.classification).toBe('deploys safely');
    expect(() => checkDestroy(deployed, [{ stackName: 'P', region: 'eu-west-1' }])).toThrow(/0 deployed stacks are P in eu-west-1: deployed are 111111111111\/us-east-1\/P, 111111111111\/us-east-1\/C/);
  });
});

describe('stateful resources', () => {
  test('a removed bucket is retained or deleted as its policy says; a removed key scheduled for deletion is a silent loss', () => {
    const key: Resource = { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Delete' };
    const a = app(stack('S', resources({ B: bucket(), K: key })));
    const verdict = checkTransition(a, app(stack('S', resources({}))));
    expect(verdict.findings.map((f) => [f.kind, f.severity])).toEqual([['stateful-deleted', 'warn'], ['stateful-deleted', 'silent']]);
    expect(verdict.findings[0].message).toMatch(/retained/);
    expect(verdict.classification).toBe('silent loss');
    expect(checkTransition(a, app(stack('S', resources({ B: bucket(), K: { ...key, DeletionPolicy: 'Retain' } })))).findings).toEqual([]);
  });
});

describe('exports and imports', () => {
  const exporter = (value: unknown, exportName = 'P:Name') => ({ Resources: { B: bucket() }, Outputs: { O: { Value: value, Export: { Name: exportName } } } });
  const importer = (name = 'P:Name'): Template => resources({ R: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::ImportValue': name } } } });

  test('dropping an export that a later stack still imports fails, even when the importer drops the import in the same deploy', () => {
    const a = app(stack('P', exporter({ Ref: 'B' })), stack('C', importer(), { dependsOn: ['P'] }));
    const b = app(stack('P', resources({ B: bucket() })), stack('C', resources({ R: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'x' } } }), { dependsOn: ['P'] }));
    expect(kinds(a, b)).toContain('export-in-use');
  });

  test('changing an export\'s value while imported fails; the same value does not', () => {
    const a = app(stack('P', exporter({ Ref: 'B' })), stack('C', importer(), { dependsOn: ['P'] }));
    const changed = app(stack('P', exporter({ 'Fn::GetAtt': ['B', 'Arn'] })), stack('C', importer(), { dependsOn: ['P'] }));
    expect(kinds(a, changed)).toContain('export-in-use');
    expect(kinds(a, a)).toEqual([]);
  });

  test('importing an export that no stack has when the importer is updated fails', () => {
    const a = app(stack('P', resources({ B: bucket() })), stack('C', resources({})));
    // C deploys first (no dependency on P), so P's new export does not exist yet.
    const b = app(stack('C', importer()), stack('P', exporter({ Ref: 'B' })));
    expect(kinds(a, b)).toContain('import-missing');
    const ordered = app(stack('P', exporter({ Ref: 'B' })), stack('C', importer(), { dependsOn: ['P'] }));
    expect(kinds(a, ordered)).not.toContain('import-missing');
  });
});

describe('replication ownership in deploy order', () => {
  test('a custom resource removed in cleanup deletes the configuration that native replication just put (two-way → one-way)', () => {
    const a = app(
      stack('R', resources({ B: bucket({ BucketName: 'b1' }) })),
      stack('G', resources({ M: replicationCr('b1') }), { dependsOn: ['R'] }),
    );
    const b = app(stack('R', resources({ B: bucket({ BucketName: 'b1', ...native }) })), stack('G', resources({}), { dependsOn: ['R'] }));
    const verdict = checkTransition(a, b);
    expect(verdict.classification).toBe('silent loss');
    expect(verdict.findings.find((f) => f.kind === 'replication-undone')?.message).toMatch(/b1 has no replication configuration after the deploy \(G: cleanup, Delete of M/);
  });

  test('a hand-over whose old owner does not delete on removal keeps the configuration', () => {
    const a = app(
      stack('R', resources({ B: bucket({ BucketName: 'b1' }) })),
      stack('G', resources({ M: sdk({ Create: put('b1'), Update: put('b1') }) }), { dependsOn: ['R'] }),
    );
    const b = app(stack('R', resources({ B: bucket({ BucketName: 'b1', ...native }) })), stack('G', resources({}), { dependsOn: ['R'] }));
    expect(checkTransition(a, b).classification).toBe('deploys safely');
  });

  test('custom resources keyed by position: a reorder changes their physical ids and the cleanup Deletes wipe every bucket', () => {
    const a = app(stack('G', resources({ From0: replicationCr('b1'), From1: replicationCr('b2') })));
    const b = app(stack('G', resources({ From0: replicationCr('b2'), From1: replicationCr('b1') })));
    const found = kinds(a, b);
    expect(found.filter((k) => k === 'custom-resource-replaced')).toHaveLength(2);
    expect(found.filter((k) => k === 'replication-undone')).toHaveLength(2);
    const byBucket = app(stack('G', resources({ FromB2: replicationCr('b2'), FromB1: replicationCr('b1') })));
    expect(kinds(byBucket, byBucket)).toEqual([]);
  });

  test('two owners of one bucket is reported; a window without replication is reported when it is closed again', () => {
    const twoOwners = app(stack('R', resources({ B: bucket({ BucketName: 'b1', ...native }), M: replicationCr('b1') })));
    expect(kinds(twoOwners, twoOwners)).toContain('replication-owners');
    // R drops native replication first; G's custom resource puts it back later: a window in between.
    const a = app(stack('R', resources({ B: bucket({ BucketName: 'b1', ...native }) })), stack('G', resources({}), { dependsOn: ['R'] }));
    const b = app(stack('R', resources({ B: bucket({ BucketName: 'b1' }) })), stack('G', resources({ M: replicationCr('b1') }), { dependsOn: ['R'] }));
    const verdict = checkTransition(a, b);
    expect(verdict.findings.map((f) => f.kind)).toEqual(['replication-window']);
    expect(verdict.classification).toBe('deploys safely');
  });
});

describe('monitoring', () => {
  const alarm = (name: string, destination: string): Resource => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmName: name, Namespace: 'AWS/S3', MetricName: 'ReplicationLatency', Dimensions: [{ Name: 'DestinationBucket', Value: destination }], Threshold: 900 },
  });

  test('an alarm for the same metric deleted under one id and created under another is reported; a new pair is not', () => {
    const a = app(stack('S', resources({ Latency0: alarm('s-0', 'b2') })));
    expect(kinds(a, app(stack('S', resources({ Latency1: alarm('s-1', 'b2') }))))).toEqual(['monitoring-replaced']);
    expect(kinds(a, app(stack('S', resources({ Latency0: alarm('s-0', 'b2'), Latency1: alarm('s-1', 'b3') }))))).toEqual([]);
    expect(kinds(a, app(stack('S', resources({ Latency0: { ...alarm('s-0', 'b2'), Properties: { ...alarm('s-0', 'b2').Properties, Threshold: 3600 } } }))))).toEqual([]);
  });
});

describe('routes', () => {
  const routes = sdk({ Create: { service: 'S3Control', action: 'submitMultiRegionAccessPointRoutes', parameters: { Mrap: 'arn:aws:s3::111111111111:accesspoint/<M.Alias>', RouteUpdates: [{ Region: 'us-east-1', TrafficDialPercentage: 0 }] } } }, 'Custom::MultiRegionAccessPointRoutes');
  const withRoutes = (r: Resource) => ({ ...r, Properties: { ...r.Properties, Create: (r.Properties!.Create as string).replace('<M.Alias>', 'site-1.Alias') } });

  test('removing a routes custom resource leaves its dials on a kept access point; on a replaced one it does not', () => {
    const a = app(stack('G', resources({ M: mrap('site-1', ['b1', 'b2']), Routes: withRoutes(routes) })));
    expect(kinds(a, app(stack('G', resources({ M: mrap('site-1', ['b1', 'b2']) }))))).toContain('routes-left');
    expect(kinds(a, app(stack('G', resources({ M: mrap('site-2', ['b1', 'b2', 'b3']) }))))).not.toContain('routes-left');
    // Dials all at 100 are S3's default: nothing is left that the template does not ask for.
    const allActive = { ...withRoutes(routes), Properties: { ...routes.Properties, Create: (withRoutes(routes).Properties!.Create as string).replace('"TrafficDialPercentage":0', '"TrafficDialPercentage":100') } };
    expect(kinds(app(stack('G', resources({ M: mrap('site-1', ['b1', 'b2']), Routes: allActive }))), app(stack('G', resources({ M: mrap('site-1', ['b1', 'b2']) }))))).toEqual([]);
  });
});

describe('stacks', () => {
  test('a stack that leaves the app is left deployed with its data; a renamed one is a new stack', () => {
    const a = app(stack('S-eu', resources({ B: bucket() }), { region: 'eu-west-1' }), stack('S-us', resources({ B: bucket() })));
    const left = checkTransition(a, app(stack('S-us', resources({ B: bucket() }))));
    expect(left.findings.map((f) => f.kind)).toEqual(['stack-left']);
    expect(left.findings[0].message).toMatch(/stack S-eu \(111111111111\/eu-west-1\) left the app: .*leaves it deployed, with B \(AWS::S3::Bucket\); delete it with `aws cloudformation delete-stack --stack-name S-eu --region eu-west-1`/);
    const renamed = app(stack('T-eu', resources({ B: bucket() }), { region: 'eu-west-1', artifactId: 'S-eu' }), stack('S-us', resources({ B: bucket() })));
    expect(kinds(a, renamed)).toEqual(['stack-renamed']);
    expect(kinds(a, a)).toEqual([]);
  });

  test('the deploy order follows the dependencies', () => {
    const b = app(stack('G', resources({}), { dependsOn: ['R1', 'R2@eu-west-1'] }), stack('R1', resources({})), stack('R2', resources({}), { region: 'eu-west-1' }));
    expect(checkTransition(b, b).order).toEqual(['R1', 'R2', 'G']);
  });
});

describe('changes that leave state behind (issue 23)', () => {
  const submit = (mrapArn: string, dials: Record<string, number>) => ({
    service: 'S3Control',
    action: 'submitMultiRegionAccessPointRoutes',
    parameters: { Mrap: mrapArn, RouteUpdates: Object.entries(dials).map(([Region, TrafficDialPercentage]) => ({ Region, TrafficDialPercentage })) },
    physicalResourceId: { id: mrapArn },
  });
  const ARN = 'arn:aws:s3::111111111111:accesspoint/site-1.Alias';
  const routesCr = (dials: Record<string, number>, restore: boolean) => sdk({
    Create: submit(ARN, dials),
    Update: submit(ARN, dials),
    ...(restore ? { Delete: submit(ARN, Object.fromEntries(Object.keys(dials).map((r) => [r, 100]))) } : {}),
  }, 'Custom::MultiRegionAccessPointRoutes');
  const passive = { 'us-east-1': 100, 'eu-west-1': 0 };

  test('a custom resource removed with no Delete keeps what it set: routes, or a configuration; a Delete that undoes it leaves nothing', () => {
    const ap = mrap('site-1', ['b1', 'b2']);
    const withoutDelete = app(stack('G', resources({ M: ap, Routes: routesCr(passive, false) })));
    const withDelete = app(stack('G', resources({ M: ap, Routes: routesCr(passive, true) })));
    const none = app(stack('G', resources({ M: ap })));
    const left = checkTransition(withoutDelete, none);
    expect(left.findings.map((f) => [f.kind, f.severity])).toEqual([['routes-left', 'silent']]);
    expect(left.findings[0].message).toMatch(/without a Delete that restores S3's default: the traffic dials it set .*"TrafficDialPercentage":0/);
    expect(kinds(withDelete, none)).toEqual([]);
    // A Delete that restores only some Regions leaves the others passive.
    const partial = sdk({ Create: submit(ARN, passive), Update: submit(ARN, passive), Delete: submit(ARN, { 'us-east-1': 100 }) }, 'Custom::MultiRegionAccessPointRoutes');
    expect(kinds(app(stack('G', resources({ M: ap, Routes: partial }))), none)).toEqual(['routes-left']);

    // Any custom resource: a replication configuration put with no Delete stays on a kept bucket.
    const bucketAndCr = (cr: Resource) => app(stack('R', resources({ B: bucket({ BucketName: 'b1' }), Replication: cr })));
    const bucketOnly = app(stack('R', resources({ B: bucket({ BucketName: 'b1' }) })));
    const putOnly = sdk({ Create: put('b1'), Update: put('b1') });
    expect(checkTransition(bucketAndCr(putOnly), bucketOnly).findings.map((f) => f.kind)).toEqual(['custom-resource-left']);
    expect(checkTransition(bucketAndCr(putOnly), bucketOnly).findings[0].message).toMatch(/Replication \(Custom::S3BucketReplication\) leaves the template, and has no Delete to undo its PutBucketReplication/);
    expect(kinds(bucketAndCr(replicationCr('b1')), bucketOnly)).toEqual([]);
    // Handed over: routes the app now sets from another resource (which replaced them) are not left.
    expect(kinds(withoutDelete, app(stack('G', resources({ M: ap, Failover: routesCr({ 'us-east-1': 0, 'eu-west-1': 100 }, true) }))))).toEqual([]);
    // A Delete of something else does not undo it; a one-shot job or a read leaves nothing to undo.
    expect(kinds(bucketAndCr(sdk({ Create: put('b1'), Delete: del('b2') })), bucketOnly)).toEqual(['custom-resource-left']);
    const job = sdk({ Create: { service: 'S3Control', action: 'CreateJob', parameters: { AccountId: '111111111111' } } }, 'Custom::S3BatchReplicationJob');
    const read = sdk({ Update: { service: 'S3', action: 'GetBucketLogging', parameters: { Bucket: 'b1' } } }, 'Custom::S3BucketLoggingLookup');
    expect(kinds(bucketAndCr(job), bucketOnly)).toEqual([]);
    expect(kinds(bucketAndCr(read), bucketOnly)).toEqual([]);
  });

  test('a routes Delete that runs in cleanup after another routes resource set the routes of the same access point replaces them', () => {
    const ap = mrap('site-1', ['b1', 'b2']);
    const a = app(stack('G', resources({ M: ap, Routes: routesCr(passive, true) })));
    const moved = app(stack('G', resources({ M: ap, FailoverRoutes: routesCr(passive, true) })));
    const verdict = checkTransition(a, moved);
    expect(verdict.findings.map((f) => f.kind)).toEqual(['routes-undone']);
    expect(verdict.findings[0].message).toMatch(/submits eu-west-1=100,us-east-1=100 to the access point whose routes G\/FailoverRoutes sets to eu-west-1=0,us-east-1=100 earlier in the same deploy/);
    // The same resource updated in place: no Delete runs.
    expect(kinds(a, app(stack('G', resources({ M: ap, Routes: routesCr({ 'us-east-1': 0, 'eu-west-1': 100 }, true) }))))).toEqual([]);
    // Moved with S3's default declared: the Delete puts what the new resource declares.
    expect(kinds(a, app(stack('G', resources({ M: ap, FailoverRoutes: routesCr({ 'us-east-1': 100, 'eu-west-1': 100 }, true) }))))).toEqual([]);
  });

  test('a key deleted while a bucket it encrypted stays is a silent loss; a retained key is not', () => {
    const encrypted = { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['K', 'Arn'] } } }] } };
    const key = (policy: string): Resource => ({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: policy, UpdateReplacePolicy: policy });
    const sseS3 = app(stack('S', resources({ B: bucket({}, 'Delete') })));
    // SSE-KMS turned off with removal policy DESTROY: the bucket stays (its policy only acts when it leaves), the key goes.
    const kmsDestroy = app(stack('S', resources({ B: bucket(encrypted, 'Delete'), K: key('Delete') })));
    const off = checkTransition(kmsDestroy, sseS3);
    expect(off.findings.map((f) => [f.kind, f.severity])).toEqual([['key-before-bucket', 'silent']]);
    expect(off.findings[0].message).toMatch(/key K is removed with DeletionPolicy Delete .* while bucket B, which it encrypted, stays/);
    // Fixed: the key is retained whatever the bucket's policy.
    const kmsRetainedKey = app(stack('S', resources({ B: bucket(encrypted, 'Delete'), K: key('Retain') })));
    expect(checkTransition(kmsRetainedKey, sseS3).findings.map((f) => [f.kind, f.severity])).toEqual([['stateful-deleted', 'warn']]);
    // Both removed, the bucket deleted with its data: the key has nothing left to decrypt (the generic finding stays).
    expect(kinds(kmsDestroy, app(stack('S', resources({}))))).toEqual(['stateful-deleted', 'stateful-deleted']);
    // A key that will be deleted before the bucket it encrypts: reported when the deploy makes it so, not again after.
    const hazard = app(stack('S', resources({ B: bucket(encrypted, 'Retain'), K: key('Delete') })));
    const made = checkTransition(app(stack('S', resources({ B: bucket(encrypted, 'Retain'), K: key('Retain') }))), hazard);
    expect(made.findings.map((f) => f.kind)).toEqual(['key-before-bucket']);
    expect(made.findings[0].message).toMatch(/key K has DeletionPolicy Delete while bucket B, which it encrypts, has Retain/);
    expect(kinds(hazard, hazard)).toEqual([]);
  });

  test('a stack that leaves the app while replicating into destinations that no longer admit it is a silent loss; kept in the app without resources, its Deletes run', () => {
    // A bucket of the backup account replicates into b2 of the main account, which admits its role by its bucket policy.
    const BACKUP = { region: 'eu-west-1', account: '333333333333' };
    const crossAccount = (bucketName: string) => ({
      ...put(bucketName),
      parameters: { Bucket: bucketName, ReplicationConfiguration: { Role: 'arn:aws:iam::333333333333:role/rep', Rules: [{ Destination: { Bucket: 'arn:aws:s3:::b2', Account: '111111111111' } }] } },
    });
    const backupBucket = stack('R', resources({ B: bucket({ BucketName: 'b1' }) }), BACKUP);
    const replicationStack = (template: Template) => stack('R-replication', template, BACKUP);
    const policy = (admits: boolean): Resource => ({
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: 'b2', PolicyDocument: { Statement: admits ? [{ Effect: 'Allow', Principal: { AWS: '333333333333' }, Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/rep' } } }] : [] } },
    });
    const main = (admits: boolean) => stack('M', resources({ B: bucket({ BucketName: 'b2' }), P: policy(admits) }));
    const a = app(main(true), backupBucket, replicationStack(resources({ Replication: sdk({ Create: crossAccount('b1'), Update: crossAccount('b1'), Delete: del('b1') }) })));
    // The mode change: b1 no longer replicates, and b2's policy no longer admits its role; the replication stack leaves the app.
    const left = checkTransition(a, app(main(false), backupBucket));
    const live = left.findings.filter((f) => f.kind === 'left-stack-live');
    expect(live.map((f) => [f.stack, f.severity])).toEqual([['R-replication', 'silent']]);
    expect(live[0].message).toMatch(/R-replication \(333333333333\/eu-west-1\) leaves the app but stays deployed.*Replication replicates bucket b1 \(of R \(333333333333\/eu-west-1\)\) into b2, whose bucket policies no longer admit its role rep/);
    // Fixed: the stack stays in the app with no resources; the CLI deletes it, and its Delete removes the configuration.
    expect(checkTransition(a, app(main(false), backupBucket, replicationStack(resources({})))).findings).toEqual([]);
    // Destinations that still admit it: it works, and is reported as a warning (delete the stack to stop it).
    expect(checkTransition(a, app(main(true), backupBucket)).findings.map((f) => [f.kind, f.severity])).toEqual([['stack-left', 'warn'], ['left-stack-live', 'warn']]);
    // Not live: the bucket it configured left the app too (a Region removed), or the app configures it from elsewhere.
    expect(kinds(a, app(main(false)))).not.toContain('left-stack-live');
    expect(kinds(a, app(main(false), backupBucket, stack('G', resources({ Replication: replicationCr('b1') }), BACKUP)))).not.toContain('left-stack-live');
    // A policy on a bucket of another stack, and routes of an access point of the app, are live too.
    const regional = stack('E', resources({ B: bucket({ BucketName: 'b3' }) }), { region: 'eu-west-1' });
    const foreignPolicy: Resource = { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'b3', PolicyDocument: {} } };
    expect(kinds(app(regional, stack('X', resources({ P: foreignPolicy }))), app(regional))).toContain('left-stack-live');
    const ap = stack('G', resources({ M: mrap('site-1', ['b1']) }));
    const routing = stack('Routing', resources({ Routes: routesCr(passive, true) }), { region: 'us-west-2' });
    expect(kinds(app(ap, routing), app(ap))).toContain('left-stack-live');
  });
});
