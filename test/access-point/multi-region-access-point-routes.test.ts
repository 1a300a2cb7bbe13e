import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IMultiRegionAccessPoint, MultiRegionAccessPoint, MultiRegionAccessPointRoutes, MultiRegionAccessPointRoutesProps, Routing } from '../../src';
import { expectNagClean, nagAcknowledgements } from '../util/nag';
import { ACCOUNT } from '../util/stacks';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** A us-east-1 stack with an access point over imported buckets in `regions`. */
function routedStack(routing?: Routing, props: { controlPlaneRegion?: string; regions?: string[] } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const buckets = (props.regions ?? REGIONS).map((region, i) =>
    s3.Bucket.fromBucketAttributes(stack, `Bucket${i}`, { bucketName: `data-${region}`, region }),
  );
  const accessPoint = new MultiRegionAccessPoint(stack, 'AccessPoint', {
    buckets,
    delegateBucketAccessControl: false,
    routing,
    routingControlPlaneRegion: props.controlPlaneRegion,
  });
  return { app, stack, accessPoint };
}

/** The SDK call a custom resource makes on `event` ('Create' | 'Update'), with the access point ARN resolved to `<ARN>`. */
function sdkCall(stack: Stack, resourceType: string, event: 'Create' | 'Update' | 'Delete'): any {
  const resources = Template.fromStack(stack).findResources(resourceType);
  const [resource] = Object.values<any>(resources);
  const value = resource.Properties[event];
  const parts: any[] = typeof value === 'string' ? [value] : value['Fn::Join'][1];
  const json = parts.map((p) => (typeof p === 'string' ? p : '<token>')).join('');
  return JSON.parse(json.replace(/arn:<token>:s3::\d+:accesspoint\/<token>/g, '<ARN>'));
}

function routesProps(stack: Stack, accessPoint: IMultiRegionAccessPoint, props: Partial<MultiRegionAccessPointRoutesProps>) {
  return new MultiRegionAccessPointRoutes(stack, 'Routes', { accessPoint, routing: Routing.activeActive(), ...props });
}

