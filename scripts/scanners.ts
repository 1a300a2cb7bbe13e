/**
 * Third-party scanners over the synthesized example templates (ADR 0011):
 *
 * - checkov (PyPI, pinned, installed into .venv by scripts/venv-tool.sh), CloudFormation checks;
 * - the AWS Control Tower proactive controls, run with the cfn-guard binary; both the rules and
 *   the binaries ship in the npm package @cdklabs/cdk-validator-cfnguard (pinned devDependency).
 *
 * Every finding must be accepted, with a one-line reason, by an entry of the allowlist
 * (test/scanners/allowlist.json); an entry that accepts nothing is an error too, so that stale
 * entries cannot accumulate.
 *
 *   npx projen scan                         every template of every TypeScript example (after examples:synth)
 *   npx projen scan DIR|FILE ...            the templates in those cloud assemblies or files
 *   npx projen scan --allowlist FILE ...    another allowlist
 *
 * Prints, per scanner, the checks passed and the findings (allowlisted, not accepted), and the
 * allowlist's size by reason category; exits non-zero on a finding not accepted, a stale entry,
 * or a scanner that failed to run or to parse a template.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { exampleOutdir, typeScriptExamples } from './synth-examples';

const ROOT = path.resolve(__dirname, '..');

/** The checkov release the build runs (PyPI). */
export const CHECKOV_VERSION = '3.3.30';

/** The committed allowlist. */
export const DEFAULT_ALLOWLIST = path.join(ROOT, 'test', 'scanners', 'allowlist.json');

export type ScannerName = 'checkov' | 'cfn-guard';
const SCANNERS: readonly ScannerName[] = ['checkov', 'cfn-guard'];

/** A template to scan, and where it comes from (for the allowlist and the report). */
export interface TemplateFile {
  /** Absolute path. */
  readonly file: string;
  /** The example folder (examples/<name>/cdk.out/...), or the containing folder's name otherwise. */
  readonly example: string;
}

/** One failed check on one resource. */
export interface Finding {
  readonly scanner: ScannerName;
  /** checkov's check id (CKV_AWS_18) or the Control Tower control id (CT.S3.PR.2). */
  readonly rule: string;
  readonly title: string;
  readonly example: string;
  /** The template's path relative to the repository. */
  readonly template: string;
  /** The logical id of the resource ('(template)' when the scanner names none). */
  readonly resource: string;
}

/** What one scanner reported over all the templates. */
export interface ScannerResult {
  readonly scanner: ScannerName;
  readonly version: string;
  readonly templates: number;
  /** What one passed check is, for the report. */
  readonly passedUnit: string;
  readonly passed: number;
  /** What one failed check (a finding) is. */
  readonly failedUnit: string;
  /** Rules that had nothing to check (cfn-guard only), in the same unit. */
  readonly notApplicable?: number;
  readonly findings: Finding[];
}

/** Why a finding is accepted, by category. */
export const CATEGORIES = {
  'documented-choice': 'a documented choice of the library or left to the user (the reason links the README or an ADR)',
  'not-applicable': 'the control does not apply to this resource (the reason says why)',
  'delivery-path': 'fixed by the delivery-path work (issue 15): remove once that is merged',
  'follow-up': 'a real finding left to a later change that the reason names',
} as const;
export type Category = keyof typeof CATEGORIES;

/** The exact reason of every `delivery-path` entry. */
export const DELIVERY_PATH_REASON = 'fixed by the delivery-path work (issue 15)';

/** One accepted finding, or a family of them (every Region, every example). */
export interface AllowlistEntry {
  readonly scanner: ScannerName;
  readonly rule: string;
  /** Logical id pattern (`*` matches any characters, `?` one). */
  readonly resource: string;
  /** Example folder pattern; every example when absent. */
  readonly example?: string;
  readonly category: Category;
  /** One line. */
  readonly reason: string;
}

export interface Allowlist {
  readonly entries: AllowlistEntry[];
}

