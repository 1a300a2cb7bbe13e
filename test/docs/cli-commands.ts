import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExpandStackSelection, StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';

/**
 * The CLI commands the documentation gives users (`cdk deploy ...`, `cdk destroy ...`,
 * `aws cloudformation delete-stack ...`), found in code spans and fenced blocks, and what they
 * select in a cloud assembly according to the real CDK CLI (`aws-cdk`, a devDependency).
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** The CDK CLI commands that select stacks. */
const STACK_VERBS = ['deploy', 'destroy', 'synth', 'ls', 'list', 'diff', 'import'];

/** CDK CLI options that take a value (so the value is not a stack selector). */
const VALUE_OPTIONS = ['--app', '-a', '--context', '-c', '--output', '-o', '--profile', '--role-arn', '-r', '--concurrency', '--unstable', '--outputs-file', '-O', '--trust', '--cloudformation-execution-policies',
  '--resource-mapping', '--record-resource-mapping', '--change-set-name'];

/** One CLI command of a page. */
export interface DocCommand {
  /** The page, relative to the repository root. */
  readonly file: string;
  /** 1-based line where the command starts. */
  readonly line: number;
  /** The command as written (up to the end of its code span or line, without a `#` comment). */
  readonly text: string;
  readonly tool: 'cdk' | 'aws';
  /** `deploy`, `destroy`, ... for cdk; `delete-stack` for aws cloudformation. */
  readonly verb: string;
  /** cdk: the stack selectors (quotes removed). */
  readonly selectors: string[];
  /** The options, with their values (`--all` has `true`). */
  readonly options: Record<string, string | true>;
}

/**
 * The pages users read: the README, CONTRIBUTING, docs/ (not the ADRs, which record decisions)
 * and each example's README.
 */
export function userPages(root: string = ROOT): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f)).sort();
  const examples = fs.readdirSync(path.join(root, 'examples'))
    .filter((d) => fs.existsSync(path.join(root, 'examples', d, 'README.md')))
    .map((d) => path.join('examples', d, 'README.md')).sort();
  return ['README.md', 'CONTRIBUTING.md', ...docs, ...examples];
}

/** The code of `markdown`: each fenced line and each inline code span (which may wrap a line), with its line. */
export function codeOf(markdown: string): Array<{ line: number; code: string }> {
  const out: Array<{ line: number; code: string }> = [];
  const lines = markdown.split('\n');
  let fence: string | undefined;
  let prose: Array<{ line: number; text: string }> = [];
  const flushProse = () => {
    const text = prose.map((p) => p.text).join('\n');
    for (const m of text.matchAll(/`([^`]+)`/g)) {
      const line = prose[0].line + text.slice(0, m.index).split('\n').length - 1;
      out.push({ line, code: m[1].replace(/\s*\n\s*/g, ' ') });
    }
    prose = [];
  };
  lines.forEach((text, i) => {
    const marker = /^\s*(```+|~~~+)/.exec(text)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      if (fence === undefined) flushProse();
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence !== undefined) out.push({ line: i + 1, code: text });
    else if (text.trim() === '') flushProse();
    else prose.push({ line: i + 1, text });
  });
  flushProse();
  return out;
}

/** Splits a shell command into words, keeping quoted words whole (quotes removed). */
function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Every `cdk <verb>` and `aws cloudformation delete-stack` command in `markdown`. */
export function commandsIn(file: string, markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  for (const { line, code } of codeOf(markdown)) {
    for (const m of code.matchAll(/(?:^|[\s(])(?:npx )?(cdk|aws cloudformation) ([a-z-]+)([^#;|&`]*)/g)) {
      const tool = m[1] === 'cdk' ? 'cdk' : 'aws';
      const verb = m[2];
      if (tool === 'cdk' && !STACK_VERBS.includes(verb)) continue;
      if (tool === 'aws' && verb !== 'delete-stack') continue;
      const rest = words(m[3].replace(/\\$/, ''));
      const selectors: string[] = [];
      const options: Record<string, string | true> = {};
      for (let i = 0; i < rest.length; i++) {
        const word = rest[i];
        if (word.startsWith('-')) {
          const [name, inline] = word.split('=', 2);
          if (inline !== undefined) options[name] = inline;
          else if (VALUE_OPTIONS.includes(name) || tool === 'aws') options[name] = rest[++i] ?? '';
          else options[name] = true;
        } else if (tool === 'cdk') {
          selectors.push(word);
        }
      }
      out.push({ file, line, text: `${m[1]} ${verb}${m[3]}`.trim(), tool, verb, selectors, options });
    }
  }
  return out;
}

/** A stack as `cdk ls` prints it: its construct path (what selectors match) and its name. */
export interface ListedStack {
  readonly path: string;
  readonly name: string;
}

/**
 * What the real CDK CLI lists for `selectors` on the cloud assembly in `assemblyDir`:
 * `cdk ls --app <dir> <selectors>`, which matches construct paths and adds the stacks a matched
 * stack depends on (as `cdk deploy` does). A selector that matches nothing lists nothing.
 */
export function cdkList(assemblyDir: string, selectors: string[]): ListedStack[] {
  const cli = path.join(ROOT, 'node_modules', '.bin', 'cdk');
  const result = spawnSync(cli, ['ls', '--app', assemblyDir, '--no-notices', ...selectors], {
    cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ls-')),
    encoding: 'utf-8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`cdk ls ${selectors.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => {
    const m = /^(\S+)(?: \((\S+)\))?$/.exec(l.trim());
    if (!m) throw new Error(`cdk ls printed an unexpected line: ${l}`);
    return { path: m[1], name: m[2] ?? m[1] };
  });
}

/** Whether a selector has a wildcard (then it may match several stacks). */
export function isPattern(selector: string): boolean {
  return /[*?]/.test(selector);
}

/** The delete-stack commands of a text: the stack name and Region each names. */
export function deletedStacks(text: string): Array<{ stackName: string; region?: string }> {
  return commandsIn('', text)
    .filter((c) => c.tool === 'aws')
    .map((c) => ({ stackName: String(c.options['--stack-name']), region: c.options['--region'] === undefined ? undefined : String(c.options['--region']) }));
}

/**
 * The names of the stacks `cdk destroy <selectors>` acts on: the matched stacks and every stack
 * that depends on one of them (the CLI destroys dependents first), or only the matched ones with
 * `--exclusively`. The selection of `@aws-cdk/toolkit-lib`, which the CLI's destroy calls.
 */
export async function destroySelection(assemblyDir: string, selectors: string[], exclusively: boolean): Promise<string[]> {
  const ioHost = { notify: async () => {}, requestResponse: async (msg: { defaultResponse: unknown }) => msg.defaultResponse };
  const toolkit = new Toolkit({ ioHost: ioHost as never });
  const source = await toolkit.fromAssemblyDirectory(assemblyDir);
  const stacks = await toolkit.list(source, {
    stacks: {
      strategy: StackSelectionStrategy.PATTERN_MATCH,
      patterns: selectors,
      expand: exclusively ? ExpandStackSelection.NONE : ExpandStackSelection.DOWNSTREAM,
    },
  });
  return stacks.map((s) => s.name).sort();
}
