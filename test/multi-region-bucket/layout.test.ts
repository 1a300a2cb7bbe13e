import { ExpandStackSelection, StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';
import { App, Stack, StackProps, Stage } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { MultiRegionBucket, MultiRegionBucketProps } from '../../src';
import { checkDeployOrder } from '../util/deploy-order';
import { ACCOUNT } from '../util/stacks';
import { synthAsCli } from '../util/toolkit';

/**
 * Where `MultiRegionBucket` may be created (docs/adr/0027): directly in an App or a Stage, or inside
 * a stack, as in the `lib/<name>-stack.ts` that `cdk init app --language typescript` writes. Inside
 * a stack its stacks go to the Stage beside that stack, with the construct paths, names and
 * resources they have directly in the App, and the enclosing stack deploys after them.
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const PROPS: MultiRegionBucketProps = { regions: REGIONS, account: ACCOUNT, distribution: { singlePageApp: true } };

/** The stack `cdk init app` writes (lib/my-app-stack.ts), with the construct in it. */
class MyAppStack extends Stack {
  public readonly site: MultiRegionBucket;
  constructor(scope: Construct, id: string, props?: StackProps & { site?: Partial<MultiRegionBucketProps> }) {
    super(scope, id, props);
    this.site = new MultiRegionBucket(this, 'Site', { ...PROPS, ...props?.site });
  }
}

/** Every stack of the assembly (nested Stages too) by artifact id, with its name and template. */
function stacksOf(assembly: CloudAssembly): Map<string, { name: string; template: unknown; dependencies: string[] }> {
  return new Map(assembly.stacksRecursively.map((s) => [s.hierarchicalId, {
    name: s.stackName,
    template: s.template,
    dependencies: s.dependencies
      .filter((d): d is CloudFormationStackArtifact => d instanceof CloudFormationStackArtifact)
      .map((d) => d.hierarchicalId)
      .sort(),
  }]));
}

/**
 * The names of the stacks the CDK CLI selects for `patterns`, as `cdk deploy <patterns>` and
 * `cdk ls <patterns>` do: the matched stacks and the stacks they depend on.
 */
async function selectedForDeploy(assembly: CloudAssembly, patterns: string[]): Promise<string[]> {
  const ioHost = { notify: async () => {}, requestResponse: async (msg: { defaultResponse: unknown }) => msg.defaultResponse };
  const toolkit = new Toolkit({ ioHost: ioHost as never });
  const source = await toolkit.fromAssemblyDirectory(assembly.directory);
  const stacks = await toolkit.list(source, {
    stacks: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns, expand: ExpandStackSelection.UPSTREAM },
  });
  return stacks.map((s) => s.name).sort();
}