/** Reads and checks an allowlist: known scanner and category, one-line reason, a link for documented choices. */
export function loadAllowlist(file: string): Allowlist {
  const raw = JSON.parse(fs.readFileSync(file, 'utf-8'));
  if (!Array.isArray(raw.entries)) throw new Error(`${file}: 'entries' must be a list`);
  const problems: string[] = [];
  raw.entries.forEach((e: AllowlistEntry, i: number) => {
    const where = `${path.relative(ROOT, file)}: entry ${i} (${e.scanner} ${e.rule} ${e.resource})`;
    if (!SCANNERS.includes(e.scanner)) problems.push(`${where}: scanner must be one of ${SCANNERS.join(', ')}`);
    if (typeof e.rule !== 'string' || !e.rule) problems.push(`${where}: no rule`);
    if (typeof e.resource !== 'string' || !e.resource) problems.push(`${where}: no resource pattern`);
    if (!(e.category in CATEGORIES)) problems.push(`${where}: category must be one of ${Object.keys(CATEGORIES).join(', ')}`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20 || /\n/.test(e.reason)) {
      problems.push(`${where}: the reason must be one line of at least 20 characters`);
    } else if (e.category === 'delivery-path' && e.reason !== DELIVERY_PATH_REASON) {
      problems.push(`${where}: a delivery-path entry's reason is exactly '${DELIVERY_PATH_REASON}'`);
    } else if (e.category === 'documented-choice' && !/(README\.md|docs\/adr\/)/.test(e.reason)) {
      problems.push(`${where}: a documented choice links where it is documented (README.md#... or docs/adr/...)`);
    } else if (e.category === 'follow-up' && !/issue \d+/.test(e.reason)) {
      problems.push(`${where}: a follow-up names the issue that fixes it ('issue N')`);
    }
  });
  if (problems.length > 0) throw new Error(`invalid allowlist:\n  ${problems.join('\n  ')}`);
  return raw as Allowlist;
}

function globMatch(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${escaped}$`);
  return regex.test(value);
}

/** Whether an allowlist entry accepts a finding. */
export function accepts(entry: AllowlistEntry, finding: Finding): boolean {
  return entry.scanner === finding.scanner
    && entry.rule === finding.rule
    && globMatch(entry.resource, finding.resource)
    && (entry.example === undefined || globMatch(entry.example, finding.example));
}

export interface Verdict {
  readonly accepted: Array<{ finding: Finding; entry: AllowlistEntry }>;
  readonly unaccepted: Finding[];
  /** Entries that accept none of the findings. */
  readonly stale: AllowlistEntry[];
  /** Findings accepted per entry (same order as the allowlist). */
  readonly matchesPerEntry: number[];
}

/** Matches findings against the allowlist (the first entry that accepts a finding takes it). */
export function judge(findings: Finding[], allowlist: Allowlist): Verdict {
  const matchesPerEntry = allowlist.entries.map(() => 0);
  const accepted: Verdict['accepted'] = [];
  const unaccepted: Finding[] = [];
  for (const finding of findings) {
    const index = allowlist.entries.findIndex((e) => accepts(e, finding));
    if (index < 0) {
      unaccepted.push(finding);
    } else {
      matchesPerEntry[index]++;
      accepted.push({ finding, entry: allowlist.entries[index] });
    }
  }
  // An entry is stale when it accepts nothing, even if an earlier entry took its findings.
  const stale = allowlist.entries.filter((e) => !findings.some((f) => accepts(e, f)));
  return { accepted, unaccepted, stale, matchesPerEntry };
}

/** Whether the build passes: every finding accepted, and every entry accepting one. */
export function passes(verdict: Verdict): boolean {
  return verdict.unaccepted.length === 0 && verdict.stale.length === 0;
}

/** Every template of every TypeScript example (examples:synth must have run). */
export function exampleTemplates(): TemplateFile[] {
  return typeScriptExamples().flatMap((name) => {
    const outdir = exampleOutdir(name);
    if (!fs.existsSync(outdir)) {
      throw new Error(`no cloud assembly for example '${name}' (${path.relative(ROOT, outdir)}): run \`npx projen examples:synth\` first`);
    }
    return findTemplates(outdir).map((file) => ({ file, example: name }));
  });
}

