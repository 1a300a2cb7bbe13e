import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The repository root (test/validation/..). */
export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * One place in `src/` where input is rejected: a call of `validationError(...)`, or a call of a
 * validating helper (see {@link findValidationSites}).
 */
export interface ValidationSite {
  /** The file, relative to the repository root (`src/...`). */
  readonly file: string;
  /** 1-based line of the call. */
  readonly line: number;
  /** 1-based column where the callee expression starts (`validationError`, `this.fromDials`). */
  readonly startColumn: number;
  /** 1-based column of the call's opening parenthesis. */
  readonly endColumn: number;
  /** The name of the function called. */
  readonly callee: string;
  /** The property the call reports, as written in the source (`'regions'`, `${property}`, `rules[${i}]`). */
  readonly property: string;
  /** `file:line callee(property)`, for reports. */
  readonly id: string;
}

/** A stack frame in `src/`: where a thrown error passed. */
export interface SourceFrame {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Every validation site of `src/**\/*.ts`, found with the TypeScript parser:
 *
 * 1. each call of `validationError(...)`, the one function every synth-time input error is made by;
 * 2. each call of a validating helper: a function declaration, or a method with a `property`
 *    parameter, that calls `validationError` or another validating helper. A helper such as
 *    `requireVersioning(scope, 'source', bucket)` is called once per property it checks, and each
 *    of those calls is a site of its own, so every property a helper checks needs its own bad input.
 *
 * Helpers are matched by name, which is enough in this code base (the few shared names, such as
 * `validateProps`, all validate).
 */
export function findValidationSites(srcDir = path.join(ROOT, 'src')): ValidationSite[] {
  const files = listTypeScript(srcDir).map((file) => ({
    file,
    source: ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
  }));

  // The candidate helpers, with the names they call and the index of their `property` parameter.
  const candidates: Array<{ name: string; calls: Set<string>; propertyIndex: number }> = [];
  for (const { source } of files) {
    visit(source, (node) => {
      const fn = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) ? node : undefined;
      if (!fn?.body || !fn.name || !ts.isIdentifier(fn.name)) return;
      const propertyIndex = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === 'property');
      if (ts.isMethodDeclaration(fn) && propertyIndex < 0) return;
      const calls = new Set<string>();
      visit(fn.body, (inner) => {
        if (ts.isCallExpression(inner)) calls.add(calleeName(inner.expression) ?? '');
      });
      candidates.push({ name: fn.name.text, calls, propertyIndex });
    });
  }
  const helpers = new Map<string, number>(); // name -> index of the property parameter (-1: none)
  for (let changed = true; changed;) {
    changed = false;
    for (const c of candidates) {
      if (c.name === 'validationError' || helpers.has(c.name)) continue;
      if ([...c.calls].some((name) => name === 'validationError' || helpers.has(name))) {
        helpers.set(c.name, c.propertyIndex);
        changed = true;
      }
    }
  }

  const sites: ValidationSite[] = [];
  for (const { file, source } of files) {
    visit(source, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = calleeName(node.expression);
      if (callee === undefined || (callee !== 'validationError' && !helpers.has(callee))) return;
      const start = source.getLineAndCharacterOfPosition(node.expression.getStart(source));
      const paren = source.getLineAndCharacterOfPosition(node.expression.getEnd());
      const property = callee === 'validationError'
        ? quotedProperty(node.arguments[1]?.getText(source) ?? '')
        : helpers.get(callee)! >= 0 ? node.arguments[helpers.get(callee)!]?.getText(source) ?? '?' : '';
      const relative = path.relative(ROOT, file).split(path.sep).join('/');
      sites.push({
        file: relative,
        line: start.line + 1,
        startColumn: start.character + 1,
        endColumn: paren.line === start.line ? paren.character + 1 : Number.MAX_SAFE_INTEGER,
        callee,
        property,
        id: `${relative}:${start.line + 1} ${callee}(${property})`,
      });
    });
  }
  return sites;
}

/** The frames of an error's stack that are in `src/`, with repository-relative paths. */
export function sourceFrames(error: Error): SourceFrame[] {
  const frames: SourceFrame[] = [];
  for (const line of (error.stack ?? '').split('\n')) {
    const match = /\(?([^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!match) continue;
    const file = path.relative(ROOT, match[1]).split(path.sep).join('/');
    if (!file.startsWith('src/')) continue;
    frames.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return frames;
}

/**
 * Whether a frame is the call of a site. V8 places a call's frame at the callee's name, or (for an
 * imported function, compiled to `(0, module.fn)(...)`) at the opening parenthesis; both are within
 * the span from the start of the callee expression to the parenthesis.
 */
export function frameIsAt(frame: SourceFrame, site: ValidationSite): boolean {
  return frame.file === site.file && frame.line === site.line && frame.column >= site.startColumn && frame.column <= site.endColumn;
}

/** The property a message template names first: the text of its first '...' quotation. */
function quotedProperty(template: string): string {
  return /'([^']+)'/.exec(template)?.[1] ?? /\$\{(\w+)\}/.exec(template)?.[0] ?? template.slice(0, 40);
}

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

function visit(node: ts.Node, fn: (node: ts.Node) => void): void {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

function listTypeScript(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTypeScript(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  }).sort();
}
