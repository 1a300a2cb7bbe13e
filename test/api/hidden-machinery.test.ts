import * as fs from 'fs';
import * as path from 'path';

/**
 * Source rules of issue 18 that the jsii assembly cannot show: no state stamped on users' objects,
 * no private aws-cdk-lib API, no account from the environment inside a construct, and `private/`
 * folders private to their area (what several areas share lives in `src/private/`).
 */
const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** What is left of a removed comment or string: its line breaks, so that line numbers hold. */
function keepLines(text: string): string {
  return text.replace(/[^\n]/g, '');
}

/** Each source file, relative to src/, with its text stripped of comments (a docstring may name what the code must not do). */
const FILES = sourceFiles(SRC).map((file) => ({
  file: path.relative(SRC, file).split(path.sep).join('/'),
  code: fs.readFileSync(file, 'utf-8').replace(/\/\*[\s\S]*?\*\//g, keepLines).replace(/(^|[^:'"`])\/\/.*$/gm, '$1'),
}));

/** The code without its string literals (an error message may tell the user what to write in their app). */
function withoutStrings(code: string): string {
  return code.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (literal) => `''${keepLines(literal)}`);
}

/** `<file>:<line>: <text>` for each line of code (outside strings) matching `pattern`. */
function find(pattern: RegExp, files = FILES): string[] {
  return files.flatMap(({ file, code }) => withoutStrings(code).split('\n').flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
}

/**
 * The private aws-cdk-lib members the library still uses, each with its reason; anything else
 * named `._xxx` must be a member this library declares itself (jsii `@internal`).
 */
const ALLOWED_PRIVATE_CDK_MEMBERS: { [member: string]: string } = {
  // No public API renders a stack's template before it is written (see src/private/template-limits.ts).
  _toCloudFormation: 'private/template-limits.ts',
  _suppressTemplateIndentation: 'private/template-limits.ts',
};

/** Lists the private-API uses in `files` that are neither declared in them nor allowed. */
export function privateApiUses(files: Array<{ file: string; code: string }>): string[] {
  const declared = new Set(files.flatMap(({ code }) => [...code.matchAll(/^\s*(?:(?:public|private|protected|readonly|static) )*(_[A-Za-z]+)\s*[(:?]/gm)].map((m) => m[1])));
  return files.flatMap(({ file, code }) => [...code.matchAll(/\.(_[A-Za-z]+)\b/g)]
    .map((m) => m[1])
    .filter((member) => !declared.has(member) && ALLOWED_PRIVATE_CDK_MEMBERS[member] !== file)
    .map((member) => `${file}: ${member}`));
}

/** Lists the imports of another area's private folder in `files`. */
export function crossAreaPrivateImports(files: Array<{ file: string; code: string }>): string[] {
  return files.flatMap(({ file, code }) => {
    const area = file.split('/')[0];
    return [...code.matchAll(/from '([^']+)'/g)]
      .map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])))
      .filter((target) => /^[a-z-]+\/private\//.test(target) && target.split('/')[0] !== area)
      .map((target) => `${file} imports ${target}`);
  });
}

test('no state is stamped on users\' objects with Symbol.for', () => {
  expect(find(/Symbol\.for\(/)).toEqual([]);
});

test('no construct reads the environment (the account comes from the props or the stacks)', () => {
  expect(find(/process\.env/)).toEqual([]);
});

test('no private aws-cdk-lib API but the allowed ones, each with its reason', () => {
  expect(privateApiUses(FILES)).toEqual([]);
  // The allowance is used (remove it when the last use goes).
  for (const [member, file] of Object.entries(ALLOWED_PRIVATE_CDK_MEMBERS)) {
    expect(FILES.find((f) => f.file === file)?.code).toContain(`._${member.slice(1)}`);
  }
});

test('a private/ folder is used by its own area only; shared helpers live in src/private/', () => {
  expect(crossAreaPrivateImports(FILES)).toEqual([]);
});

describe('the source checks catch what they are about', () => {
  test('a private aws-cdk-lib call', () => {
    const files = [{ file: 'private/physical-name.ts', code: '(resource as any)._enableCrossEnvironment();' }];
    expect(privateApiUses(files)).toEqual(['private/physical-name.ts: _enableCrossEnvironment']);
    const own = [{ file: 'cloudfront/acl.ts', code: '  public _bind(scope: Construct): string {\n    return acl._bind(scope);' }];
    expect(privateApiUses(own)).toEqual([]);
  });

  test('an import of another area\'s private folder', () => {
    const files = [{ file: 'multi-region-bucket/multi-region-bucket.ts', code: "import { bucketNameOf } from '../replication/private/buckets';\nimport { x } from './private/own';" }];
    expect(crossAreaPrivateImports(files)).toEqual(['multi-region-bucket/multi-region-bucket.ts imports replication/private/buckets']);
    expect(crossAreaPrivateImports([{ file: 'replication/a.ts', code: "import { x } from '../private/shared';" }])).toEqual([]);
  });

  test('Symbol.for and process.env', () => {
    const files = [{ file: 'a.ts', code: "const MARK = Symbol.for('x');\nconst account = props.account ?? process.env.CDK_DEFAULT_ACCOUNT;\nthrow new Error('set it to process.env.X');" }];
    expect(find(/Symbol\.for\(/, files)).toHaveLength(1);
    expect(find(/process\.env/, files)).toEqual(['a.ts:2: const account = props.account ?? process.env.CDK_DEFAULT_ACCOUNT;']);
  });
});
