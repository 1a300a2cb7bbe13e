import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { cdkList, commandsIn, DocCommand, deletedStacks, destroySelection, isPattern, userPages } from './cli-commands';
import { MultiRegionBucket } from '../../src';
import { Configuration } from '../lifecycle/synth';
import { TRANSITIONS } from '../lifecycle/transitions';
import { synthExample } from '../util/examples';

/**
 * Every CLI command the documentation gives users selects what it says, checked with the real
 * CDK CLI (`cdk ls --app <assembly> <selector>`, offline) on the app the text is about: the CLI
 * matches construct paths (`Site/global`), not stack names (`Site-global`), and a stack that left
 * the app cannot be selected at all, so a command for it must reach it another way
 * (`aws cloudformation delete-stack`, which names the stack and its Region).
 */

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** The README's quick start: `lib/my-app-stack.ts` of `cdk init`, with the construct in it. */
class MyAppStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new MultiRegionBucket(this, 'Site', {
      regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
      account: '111111111111',
      distribution: { singlePageApp: true },
    });
  }
}

const QUICK_START = 'the quick start';

test("the README's quick start is the stack above", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const snippet = /^```ts fixture=lib-stack\n([\s\S]*?)^```/m.exec(readme)?.[1] ?? '';
  const code = (text: string) => text.replace(/\s*\/\/.*$/gm, '').replace(/\s+/g, ' ');
  expect(code(snippet)).toContain(code(`export class MyAppStack extends Stack {
    constructor(scope: Construct, id: string, props?: StackProps) {
      super(scope, id, props);

      new MultiRegionBucket(this, 'Site', {
        regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
        account: '111111111111',
        distribution: { singlePageApp: true },
      });
    }
  }`));
  expect(readme).toContain("`new MyAppStack(app, 'MyAppStack', {})`");
});

function synthQuickStart(): CloudAssembly {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'quick-start-')) });
  // bin/my-app.ts as cdk init writes it.
  new MyAppStack(app, 'MyAppStack', {});
  return app.synth();
}

const assemblies = new Map<string, CloudAssembly>();
function assemblyOf(app: string): CloudAssembly {
  if (!assemblies.has(app)) assemblies.set(app, app === QUICK_START ? synthQuickStart() : synthExample(app));
  return assemblies.get(app)!;
}

/**
 * The app a command is about: the example whose README it is in; else the example whose app
 * creates the construct or stack its first selector (or stack name) starts with; else the quick start.
 */
function appOf(command: DocCommand): string {
  const inExample = /^examples\/([^/]+)\//.exec(command.file.split(path.sep).join('/'));
  if (inExample) return inExample[1];
  const named = command.selectors[0] ?? (command.options['--stack-name'] as string | undefined);
  const first = named?.split(/[/-]/)[0];
  if (first) {
    for (const example of fs.readdirSync(EXAMPLES)) {
      const app = path.join(EXAMPLES, example, 'app.ts');
      if (fs.existsSync(app) && fs.readFileSync(app, 'utf-8').includes(`(app, '${first}'`)) return example;
    }
  }
  return QUICK_START;
}

const TRANSITIONS_BLOCK = /<!-- transitions:begin[\s\S]*?<!-- transitions:end -->/;

/** Every command of the pages users read (the README's generated runbook block is checked against its own configurations below). */
const COMMANDS = userPages().flatMap((file) => commandsIn(file, fs.readFileSync(path.join(ROOT, file), 'utf-8').replace(TRANSITIONS_BLOCK, '')));
const where = (c: DocCommand) => `${c.file}:${c.line} \`${c.text}\``;

test('the pages have CLI commands, and the extractor finds them in code spans that wrap a line', () => {
  expect(COMMANDS.length).toBeGreaterThan(20);
  expect(COMMANDS.map((c) => c.text)).toEqual(expect.arrayContaining(['cdk deploy MyAppStack', 'cdk deploy --all']));
  const wrapped = commandsIn('x.md', 'run `cdk destroy\n  Foo/bar` and `aws cloudformation delete-stack --stack-name Foo-bar\n --region eu-west-1`.\n');
  expect(wrapped.map((c) => [c.verb, c.selectors, c.options])).toEqual([
    ['destroy', ['Foo/bar'], {}],
    ['delete-stack', [], { '--stack-name': 'Foo-bar', '--region': 'eu-west-1' }],
  ]);
});

describe('cdk deploy and destroy name what they act on', () => {
  const acting = COMMANDS.filter((c) => c.tool === 'cdk' && ['deploy', 'destroy'].includes(c.verb));
  // Every app of the docs has several stacks: a bare `cdk deploy` is refused ("Since this app
  // includes more than a single stack, specify which stacks to use ... or specify `--all`").
  test.each(acting.map((c) => [where(c), c]))('%s', (_, command) => {
    expect(command.selectors.length > 0 || command.options['--all'] === true).toBe(true);
  });
});