describe('MultiRegionBucket inside a stack (the cdk init layout)', () => {
  function initApp(): { app: App; assembly: CloudAssembly; stack: MyAppStack } {
    const app = new App();
    // cdk init's bin/my-app.ts: an environment-agnostic stack (env is commented out).
    const stack = new MyAppStack(app, 'MyAppStack');
    return { app, assembly: app.synth(), stack };
  }

  test('creates its stacks beside the enclosing stack, with the paths, names and resources they have directly in the App', () => {
    const inStack = stacksOf(initApp().assembly);
    const direct = new App();
    new MultiRegionBucket(direct, 'Site', PROPS);
    const inApp = stacksOf(direct.synth());

    expect([...inStack.keys()].sort()).toEqual(['MyAppStack', 'Site/ap-southeast-2', 'Site/eu-west-1', 'Site/global', 'Site/us-east-1']);
    for (const [id, stack] of inApp) {
      expect(inStack.get(id)?.name).toEqual(stack.name);
      // Moving the construct from the App into a stack keeps every logical id, name and property.
      expect(inStack.get(id)?.template).toEqual(stack.template);
    }
  });

  test('the enclosing stack deploys after every stack of the construct, and one deploy of it deploys them all in order', async () => {
    const { assembly, stack } = initApp();
    expect(stacksOf(assembly).get('MyAppStack')?.dependencies).toEqual(['Site/ap-southeast-2', 'Site/eu-west-1', 'Site/global', 'Site/us-east-1']);
    const report = checkDeployOrder(assembly);
    expect(report.problems).toEqual([]);
    expect(report.order[report.order.length - 1]).toEqual(stack.artifactId);
    expect(report.order.indexOf(stack.site.globalStack.artifactId)).toBeGreaterThan(report.order.indexOf(stack.site.stackIn('eu-west-1').artifactId));
    // `cdk deploy MyAppStack` (what cdk init's README suggests, with the stack named) deploys the
    // construct's stacks first: the CLI adds the stacks a selected stack depends on.
    expect(await selectedForDeploy(assembly, ['MyAppStack'])).toEqual(['MyAppStack', 'Site-ap-southeast-2', 'Site-eu-west-1', 'Site-global', 'Site-us-east-1']);
  });

  test('in a Stage: the stacks are at that Stage, named as for the construct directly in it', () => {
    const app = new App();
    new MyAppStack(new Stage(app, 'Prod'), 'MyAppStack');
    const inStack = stacksOf(app.synth());
    const direct = new App();
    new MultiRegionBucket(new Stage(direct, 'Prod'), 'Site', PROPS);
    const inStage = stacksOf(direct.synth());

    expect([...inStack.keys()].sort()).toEqual(['Prod/MyAppStack', 'Prod/Site/ap-southeast-2', 'Prod/Site/eu-west-1', 'Prod/Site/global', 'Prod/Site/us-east-1']);
    expect(inStack.get('Prod/Site/global')?.name).toEqual('Prod-Site-global');
    for (const [id, stack] of inStage) expect(inStack.get(id)?.template).toEqual(stack.template);
  });

  test('the enclosing stack given as the global stack: the construct uses it, and it keeps its place after the Regional stacks', () => {
    const app = new App();
    const mine = new Stack(app, 'Mine', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const site = new MultiRegionBucket(mine, 'Site', { ...PROPS, globalStack: mine });
    const assembly = app.synth();

    expect(site.globalStack).toBe(mine);
    expect([...stacksOf(assembly).keys()].sort()).toEqual(['Mine', 'Site/ap-southeast-2', 'Site/eu-west-1', 'Site/us-east-1']);
    expect(checkDeployOrder(assembly).problems).toEqual([]);
    expect(checkDeployOrder(assembly).order[3]).toEqual(mine.artifactId);
  });

  test('the enclosing stack given as a Regional stack: no cycle, the global stack deploys after it', () => {
    const app = new App();
    const mine = new Stack(app, 'Mine', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const regionalStacks = [mine, ...REGIONS.slice(1).map((r) => new Stack(app, `Mine-${r}`, { env: { account: ACCOUNT, region: r } }))];
    const site = new MultiRegionBucket(mine, 'Site', { ...PROPS, regionalStacks });
    const assembly = app.synth();

    expect(site.stackIn('us-east-1')).toBe(mine);
    expect(stacksOf(assembly).get('Mine')?.dependencies).toEqual([]);
    const report = checkDeployOrder(assembly);
    expect(report.problems).toEqual([]);
    expect(report.order[report.order.length - 1]).toEqual(site.globalStack.artifactId);
  });

  test('the replication stacks of other accounts go beside the enclosing stack too, and it waits for them', () => {
    const app = new App();
    const stack = new MyAppStack(app, 'MyAppStack', { site: { accounts: { 'eu-west-1': '222222222222' } } });
    const assembly = app.synth();

    expect(stack.site.stacks.map((s) => s.node.path).sort()).toEqual(['Site/ap-southeast-2', 'Site/eu-west-1', 'Site/eu-west-1-replication', 'Site/global', 'Site/us-east-1']);
    expect(stacksOf(assembly).get('MyAppStack')?.dependencies).toContain('Site/eu-west-1-replication');
    expect(checkDeployOrder(assembly).problems).toEqual([]);
  });

  test('a resource of the enclosing stack used by its stacks is a cycle, which synthesis names with the reason', () => {
    const app = new App();
    const mine = new Stack(app, 'MyAppStack', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const certificate = new acm.Certificate(mine, 'Cert', { domainName: 'www.example.com' });
    new MultiRegionBucket(mine, 'Site', { ...PROPS, distribution: { domainNames: ['www.example.com'], certificate } });
    expect(() => app.synth()).toThrow(
      "'MyAppStack' depends on 'Site/global' (MyAppStack/Site creates its stacks beside this one). Adding this dependency (Site/global -> MyAppStack/Cert/Resource.Ref) would create a cyclic reference.",
    );
  });

  test("its warnings are printed by cdk synth with the enclosing stack's", async () => {
    const result = await synthAsCli(() => {
      const app = new App();
      new MyAppStack(app, 'MyAppStack', { site: { alarmTopics: true } });
      return app;
    });
    expect(result.failure).toBeUndefined();
    expect(result.warnings.map((w) => w.id)).toContain('cdk-multi-region-bucket:alarmTopicsWithoutAlarms');
  });
});