/** The templates in cloud assemblies or files given on the command line. */
export function templatesIn(targets: string[]): TemplateFile[] {
  return targets.flatMap((target) => {
    const full = path.resolve(target);
    const files = fs.statSync(full).isDirectory() ? findTemplates(full) : [full];
    return files.map((file) => ({ file, example: exampleOf(file) }));
  });
}

function exampleOf(file: string): string {
  const match = /(?:^|\/)examples\/([^/]+)\//.exec(path.relative(ROOT, file));
  return match ? match[1] : path.basename(path.dirname(file));
}

function findTemplates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTemplates(full);
    return entry.name.endsWith('.template.json') ? [full] : [];
  }).sort();
}

function run(command: string, args: string[], okCodes: number[]): string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf-8', maxBuffer: 512 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`${path.basename(command)} exited with ${result.status ?? result.signal}:\n${result.stderr}\n${result.stdout.slice(0, 2000)}`);
  }
  return result.stdout;
}

/** Installs checkov (pinned) into .venv unless it is there; returns its path. */
export function installCheckov(): string {
  return path.resolve(ROOT, run('bash', [path.join(ROOT, 'scripts', 'venv-tool.sh'), 'checkov', CHECKOV_VERSION], [0]).trim());
}

interface CheckovCheck {
  readonly check_id: string;
  readonly check_name: string;
  readonly file_abs_path: string;
  readonly resource: string;
}

interface CheckovReport {
  readonly check_type: string;
  readonly summary: { readonly parsing_errors: number; readonly checkov_version: string };
  readonly results: { readonly passed_checks: CheckovCheck[]; readonly failed_checks: CheckovCheck[]; readonly parsing_errors?: string[] };
}

/** checkov over the templates: one check on one resource is one result. */
export function runCheckov(templates: TemplateFile[]): ScannerResult {
  const checkov = installCheckov();
  const byFile = new Map(templates.map((t) => [path.resolve(t.file), t]));
  // checkov exits 1 when a check failed; --skip-download: nothing is fetched from any platform.
  const stdout = run(checkov, [
    ...templates.flatMap((t) => ['-f', t.file]),
    '--framework', 'cloudformation', '--output', 'json', '--compact', '--skip-download',
  ], [0, 1]);
  // One report per framework: an object for one, a list for several.
  const reports: CheckovReport[] = [JSON.parse(stdout)].flat();
  const report = reports.find((r) => r.check_type === 'cloudformation');
  if (!report) throw new Error(`checkov reported no CloudFormation results:\n${stdout.slice(0, 2000)}`);
  if (report.summary.parsing_errors > 0) {
    throw new Error(`checkov could not parse ${report.summary.parsing_errors} template(s): ${(report.results.parsing_errors ?? []).join(', ')}`);
  }
  if (report.summary.checkov_version !== CHECKOV_VERSION) {
    throw new Error(`checkov ${report.summary.checkov_version} ran, ${CHECKOV_VERSION} is pinned`);
  }
  const findings = report.results.failed_checks.map((check): Finding => {
    const template = byFile.get(path.resolve(ROOT, check.file_abs_path));
    if (!template) throw new Error(`checkov reported a file it was not given: ${check.file_abs_path}`);
    return {
      scanner: 'checkov',
      rule: check.check_id,
      title: check.check_name,
      example: template.example,
      template: path.relative(ROOT, template.file),
      // 'AWS::S3::Bucket.LogicalId': the type has no '.'.
      resource: check.resource.slice(check.resource.indexOf('.') + 1),
    };
  });
  return {
    scanner: 'checkov',
    version: CHECKOV_VERSION,
    templates: templates.length,
    passedUnit: 'check x resource',
    passed: report.results.passed_checks.length,
    failedUnit: 'check x resource',
    findings,
  };
}