describe('every stack selector matches the stacks it names, with the real CDK CLI', () => {
  const selecting = COMMANDS.filter((c) => c.tool === 'cdk' && c.selectors.length > 0);
  test.each(selecting.map((c) => [where(c), c]))('%s', (_, command) => {
    const assembly = assemblyOf(appOf(command));
    for (const selector of command.selectors) {
      const listed = cdkList(assembly.directory, [selector]);
      expect({ selector, listed: listed.length > 0 }).toEqual({ selector, listed: true });
      if (!isPattern(selector)) expect(listed.map((s) => s.path)).toContain(selector);
    }
  });
});

describe('cdk destroy removes only the stacks it names', () => {
  // `cdk destroy` adds every stack that depends on a selected one: naming a Regional stack would
  // also destroy the global stack, unless `--exclusively`.
  const destroying = COMMANDS.filter((c) => c.tool === 'cdk' && c.verb === 'destroy' && c.selectors.length > 0 && !c.selectors.some(isPattern));
  test.each(destroying.map((c) => [where(c), c]))('%s', async (_, command) => {
    const dir = assemblyOf(appOf(command)).directory;
    const named = command.selectors.flatMap((selector) => cdkList(dir, [selector]).filter((s) => s.path === selector).map((s) => s.name)).sort();
    expect(await destroySelection(dir, command.selectors, command.options['--exclusively'] === true)).toEqual(named);
  });
});

describe('every delete-stack command names a stack of the app, in its Region', () => {
  const deleting = COMMANDS.filter((c) => c.tool === 'aws');
  test.each(deleting.map((c) => [where(c), c]))('%s', (_, command) => {
    const stacks = assemblyOf(appOf(command)).stacksRecursively.map((s) => `${s.stackName} in ${s.environment.region}`);
    expect(stacks).toContain(`${command.options['--stack-name']} in ${command.options['--region']}`);
  });
});

describe('the runbooks of "Changing a deployed setup" reach the stacks they leave behind', () => {
  const synth = (configuration: Configuration) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-')) });
    configuration.build(app);
    return app.synth().stacksRecursively.map((s) => ({
      name: s.stackName,
      region: s.environment.region,
      account: s.environment.account,
      path: s.hierarchicalId,
    }));
  };
  const rows = TRANSITIONS.map((row) => ({ row, texts: [row.sees, ...(row.steps ?? []).map((s) => s.what)] }));

  test.each(rows.map(({ row, texts }) => [row.change, texts]))('%s: no cdk deploy or destroy without a selector', (_, texts) => {
    for (const command of texts.flatMap((t) => commandsIn('transitions.ts', t))) {
      if (command.tool === 'cdk' && ['deploy', 'destroy'].includes(command.verb)) {
        expect({ command: command.text, selects: command.selectors.length > 0 || command.options['--all'] === true })
          .toEqual({ command: command.text, selects: true });
      }
    }
  });

  const deleting = rows.filter(({ texts }) => texts.some((t) => deletedStacks(t).length > 0));
  test('the runbooks that leave a stack behind say how to delete it', () => {
    expect(deleting.map(({ row }) => row.change)).toEqual(expect.arrayContaining(['remove a Region', '`globalRegion` moved', "move a Region's bucket to another account"]));
  });

  test.each(deleting.map(({ row, texts }) => [row.change, row, texts]))('%s', (_, row, texts) => {
    const before = synth(row.from);
    const after = synth(row.to);
    for (const { stackName, region } of texts.flatMap((t) => deletedStacks(t))) {
      // The stack was deployed before the change, in that Region...
      const old = before.filter((s) => s.name === stackName && s.region === region);
      expect({ stackName, region, deployedBefore: old.length }).toEqual({ stackName, region, deployedBefore: 1 });
      // ...and no stack of the app after the change is that stack (same name, Region and account):
      // the command deletes only what the app left behind.
      expect(after.filter((s) => s.name === stackName && s.region === region && s.account === old[0].account)).toEqual([]);
      // Where the app still has a stack with that construct path, `cdk destroy <path>` would select
      // the new stack, not the old one: the runbook must not offer it.
      const samePath = after.find((s) => s.path === old[0].path);
      if (samePath) {
        expect(texts.join(' ')).not.toContain(`cdk destroy ${samePath.path}`);
      }
    }
  });
});

test('the check fails for a stack name used as a selector, for a stack that left the app, and for a destroy that takes dependents along', async () => {
  const dir = assemblyOf(QUICK_START).directory;
  expect(cdkList(dir, ['Site-global'])).toEqual([]);
  expect(cdkList(dir, ['Site/global']).map((s) => s.path)).toContain('Site/global');
  expect(cdkList(dir, ['Site/us-west-2'])).toEqual([]);
  // `cdk deploy MyAppStack` deploys the construct's stacks first (they are its dependencies).
  expect(cdkList(dir, ['MyAppStack']).map((s) => s.name).sort()).toEqual(['MyAppStack', 'Site-ap-southeast-2', 'Site-eu-west-1', 'Site-global', 'Site-us-east-1']);
  // Destroying a Regional stack takes the global stack and MyAppStack along, unless --exclusively.
  expect(await destroySelection(dir, ['Site/eu-west-1'], false)).toEqual(['MyAppStack', 'Site-eu-west-1', 'Site-global']);
  expect(await destroySelection(dir, ['Site/eu-west-1'], true)).toEqual(['Site-eu-west-1']);
});
