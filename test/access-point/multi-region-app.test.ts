import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { MultiRegionAccessPoint, MultiRegionAccessPointRoutes, RegionalBucket, Routing } from '../../src';
import { expectNagClean } from '../util/nag';
import { ACCOUNT } from '../util/stacks';

/**
 * A user's own app: one stack per Region with a RegionalBucket, and a us-east-1 stack with the
 * Multi-Region Access Point (active-passive) over the three buckets. Nothing here is built by a
 * higher-level construct of this library.
 */
class DataStack extends Stack {
  public readonly data: RegionalBucket;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.data = new RegionalBucket(this, 'Data');
    Validations.of(this).acknowledge(
      ...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
        id: `${pack}-S3BucketReplicationEnabled`,
        reason: 'Test app: replication is set up by the replication constructs, not under test here.',
      })),
    );
  }
}

interface GlobalStackProps extends StackProps {
  readonly buckets: RegionalBucket[];
}

class GlobalStack extends Stack {
  public readonly accessPoint: MultiRegionAccessPoint;
  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id, props);
    this.accessPoint = new MultiRegionAccessPoint(this, 'AccessPoint', {
      buckets: props.buckets.map((b) => b.bucket),
      routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }),
    });
    this.accessPoint.grants.read(iam.Role.fromRoleArn(this, 'Partner', 'arn:aws:iam::222222222222:role/partner'));
  }
}

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const app = new App();
const dataStacks = REGIONS.map((region) => new DataStack(app, `Data-${region}`, { env: { account: ACCOUNT, region } }));
const global = new GlobalStack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' }, buckets: dataStacks.map((s) => s.data) });
const assembly: CloudAssembly = app.synth();

const artifact = (name: string) => assembly.getStackByName(name);
const dependencyIds = (stack: CloudFormationStackArtifact) => stack.dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets'));
const resourcesOf = (name: string, type: string) =>
  Object.entries<any>(artifact(name).template.Resources ?? {}).filter(([, r]) => r.Type === type);

describe('a user app: Regional bucket stacks and a global access point stack', () => {
  test('the access point stack depends on every bucket stack', () => {
    expect(dependencyIds(artifact('Global')).sort()).toEqual(dataStacks.map((s) => s.artifactId).sort());
  });

  test('no bucket stack depends on the access point stack, and the graph has no cycle', () => {
    for (const stack of dataStacks) expect(dependencyIds(artifact(stack.stackName))).toEqual([]);
    // Deploy waves: repeatedly take the stacks whose dependencies are all deployed.
    const remaining = new Map(assembly.stacks.map((s) => [s.id, dependencyIds(s)]));
    const waves: string[][] = [];
    while (remaining.size > 0) {
      const wave = [...remaining].filter(([, deps]) => deps.every((d) => !remaining.has(d))).map(([id]) => id);
      expect(wave.length).toBeGreaterThan(0); // otherwise there is a cycle
      wave.forEach((id) => remaining.delete(id));
      waves.push(wave.sort());
    }
    expect(waves).toEqual([dataStacks.map((s) => s.artifactId).sort(), ['Global']]);
  });

  test('buckets in other Regions are named literally; the one in the same Region is imported', () => {
    const [[, accessPoint]] = resourcesOf('Global', 'AWS::S3::MultiRegionAccessPoint');
    // Sorted by Region: ap-southeast-2, eu-west-1, us-east-1.
    const [sydney, ireland, sameRegion] = accessPoint.Properties.Regions.map((r: any) => r.Bucket);
    const otherRegions = [ireland, sydney];
    expect(sameRegion).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Data-us-east-1:ExportsOutputRef/) });
    for (const name of otherRegions) expect(name).toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
    expect(otherRegions).toEqual([
      global.resolve(dataStacks[1].data.bucket.bucketName),
      global.resolve(dataStacks[2].data.bucket.bucketName),
    ]);
  });

  test('the delegating bucket policy of each bucket lives in its own stack, and names only the account', () => {
    for (const stack of dataStacks) {
      const statements = resourcesOf(stack.stackName, 'AWS::S3::BucketPolicy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
      const delegation = statements.filter((s: any) => s.Condition?.StringEquals?.['s3:DataAccessPointAccount']);
      expect(delegation).toHaveLength(1);
      expect(delegation[0].Condition).toEqual({ StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } });
    }
    expect(resourcesOf('Global', 'AWS::S3::BucketPolicy')).toEqual([]);
  });

  test('the routes are submitted to an allowed control-plane Region from the us-east-1 stack', () => {
    const routes = resourcesOf('Global', 'Custom::MultiRegionAccessPointRoutes');
    expect(routes).toHaveLength(1);
    const create = JSON.stringify(routes[0][1].Properties.Create);
    const region = /\\"region\\":\\"([a-z0-9-]+)\\"/.exec(create)?.[1];
    expect(MultiRegionAccessPointRoutes.CONTROL_PLANE_REGIONS).toContain(region);
    expect(artifact('Global').environment.region).toBe('us-east-1');
    expect(create).toContain('{\\"Region\\":\\"eu-west-1\\",\\"TrafficDialPercentage\\":100}');
    expect(create).toContain('{\\"Region\\":\\"us-east-1\\",\\"TrafficDialPercentage\\":0}');
    expect(create).toContain('{\\"Region\\":\\"ap-southeast-2\\",\\"TrafficDialPercentage\\":0}');
  });

  test('the access point policy and the routes live in the access point stack', () => {
    expect(resourcesOf('Global', 'AWS::S3::MultiRegionAccessPointPolicy')).toHaveLength(1);
    for (const stack of dataStacks) {
      expect(resourcesOf(stack.stackName, 'AWS::S3::MultiRegionAccessPointPolicy')).toEqual([]);
      expect(resourcesOf(stack.stackName, 'Custom::MultiRegionAccessPointRoutes')).toEqual([]);
    }
  });

  test('every stack is clean under the four cdk-nag packs', () => {
    expectNagClean(app);
  });
});