describe('routing', () => {
  test('matches the snapshot (active-passive)', () => {
    const { stack } = routedStack(Routing.activePassive({ activeRegions: ['us-east-1'] }));
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });

  test('without routing there is no custom resource: the access point is active-active as S3 creates it', () => {
    const { stack } = routedStack();
    Template.fromStack(stack).resourceCountIs('Custom::MultiRegionAccessPointRoutes', 0);
  });

  test('active-passive submits every Region with dial 100 or 0 to us-west-2 on create and update', () => {
    const { stack, accessPoint } = routedStack(Routing.activePassive({ activeRegions: ['eu-west-1'] }));
    const expected = {
      service: 'S3Control',
      action: 'submitMultiRegionAccessPointRoutes',
      region: 'us-west-2',
      parameters: {
        AccountId: ACCOUNT,
        Mrap: '<ARN>',
        // In Region order, whatever the order of the buckets.
        RouteUpdates: [
          { Region: 'ap-southeast-2', TrafficDialPercentage: 0 },
          { Region: 'eu-west-1', TrafficDialPercentage: 100 },
          { Region: 'us-east-1', TrafficDialPercentage: 0 },
        ],
      },
      physicalResourceId: { id: '<ARN>' },
    };
    expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Create')).toEqual(expected);
    expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Update')).toEqual(expected);
    Template.fromStack(stack).hasResourceProperties('Custom::MultiRegionAccessPointRoutes', { InstallLatestAwsSdk: false });
    // Removed (or its stack deleted), the routes go back to S3's default, every Region active (ADR 0037),
    // naming every Region (S3 keeps the dial of a Region a call leaves out); a gone or replaced access point is no error.
    expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Delete')).toEqual({
      service: 'S3Control',
      action: 'submitMultiRegionAccessPointRoutes',
      region: 'us-west-2',
      parameters: {
        AccountId: ACCOUNT,
        Mrap: '<ARN>',
        RouteUpdates: [
          { Region: 'ap-southeast-2', TrafficDialPercentage: 100 },
          { Region: 'eu-west-1', TrafficDialPercentage: 100 },
          { Region: 'us-east-1', TrafficDialPercentage: 100 },
        ],
      },
      ignoreErrorCodesMatching: 'NoSuchMultiRegionAccessPoint|AccessDenied',
    });
    expect(accessPoint.routes!.activeRegions).toEqual(['eu-west-1']);
    expect(accessPoint.routes!.passiveRegions).toEqual(['ap-southeast-2', 'us-east-1']);
    expect(accessPoint.routes!.controlPlaneRegion).toBe('us-west-2');
  });

  test('active-active sets every Region to 100 (failback)', () => {
    const { stack } = routedStack(Routing.activeActive());
    expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Update').parameters.RouteUpdates).toEqual(
      [...REGIONS].sort().map((Region) => ({ Region, TrafficDialPercentage: 100 })),
    );
  });

  test('trafficDials are sent as given, in Region order', () => {
    const { stack } = routedStack(Routing.trafficDials({ 'us-east-1': 0, 'eu-west-1': 100, 'ap-southeast-2': 100 }));
    expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Update').parameters.RouteUpdates).toEqual([
      { Region: 'ap-southeast-2', TrafficDialPercentage: 100 },
      { Region: 'eu-west-1', TrafficDialPercentage: 100 },
      { Region: 'us-east-1', TrafficDialPercentage: 0 },
    ]);
  });

  test('failover changes the properties of the custom resource, so CloudFormation sends an Update', () => {
    const before = routedStack(Routing.activePassive({ activeRegions: ['us-east-1'] })).stack;
    const after = routedStack(Routing.activePassive({ activeRegions: ['eu-west-1'] })).stack;
    const props = (stack: Stack) => Object.values<any>(Template.fromStack(stack).findResources('Custom::MultiRegionAccessPointRoutes'))[0];
    const logicalIds = (stack: Stack) => Object.keys(Template.fromStack(stack).findResources('Custom::MultiRegionAccessPointRoutes'));
    expect(logicalIds(after)).toEqual(logicalIds(before)); // same resource: an update, not a replacement
    expect(props(after).Properties.Update).not.toEqual(props(before).Properties.Update);
    // The read-back is updated too, so it reads the routes again after the change.
    const readBack = (stack: Stack) => sdkCall(stack, 'Custom::MultiRegionAccessPointRoutesReadBack', 'Update');
    expect(readBack(after).physicalResourceId).not.toEqual(readBack(before).physicalResourceId);
  });

  test('the control-plane Region is configurable, whichever Region the stack is in', () => {
    for (const region of MultiRegionAccessPointRoutes.CONTROL_PLANE_REGIONS) {
      const { stack } = routedStack(Routing.activeActive(), { controlPlaneRegion: region });
      expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Create').region).toBe(region);
      expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutesReadBack', 'Create').region).toBe(region);
    }
  });

  test('the provider may call only SubmitMultiRegionAccessPointRoutes and GetMultiRegionAccessPointRoutes, on this access point', () => {
    const { stack, accessPoint } = routedStack(Routing.activePassive({ activeRegions: ['us-east-1'] }));
    const arn = stack.resolve(accessPoint.multiRegionAccessPointArn);
    const statements = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 's3:SubmitMultiRegionAccessPointRoutes', Resource: arn },
      { Effect: 'Allow', Action: 's3:GetMultiRegionAccessPointRoutes', Resource: arn },
    ]);
    expect(JSON.stringify(statements)).not.toContain('s3control');
  });

  test('the routes are read back after the submission and reported as an output', () => {
    const { stack, accessPoint } = routedStack(Routing.activePassive({ activeRegions: ['us-east-1'] }));
    const template = Template.fromStack(stack);
    expect(sdkCall(stack, 'Custom::MultiRegionAccessPointRoutesReadBack', 'Update')).toEqual({
      service: 'S3Control',
      action: 'getMultiRegionAccessPointRoutes',
      region: 'us-west-2',
      parameters: { AccountId: ACCOUNT, Mrap: '<ARN>' },
      physicalResourceId: { id: 'ap-southeast-2=0,eu-west-1=0,us-east-1=100' },
      outputPaths: [0, 1, 2].flatMap((i) => [`Routes.${i}.Region`, `Routes.${i}.TrafficDialPercentage`]),
    });
    const [submitId] = Object.keys(template.findResources('Custom::MultiRegionAccessPointRoutes'));
    template.hasResource('Custom::MultiRegionAccessPointRoutesReadBack', { DependsOn: Match.arrayWith([submitId]) });
    const [readBackId] = Object.keys(template.findResources('Custom::MultiRegionAccessPointRoutesReadBack'));
    const pair = (i: number) => ({
      'Fn::Join': ['=', [{ 'Fn::GetAtt': [readBackId, `Routes.${i}.Region`] }, { 'Fn::GetAtt': [readBackId, `Routes.${i}.TrafficDialPercentage`] }]],
    });
    template.hasOutput('*', { Value: { 'Fn::Join': [',', [pair(0), pair(1), pair(2)]] } });
    expect(stack.resolve(accessPoint.routes!.reportedRoutes)).toEqual({ 'Fn::Join': [',', [pair(0), pair(1), pair(2)]] });
  });

  test('works with an imported access point whose Regions are given, in any stack', () => {
    const stack = new Stack(new App(), 'Ops', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', {
      multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap',
      regions: ['us-east-1', 'eu-west-1'],
    });
    new MultiRegionAccessPointRoutes(stack, 'Failover', {
      accessPoint,
      routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }),
      controlPlaneRegion: 'eu-west-1',
    });
    const call = sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Create');
    expect(call.region).toBe('eu-west-1');
    expect(call.parameters.RouteUpdates).toEqual([
      { Region: 'eu-west-1', TrafficDialPercentage: 100 },
      { Region: 'us-east-1', TrafficDialPercentage: 0 },
    ]);
  });

  test('works with an access point imported by ARN when every dial is given', () => {
    const stack = new Stack(new App(), 'Ops', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointArn(stack, 'Imported', `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`);
    new MultiRegionAccessPointRoutes(stack, 'Failover', { accessPoint, routing: Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': 0 }) });
    const call = sdkCall(stack, 'Custom::MultiRegionAccessPointRoutes', 'Create');
    expect(call.parameters.Mrap).toBe(`arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`);
    expect(call.parameters.AccountId).toBe(ACCOUNT);
  });
});

describe('routing validation', () => {
  test('all Regions passive', () => {
    expect(() => routedStack(Routing.activePassive({ activeRegions: [] }))).toThrow(
      "Global/AccessPoint/Routes: 'routing' must leave at least one Region active, got all passive (us-east-1, eu-west-1, ap-southeast-2)",
    );
    expect(() => routedStack(Routing.trafficDials({ 'us-east-1': 0, 'eu-west-1': 0, 'ap-southeast-2': 0 }))).toThrow(
      "'routing' must leave at least one Region active, got all passive (us-east-1, eu-west-1, ap-southeast-2)",
    );
  });

  test.each([50, 1, -100, 101, 99.5])('a traffic dial of %d', (dial) => {
    expect(() => routedStack(Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': dial, 'ap-southeast-2': 0 }))).toThrow(
      `Global/AccessPoint/Routes: 'routing' traffic dial of eu-west-1 must be 0 (passive) or 100 (active), got ${dial}`,
    );
  });

  test('a control-plane Region outside the five', () => {
    expect(() => routedStack(Routing.activeActive(), { controlPlaneRegion: 'eu-central-1' })).toThrow(
      "Global/AccessPoint: 'routingControlPlaneRegion' must be one of us-east-1, us-west-2, ap-southeast-2, ap-northeast-1, eu-west-1, got 'eu-central-1'",
    );
  });

  test('a control-plane Region that is a token is not checked', () => {
    const { stack, accessPoint } = routedStack();
    expect(() => routesProps(stack, accessPoint, { controlPlaneRegion: Token.asString({ Ref: 'Region' }) })).not.toThrow();
  });

  test('an active Region that is not in the access point', () => {
    expect(() => routedStack(Routing.activePassive({ activeRegions: ['us-west-2'] }))).toThrow(
      "Global/AccessPoint/Routes: 'routing' names Region us-west-2, which is not a Region of the access point (us-east-1, eu-west-1, ap-southeast-2)",
    );
  });

  test('a dial for a Region that is not in the access point, or a missing dial', () => {
    expect(() => routedStack(Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': 0, 'ap-southeast-2': 0, 'sa-east-1': 0 }))).toThrow(
      "'routing' sets a traffic dial for Region sa-east-1, which is not a Region of the access point (us-east-1, eu-west-1, ap-southeast-2)",
    );
    expect(() => routedStack(Routing.trafficDials({ 'us-east-1': 100, 'eu-west-1': 0 }))).toThrow(
      "'routing' must set a traffic dial for every Region of the access point, missing ap-southeast-2",
    );
  });

  test('an active Region named twice', () => {
    expect(() => routedStack(Routing.activePassive({ activeRegions: ['us-east-1', 'us-east-1'] }))).toThrow(
      "'routing' names Region us-east-1 more than once in 'activeRegions'",
    );
  });

  test('active-active or active-passive on an access point whose Regions are not known', () => {
    const stack = new Stack(new App(), 'Ops', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', { multiRegionAccessPointAlias: 'abc.mrap' });
    expect(() => new MultiRegionAccessPointRoutes(stack, 'Routes', { accessPoint, routing: Routing.activePassive({ activeRegions: ['us-east-1'] }) })).toThrow(
      "Ops/Routes: 'routing' needs the Regions of the access point, got an access point whose Regions are not known: import it with 'regions', or use Routing.trafficDials()",
    );
  });

  test('no dial at all', () => {
    const stack = new Stack(new App(), 'Ops', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', { multiRegionAccessPointAlias: 'abc.mrap' });
    expect(() => new MultiRegionAccessPointRoutes(stack, 'Routes', { accessPoint, routing: Routing.trafficDials({}) })).toThrow(
      "'routing' must set a traffic dial for at least one Region, got none",
    );
  });
});

describe('routing cdk-nag', () => {
  test('two routed access points in one stack share one provider function and stay clean', () => {
    const { stack } = routedStack(Routing.activePassive({ activeRegions: ['us-east-1'] }));
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Other', { bucketName: 'other-data', region: 'us-west-2' });
    new MultiRegionAccessPoint(stack, 'Second', { buckets: [bucket], routing: Routing.activeActive(), delegateBucketAccessControl: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('Custom::MultiRegionAccessPointRoutes', 2);
    template.resourceCountIs('AWS::IAM::Policy', 4);
    expectNagClean(stack);
  });

  test('clean under the four packs; every acknowledgement has a reason', () => {
    const { stack } = routedStack(Routing.activePassive({ activeRegions: ['us-east-1'] }));
    expectNagClean(stack);
    const acknowledgements = nagAcknowledgements(stack);
    expect(acknowledgements.map((a) => `${a.path} ${a.rule}`).sort()).toMatchSnapshot();
    for (const a of acknowledgements) expect(a.reason.length).toBeGreaterThan(40);
  });
});
