import { CfnOutput, Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { IMultiRegionAccessPoint } from './multi-region-access-point';
import { Routing } from './routing';
import { accountRelation } from '../private/account-relation';
import { acknowledgeNag } from '../private/nag';
import { CONTROL_PLANE_REGIONS, RegionUse, validateRegion } from '../private/regions';
import { RouteUpdate } from '../private/route-update';
import { acknowledgeProviderFindings as acknowledgeSharedFunction, sdkCallProvider } from '../private/sdk-call-provider';
import { validationError } from '../private/validation';

const DEFAULT_CONTROL_PLANE_REGION = 'us-west-2';

/**
 * Properties of a {@link MultiRegionAccessPointRoutes}.
 */
export interface MultiRegionAccessPointRoutesProps {
  /**
   * The access point whose routes to set. It may be imported; `Routing.activeActive()` and
   * `Routing.activePassive()` need its Regions.
   */
  readonly accessPoint: IMultiRegionAccessPoint;

  /**
   * The routes: `Routing.activeActive()`, `Routing.activePassive({ activeRegions })` or
   * `Routing.trafficDials({ ... })`. At least one Region must stay active.
   */
  readonly routing: Routing;

  /**
   * The Region whose S3 failover control endpoint receives the routes: one of us-east-1,
   * us-west-2, ap-southeast-2, ap-northeast-1 and eu-west-1. It does not need to be a Region of
   * the access point or of this stack.
   *
   * @default 'us-west-2'
   */
  readonly controlPlaneRegion?: string;
}

/**
 * The routing configuration (traffic dials) of a Multi-Region Access Point, which CloudFormation
 * has no resource for.
 *
 * A custom resource (`Custom::MultiRegionAccessPointRoutes`, an `AwsCustomResource`) calls
 * `S3Control:SubmitMultiRegionAccessPointRoutes` in the control-plane Region on creation and
 * whenever the routes change: change the routing in code and deploy to fail over or back. It
 * sends a dial for every Region, so Regions left out by hand are reset too. A second custom
 * resource then reads the routes back with `GetMultiRegionAccessPointRoutes`, so what S3
 * reports is visible in the `ReportedRoutes` stack output (and `reportedRoutes`) after each
 * change. A change takes effect in about two minutes; at least one Region must stay active.
 *
 * Removing this construct (or deleting its stack) sets every Region of the access point active
 * again, S3's default: an app without routes declares none passive. It never fails because the
 * access point is already gone. To keep Regions passive, keep the construct.
 *
 * `MultiRegionAccessPoint` creates one when given `routing`; use this construct directly for an
 * imported access point.
 *
 * @example
 * const accessPoint = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(stack, 'Imported', {
 *   multiRegionAccessPointAlias: 'mfzwi23gnjvgw.mrap',
 *   regions: ['us-east-1', 'eu-west-1'],
 * });
 * new MultiRegionAccessPointRoutes(stack, 'Failover', {
 *   accessPoint,
 *   routing: Routing.activePassive({ activeRegions: ['eu-west-1'] }),
 *   controlPlaneRegion: 'eu-west-1',
 * });
 */
export class MultiRegionAccessPointRoutes extends Construct {
  /**
   * The Regions whose S3 failover control endpoints accept route changes
   * (`SubmitMultiRegionAccessPointRoutes`) and route queries.
   */
  public static readonly CONTROL_PLANE_REGIONS: string[] = [...CONTROL_PLANE_REGIONS];

  /** The Regions with traffic dial 100. */
  public readonly activeRegions: string[];

  /** The Regions with traffic dial 0. */
  public readonly passiveRegions: string[];

  /** The Region of the S3 failover control endpoint the routes are sent to. */
  public readonly controlPlaneRegion: string;

  /**
   * The routes S3 reported right after the last change, as `<region>=<traffic dial>` pairs
   * separated by commas (a deploy-time value). The data plane follows within about two minutes.
   */
  public readonly reportedRoutes: string;

  constructor(scope: Construct, id: string, props: MultiRegionAccessPointRoutesProps) {
    super(scope, id);
    const controlPlaneRegion = props.controlPlaneRegion ?? DEFAULT_CONTROL_PLANE_REGION;
    validateRegion(this, 'controlPlaneRegion', controlPlaneRegion, RegionUse.CONTROL_PLANE);
    this.controlPlaneRegion = controlPlaneRegion;
    // In Region order, so that reordering the access point's buckets changes nothing here.
    const updates = inRegionOrder(props.routing._routeUpdates(this, 'routing', props.accessPoint.regions));
    this.activeRegions = updates.filter((u) => u.trafficDialPercentage === 100).map((u) => u.region);
    this.passiveRegions = updates.filter((u) => u.trafficDialPercentage === 0).map((u) => u.region);

    const accessPoint = props.accessPoint;
    orderAfterAccessPoint(this, accessPoint);
    const target = { AccountId: accessPoint.env.account, Mrap: accessPoint.multiRegionAccessPointArn };
    // The route updates are in the call's parameters, so a change of routes changes the resource's
    // properties and CloudFormation sends an Update: that is what performs a failover.
    const submit: cr.AwsSdkCall = {
      service: 'S3Control',
      action: 'submitMultiRegionAccessPointRoutes',
      region: controlPlaneRegion,
      parameters: {
        ...target,
        RouteUpdates: updates.map((u) => ({ Region: u.region, TrafficDialPercentage: u.trafficDialPercentage })),
      },
      physicalResourceId: cr.PhysicalResourceId.of(accessPoint.multiRegionAccessPointArn),
    };
    // Removing the routes declares S3's default, every Region active (ADR 0037): the Delete puts it
    // back, so that a change to a setup without routes (or a deletion) never leaves Regions passive.
    // S3 keeps the dials of Regions a call leaves out, so the call names every Region. Two errors
    // are not failures: the access point is already gone (imported, or deleted outside this
    // stack), and access denied when the access point was replaced: CloudFormation then deletes the
    // old routes resource in cleanup, after the policy was updated to the new access point's ARN,
    // and the old access point is deleted right after it.
    const restore: cr.AwsSdkCall = {
      service: 'S3Control',
      action: 'submitMultiRegionAccessPointRoutes',
      region: controlPlaneRegion,
      parameters: {
        ...target,
        RouteUpdates: updates.map((u) => ({ Region: u.region, TrafficDialPercentage: 100 })),
      },
      ignoreErrorCodesMatching: 'NoSuchMultiRegionAccessPoint|AccessDenied',
    };
    // The stack's one AwsCustomResource function, with a role that writes only its own logs.
    const provider = sdkCallProvider(Stack.of(this));
    const submitRoutes = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::MultiRegionAccessPointRoutes',
      onCreate: submit,
      onUpdate: submit,
      onDelete: restore,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['s3:SubmitMultiRegionAccessPointRoutes'], resources: [accessPoint.multiRegionAccessPointArn] }),
      ]),
      role: provider.role,
      functionName: provider.functionName,
      // The Lambda runtime's SDK has these APIs; installing the latest would need internet access.
      installLatestAwsSdk: false,
    });

    const readBack = new cr.AwsCustomResource(this, 'ReadBack', {
      resourceType: 'Custom::MultiRegionAccessPointRoutesReadBack',
      onUpdate: {
        service: 'S3Control',
        action: 'getMultiRegionAccessPointRoutes',
        region: controlPlaneRegion,
        parameters: target,
        // The physical ID names the routes that were requested: it changes with them, which makes
        // CloudFormation update this resource (and so read the routes again) after every change.
        physicalResourceId: cr.PhysicalResourceId.of(signature(updates)),
        outputPaths: updates.flatMap((_, i) => [`Routes.${i}.Region`, `Routes.${i}.TrafficDialPercentage`]),
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['s3:GetMultiRegionAccessPointRoutes'], resources: [accessPoint.multiRegionAccessPointArn] }),
      ]),
      role: provider.role,
      functionName: provider.functionName,
      installLatestAwsSdk: false,
    });
    readBack.node.addDependency(submitRoutes);

    this.reportedRoutes = Fn.join(
      ',',
      updates.map((_, i) => Fn.join('=', [readBack.getResponseField(`Routes.${i}.Region`), readBack.getResponseField(`Routes.${i}.TrafficDialPercentage`)])),
    );
    acknowledgeProviderFindings(this, [submitRoutes, readBack]);

    new CfnOutput(this, 'ReportedRoutes', {
      description: `Traffic dials (region=dial) that S3 reported for ${accessPoint.node.path} after the last routing change`,
      value: this.reportedRoutes,
    });
  }
}