/** Where the pinned @cdklabs/cdk-validator-cfnguard keeps its rules and its cfn-guard binaries. */
export function cfnGuard(): { binary: string; rules: string; version: string; packageVersion: string } {
  const dir = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json', { paths: [ROOT] }));
  const platform = ({ linux: 'ubuntu', darwin: 'macos' } as Record<string, string>)[process.platform];
  const arch = ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[process.arch];
  if (!platform || !arch) throw new Error(`@cdklabs/cdk-validator-cfnguard ships cfn-guard for Linux and macOS on x64 and arm64, not ${process.platform} ${process.arch}`);
  const binary = path.join(dir, 'bin', platform, arch, 'cfn-guard');
  if (!fs.existsSync(binary)) throw new Error(`cfn-guard is missing from the installed package: ${binary}`);
  return {
    binary,
    rules: path.join(dir, 'rules', 'control-tower', 'cfn-guard'),
    version: JSON.parse(fs.readFileSync(path.join(dir, 'guard-version.json'), 'utf-8')).version,
    packageVersion: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')).version,
  };
}

interface GuardFileResult {
  readonly name: string;
  readonly compliant: string[];
  readonly not_applicable: string[];
  readonly not_compliant: Array<{ Rule: { name: string } }>;
}

/** The logical ids a failed rule points to (every '/Resources/<id>/...' path in its checks), and its control id and title. */
function describeFailure(failure: unknown): { resources: Set<string>; control?: string; title?: string } {
  const resources = new Set<string>();
  let control: string | undefined;
  let title: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'path' && typeof value === 'string') {
          const match = /^\/Resources\/([^/]+)/.exec(value);
          if (match) resources.add(match[1]);
        } else if (typeof value === 'string' && !control) {
          const match = /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]:\s*([^\n]*)/.exec(value);
          if (match) [control, title] = [match[1], match[2].trim()];
        }
        walk(value);
      }
    }
  };
  walk(failure);
  return { resources, control, title };
}

/** The Control Tower proactive controls over the templates, with cfn-guard: one rule on one template is one check. */
export function runCfnGuard(templates: TemplateFile[]): ScannerResult {
  const guard = cfnGuard();
  // Exit codes: 0 all compliant, 19 a rule failed; anything else is an error.
  const stdout = run(guard.binary, [
    'validate', '--rules', guard.rules,
    ...templates.flatMap((t) => ['--data', t.file]),
    '--output-format', 'json', '--show-summary', 'none', '--structured',
  ], [0, 19]);
  const results: GuardFileResult[] = JSON.parse(stdout);
  const byFile = new Map(templates.map((t) => [path.resolve(t.file), t]));
  if (results.length !== templates.length) throw new Error(`cfn-guard reported ${results.length} results for ${templates.length} templates`);
  let passed = 0;
  let notApplicable = 0;
  const findings: Finding[] = [];
  for (const result of results) {
    const template = byFile.get(path.resolve(result.name));
    if (!template) throw new Error(`cfn-guard reported a file it was not given: ${result.name}`);
    passed += result.compliant.length;
    notApplicable += result.not_applicable.length;
    for (const failure of result.not_compliant) {
      const { resources, control, title } = describeFailure(failure);
      for (const resource of resources.size > 0 ? resources : new Set(['(template)'])) {
        findings.push({
          scanner: 'cfn-guard',
          rule: control ?? failure.Rule.name,
          title: title ?? failure.Rule.name,
          example: template.example,
          template: path.relative(ROOT, template.file),
          resource,
        });
      }
    }
  }
  return {
    scanner: 'cfn-guard',
    version: `${guard.version}, Control Tower rules of @cdklabs/cdk-validator-cfnguard ${guard.packageVersion}`,
    templates: templates.length,
    passedUnit: 'rule x template',
    passed,
    failedUnit: 'rule x resource',
    notApplicable,
    findings,
  };
}

