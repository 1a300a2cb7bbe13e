/**
 * Reading the policy statements a warning prints for the user to paste, as the user reads them:
 * find the JSON in the message, parse it, and check that it is a policy statement AWS would take
 * once its named placeholders are replaced (src/private/printed-statement.ts).
 */

/** The placeholders a printed statement may hold: `<` lowercase words joined by hyphens `>`. */
const PLACEHOLDER = /<[a-z0-9]+(?:-[a-z0-9]+)*>/;
const PARTITION = '(?:aws|aws-cn|aws-us-gov|<partition>)';
const ACCOUNT_ID = '(?:\\d{12}|<account-id>)';
const ARN = new RegExp(`^arn:${PARTITION}:[a-z0-9-]+:(?:[a-z0-9-]*|<region>):(?:${ACCOUNT_ID})?:.+$`);
const ACTION = /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const SERVICE = /^[a-z0-9.-]+\.amazonaws\.com(?:\.cn)?$/;
const CONDITION_OPERATOR = /^(?:(?:ForAnyValue|ForAllValues):)?[A-Za-z]+?(?:IfExists)?$/;
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/**
 * Every JSON value in `message` that is a policy statement or a list of statements, in order,
 * with the text it was parsed from. Bracketed text that is not a statement (`'destinations[0]'`)
 * is passed over.
 */
export function printedStatements(message: string): Array<{ text: string; statements: Array<Record<string, unknown>> }> {
  const found: Array<{ text: string; statements: Array<Record<string, unknown>> }> = [];
  for (let start = 0; start < message.length; start++) {
    if (message[start] !== '{' && message[start] !== '[') continue;
    const end = balancedEnd(message, start);
    if (end === undefined) continue;
    const text = message.slice(start, end + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length > 0 && list.every((s) => s !== null && typeof s === 'object' && !Array.isArray(s) && 'Effect' in s)) {
      found.push({ text, statements: list as Array<Record<string, unknown>> });
      start = end;
    }
  }
  return found;
}

/** The index of the bracket that closes the one at `start` (strings skipped), or undefined. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') {
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

/**
 * What is wrong with `statement` as a policy statement a user pastes (empty when nothing is):
 * its keys, Effect, Action, Resource (ARNs with a literal or placeholder partition and account),
 * Principal and Condition shapes, no CloudFormation intrinsic, no token, and only placeholders of
 * the named form, each explained in `message` ("Replace <name> with ...").
 */
export function statementProblems(statement: Record<string, unknown>, message: string): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(statement);
  for (const forbidden of ['"Ref"', 'Fn::', '${Token[', '[object Object]', 'undefined']) {
    if (text.includes(forbidden)) problems.push(`holds ${forbidden}`);
  }
  for (const [placeholder] of text.matchAll(/<[^>"]*>/g)) {
    if (!new RegExp(`^${PLACEHOLDER.source}$`).test(placeholder)) problems.push(`placeholder ${placeholder} is not of the form <lowercase-words>`);
    else if (!message.includes(`Replace ${placeholder} with `)) problems.push(`placeholder ${placeholder} is not explained in the message`);
  }
  for (const [arn] of text.matchAll(/"arn:[^"]*"/g)) {
    if (/[/:]"$/.test(arn)) problems.push(`${arn} ends without a resource id (an id not resolved when printed?)`);
  }
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.includes(key)) problems.push(`unknown key ${key}`);
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') problems.push(`Effect is ${JSON.stringify(statement.Effect)}`);
  if (statement.Sid !== undefined && !(typeof statement.Sid === 'string' && /^[A-Za-z0-9]*$/.test(statement.Sid))) problems.push(`Sid ${JSON.stringify(statement.Sid)}`);
  problems.push(...exactlyOne(statement, 'Action', 'NotAction', (a) => ACTION.test(a)));
  problems.push(...exactlyOne(statement, 'Resource', 'NotResource', (r) => r === '*' || ARN.test(r)));
  for (const key of ['Principal', 'NotPrincipal']) {
    if (statement[key] !== undefined) problems.push(...principalProblems(statement[key]).map((p) => `${key}: ${p}`));
  }
  if (statement.Condition !== undefined) problems.push(...conditionProblems(statement.Condition));
  return problems;
}

function exactlyOne(statement: Record<string, unknown>, a: string, b: string, valid: (v: string) => boolean): string[] {
  const present = [a, b].filter((k) => statement[k] !== undefined);
  if (present.length !== 1) return [`needs exactly one of ${a} and ${b}, has ${present.length}`];
  const values = asList(statement[present[0]]);
  if (values === undefined || values.length === 0) return [`${present[0]} is not a string or a list of strings`];
  return values.filter((v) => !valid(v)).map((v) => `${present[0]} ${v} is not valid`);
}

function principalProblems(principal: unknown): string[] {
  if (principal === '*') return [];
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return [`${JSON.stringify(principal)} is not "*" or an object`];
  const problems: string[] = [];
  for (const [kind, value] of Object.entries(principal)) {
    const values = asList(value);
    if (values === undefined) {
      problems.push(`${kind} is not a string or a list of strings`);
      continue;
    }
    for (const v of values) {
      const ok = kind === 'AWS' ? v === '*' || new RegExp(`^${ACCOUNT_ID}$`).test(v) || ARN.test(v)
        : kind === 'Service' ? SERVICE.test(v)
          : kind === 'Federated' || kind === 'CanonicalUser';
      if (!ok) problems.push(`${kind} ${v} is not valid`);
    }
  }
  return problems;
}

function conditionProblems(condition: unknown): string[] {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return ['Condition is not an object'];
  const problems: string[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!CONDITION_OPERATOR.test(operator)) problems.push(`condition operator ${operator}`);
    if (block === null || typeof block !== 'object' || Array.isArray(block)) {
      problems.push(`condition ${operator} is not an object`);
      continue;
    }
    for (const [key, value] of Object.entries(block)) {
      if (!/^[A-Za-z0-9-]+:[A-Za-z0-9:/_-]+$/.test(key)) problems.push(`condition key ${key}`);
      if (typeof value !== 'boolean' && asList(value) === undefined) problems.push(`condition ${operator} ${key} is ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function asList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === 'string') ? list as string[] : undefined;
}