/**
 * Acknowledges the cdk-nag findings of the custom resources' policies, and those of the stack's
 * shared AwsCustomResource function (once per stack, with the replication constructs).
 */
function acknowledgeProviderFindings(scope: Construct, resources: cr.AwsCustomResource[]): void {
  for (const resource of resources) {
    const policy = resource.node.tryFindChild('CustomResourcePolicy');
    if (!policy) continue;
    acknowledgeNag(
      policy,
      { nist80053r5: 'IAMNoInlinePolicy', hipaa: 'IAMNoInlinePolicy', pciDss321: 'IAMNoInlinePolicy' },
      'AwsCustomResource attaches its policy to the provider role as an AWS::IAM::Policy. It grants one S3 control-plane action on this one ' +
        'Multi-Region Access Point ARN to that one role; a reusable managed policy would grant the same and could be attached elsewhere.',
    );
  }
  acknowledgeSharedFunction(Stack.of(scope));
}

/**
 * Routes of an access point created in another stack: its ARN holds the alias S3 generates at
 * deploy time, so the routes' stack reads it from the access point's stack and must deploy after
 * it (the routes of an access point that does not exist yet cannot be submitted). Across accounts
 * that read would be a value crossing accounts (ADR 0024), and S3 takes the routes for the
 * account that owns the access point: refused. An imported access point has a literal ARN.
 */
function orderAfterAccessPoint(routes: Construct, accessPoint: IMultiRegionAccessPoint): void {
  if (!Token.isUnresolved(accessPoint.multiRegionAccessPointArn)) return;
  const mine = Stack.of(routes);
  const theirs = Stack.of(accessPoint);
  if (mine === theirs) return;
  if (accountRelation(mine.account, theirs.account) === 'cross') {
    throw validationError(routes, `'accessPoint' must be created in a stack of account ${mine.account}, the routes' stack's, got ${accessPoint.node.path} `
      + `in stack ${theirs.stackName} of account ${theirs.account}: the routes name the access point by the alias S3 generates at deploy time, so the value would `
      + `cross accounts; create the routes in a stack of account ${theirs.account} (the access point's 'routing', or new MultiRegionAccessPointRoutes in its stack)`);
  }
  mine.addStackDependency(theirs, `routes of ${accessPoint.node.path} are submitted after it is created`);
}

function inRegionOrder(updates: RouteUpdate[]): RouteUpdate[] {
  if (updates.some((u) => Token.isUnresolved(u.region))) return updates;
  return [...updates].sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

function signature(updates: RouteUpdate[]): string {
  return updates.map((u) => `${u.region}=${u.trafficDialPercentage}`).join(',');
}