export interface ScanReport {
  readonly results: ScannerResult[];
  readonly verdict: Verdict;
  readonly allowlist: Allowlist;
  readonly ok: boolean;
}

/** Runs both scanners over the templates and judges their findings against the allowlist. */
export function scan(templates: TemplateFile[], allowlist: Allowlist): ScanReport {
  if (templates.length === 0) throw new Error('no templates to scan');
  const results = [runCheckov(templates), runCfnGuard(templates)];
  const verdict = judge(results.flatMap((r) => r.findings), allowlist);
  return { results, verdict, allowlist, ok: passes(verdict) };
}

function describeEntry(e: AllowlistEntry): string {
  return `${e.scanner} ${e.rule} ${e.resource}${e.example ? ` in ${e.example}` : ''}`;
}

/** The report printed by `npx projen scan`. */
export function formatReport(report: ScanReport): string {
  const { results, verdict, allowlist } = report;
  const lines: string[] = [];
  for (const r of results) {
    const accepted = verdict.accepted.filter((a) => a.finding.scanner === r.scanner).length;
    const unaccepted = verdict.unaccepted.filter((f) => f.scanner === r.scanner).length;
    lines.push(`${r.scanner} ${r.version}: ${r.templates} templates; passed ${r.passed} (${r.passedUnit})`
      + `${r.notApplicable !== undefined ? `, not applicable ${r.notApplicable}` : ''}; `
      + `failed ${r.findings.length} (${r.failedUnit}): allowlisted ${accepted}, not accepted ${unaccepted}`);
  }
  lines.push('', 'accepted findings by allowlist entry:');
  allowlist.entries.forEach((e, i) => {
    lines.push(`  ${String(verdict.matchesPerEntry[i]).padStart(3)}  ${describeEntry(e).padEnd(72)} ${e.category}`);
  });
  lines.push('', `allowlist: ${allowlist.entries.length} entries by reason category:`);
  for (const category of Object.keys(CATEGORIES) as Category[]) {
    const entries = allowlist.entries.filter((e) => e.category === category).length;
    const findings = verdict.accepted.filter((a) => a.entry.category === category).length;
    lines.push(`  ${category}: ${entries} ${entries === 1 ? 'entry' : 'entries'}, ${findings} findings (${CATEGORIES[category]})`);
  }
  if (verdict.unaccepted.length > 0) {
    lines.push('', `${verdict.unaccepted.length} findings NOT ACCEPTED (fix them, or add an entry with a reason to the allowlist):`);
    for (const f of verdict.unaccepted) lines.push(`  ${f.scanner} ${f.rule} ${f.resource} in ${f.template}: ${f.title}`);
  }
  if (verdict.stale.length > 0) {
    lines.push('', `${verdict.stale.length} STALE allowlist entries (they accept no finding; remove them):`);
    for (const e of verdict.stale) lines.push(`  ${describeEntry(e)} (${e.category})`);
  }
  const total = results.reduce((sum, r) => sum + r.findings.length, 0);
  lines.push('', `scanners: ${results.length}, ${total} findings, ${verdict.accepted.length} allowlisted, `
    + `${verdict.unaccepted.length} not accepted, ${verdict.stale.length} stale allowlist entries`);
  return lines.join('\n');
}

function main(args: string[]): number {
  const allowlistAt = args.indexOf('--allowlist');
  const allowlistFile = allowlistAt >= 0 ? path.resolve(args[allowlistAt + 1]) : DEFAULT_ALLOWLIST;
  const targets = args.filter((a, i) => a !== '--allowlist' && (allowlistAt < 0 || i !== allowlistAt + 1));
  const templates = targets.length > 0 ? templatesIn(targets) : exampleTemplates();
  const started = Date.now();
  const report = scan(templates, loadAllowlist(allowlistFile));
  console.log(formatReport(report));
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    process.exitCode = 1;
  }
}
