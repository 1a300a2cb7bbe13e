/**
 * What the flags matrix compares between flag sets: the values one stack reads from another
 * (exports, `Fn::ImportValue`, `Fn::GetStackOutput`) and the resources of each stack.
 */
import { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { appWithFlags, FLAG_SET_NAMES, FlagSetName } from '../util/flags';
import { nagFindings } from '../util/nag';

/** One value a stack reads from another stack, or offers to others (an export). */
export interface CrossStackRead {
  /** The artifact id of the stack whose template has it. */
  readonly stack: string;
  /** Where in the template: `Outputs.<id>.Export` or the JSON path of the intrinsic. */
  readonly where: string;
  readonly kind: 'Export' | 'Fn::ImportValue' | 'Fn::GetStackOutput';
}

/** Every export, `Fn::ImportValue` and `Fn::GetStackOutput` of every stack of `assembly` (stages included). */
export function crossStackReads(assembly: cxapi.CloudAssembly): CrossStackRead[] {
  const reads: CrossStackRead[] = [];
  for (const stack of assembly.stacksRecursively) {
    const template = stack.template;
    for (const [id, output] of Object.entries<any>(template.Outputs ?? {})) {
      if (output.Export !== undefined) reads.push({ stack: stack.hierarchicalId, where: `Outputs.${id}.Export`, kind: 'Export' });
    }
    walk(template, '', (value, where) => {
      for (const kind of ['Fn::ImportValue', 'Fn::GetStackOutput'] as const) {
        if (kind in value) reads.push({ stack: stack.hierarchicalId, where, kind });
      }
    });
  }
  return reads;
}

function walk(value: unknown, where: string, visit: (value: Record<string, unknown>, where: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${where}[${i}]`, visit));
  } else if (value !== null && typeof value === 'object') {
    visit(value as Record<string, unknown>, where);
    for (const [k, v] of Object.entries(value)) walk(v, where ? `${where}.${k}` : k, visit);
  }
}

/** Every resource of `assembly` as `<stack>/<logical id> <type>`, sorted. */
export function resourcesOf(assembly: cxapi.CloudAssembly): string[] {
  return assembly.stacksRecursively
    .flatMap((stack) => Object.entries<any>(stack.template.Resources ?? {}).map(([id, r]) => `${stack.hierarchicalId}/${id} ${r.Type}`))
    .sort();
}

/** One app of the matrix under one flag set. */
export interface MatrixCell {
  readonly reads: number;
  readonly resources: number;
}

/** Rows of apps × flag sets, printed as the matrix's table. */
export class MatrixTable {
  private readonly rows = new Map<string, Partial<Record<FlagSetName, MatrixCell>>>();

  public constructor(private readonly title: string) {}

  public record(app: string, flags: FlagSetName, cell: MatrixCell): void {
    this.rows.set(app, { ...this.rows.get(app), [flags]: cell });
  }

  /** The total of cross-stack reads per flag set. */
  public totals(): Record<FlagSetName, number> {
    const totals = Object.fromEntries(FLAG_SET_NAMES.map((f) => [f, 0])) as Record<FlagSetName, number>;
    for (const row of this.rows.values()) {
      for (const f of FLAG_SET_NAMES) totals[f] += row[f]?.reads ?? 0;
    }
    return totals;
  }

  /** A Markdown table: per app, cross-stack reads and resources under each flag set. */
  public render(): string {
    const head = `| ${this.title} | ${FLAG_SET_NAMES.map((f) => `${f}: reads / resources`).join(' | ')} |`;
    const rule = `| --- | ${FLAG_SET_NAMES.map(() => '---').join(' | ')} |`;
    const cell = (c?: MatrixCell) => (c ? `${c.reads} / ${c.resources}` : 'n/a');
    const body = [...this.rows.entries()].map(([app, row]) => `| ${app} | ${FLAG_SET_NAMES.map((f) => cell(row[f])).join(' | ')} |`);
    const totals = this.totals();
    const total = `| total cross-stack reads | ${FLAG_SET_NAMES.map((f) => totals[f]).join(' | ')} |`;
    return [head, rule, ...body, total].join('\n');
  }
}

/**
 * Resources a flag adds by aws-cdk-lib's design, harmless to the library's guarantees; any other
 * added or removed resource fails the matrix. See docs/adr/0031-feature-flags-users-have.md.
 */
export const FLAG_ADDITIONS: ReadonlyArray<{ readonly flag: string; readonly resource: RegExp; readonly why: string }> = [
  {
    flag: cxapi.USE_CDK_MANAGED_LAMBDA_LOGGROUP,
    resource: /\/AWS679f53fac002430cb0da5b7982bd2287LogGroup[0-9A-F]{8} AWS::Logs::LogGroup$/,
    why: 'the log group of the AwsCustomResource handler, which Lambda creates at the first call without the flag; '
      + 'aws-cdk-lib puts it in the template (retained, 731 days) under the flag. Same name, same content.',
  },
  {
    flag: cxapi.USE_CDK_MANAGED_LAMBDA_LOGGROUP,
    resource: /\/CrossRegionAwsSdk8a0c93f3dbef4b71ac137aaf2048ce7eLogGroup[0-9A-F]{8} AWS::Logs::LogGroup$/,
    why: 'the log group of aws-cdk-lib\'s cross-Region call function (the failover routine\'s calls to another Region), '
      + 'which Lambda creates at the first call without the flag; the same as the AwsCustomResource handler\'s above.',
  },
];

/** The resources of `flagged` that are not in `baseline` and that no flag of `context` explains, and those it lacks. */
export function unexplainedResourceChanges(baseline: string[], flagged: string[], context: Record<string, unknown>): string[] {
  const base = new Set(baseline);
  const now = new Set(flagged);
  const added = flagged.filter((r) => !base.has(r))
    .filter((r) => !FLAG_ADDITIONS.some((a) => context[a.flag] === true && a.resource.test(r)));
  const removed = baseline.filter((r) => !now.has(r));
  return [...added.map((r) => `+ ${r}`), ...removed.map((r) => `- ${r}`)];
}

/** Where a stack reads another's value, whatever the kind of reference (strong or weak); exports left out. */
export function readLocations(reads: CrossStackRead[]): string[] {
  return reads.filter((r) => r.kind !== 'Export').map((r) => `${r.stack} ${r.where}`).sort();
}

/** What one app gives under one flag set: its cross-stack reads, its resources and its cdk-nag errors, or the error synthesis stopped with. */
export interface FlaggedSynthesis {
  readonly reads: CrossStackRead[];
  readonly resources: string[];
  readonly nagErrors: string[];
  readonly error?: string;
}

/**
 * Builds an app with `build` under a flag set and synthesizes it (through `Stage.synth`, so
 * test/setup/collect-templates.ts collects its templates for cfn-lint).
 */
export function synthesizeUnder(flags: FlagSetName, build: (app: App) => void, options: { nag?: boolean } = {}): FlaggedSynthesis {
  const app = appWithFlags(flags);
  let assembly: cxapi.CloudAssembly;
  try {
    build(app);
    assembly = app.synth();
  } catch (e) {
    return { reads: [], resources: [], nagErrors: [], error: (e as Error).message };
  }
  return {
    reads: crossStackReads(assembly),
    resources: resourcesOf(assembly),
    nagErrors: options.nag === false ? [] : nagFindings(app, 'error').map((f) => `${f.rule} at ${f.path}`).sort(),
  };
}
