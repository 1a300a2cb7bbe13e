import { anonymousPrincipal, runSimulation, Simulation } from '@cloud-copilot/iam-simulate';

/** The evaluator's verdict. */
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** An IAM policy document, as synthesized (after intrinsics are resolved). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: any[];
}

/** Use as `principal` for an unsigned request. */
export const ANONYMOUS = 'anonymous';

/** One request to evaluate. */
export interface SimulationCase {
  /** An IAM ARN (role, user, account root), a service principal (`s3.amazonaws.com`) or ANONYMOUS. */
  readonly principal: string;
  readonly action: string;
  /** The ARN the request targets. */
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  /** Policies attached to the principal. */
  readonly identityPolicies?: PolicyDocument[];
  /** The resource's own policy (bucket policy, Multi-Region Access Point policy, key policy). */
  readonly resourcePolicy?: PolicyDocument;
  /**
   * Request context. `aws:SecureTransport` defaults to 'true'; `aws:PrincipalAccount` and
   * `aws:PrincipalArn` are filled in from an ARN principal.
   */
  readonly context?: Record<string, string | string[]>;
  /** Evaluate with S3 Block Public Access (RestrictPublicBuckets) on. */
  readonly blockPublicAccess?: boolean;
}

/**
 * Evaluates one request with @cloud-copilot/iam-simulate, a real IAM policy evaluator.
 *
 * Fails (rather than returning a verdict) when a policy does not validate, or when the evaluator
 * ignored a context key that the case relies on: a silently dropped key would make a Deny with
 * a condition look as if it never applies.
 */
export async function simulate(c: SimulationCase): Promise<Decision> {
  const arnAccount = /^arn:aws:(iam|sts)::(\d{12}):/.exec(c.principal)?.[2];
  const context: Record<string, string | string[]> = {
    'aws:SecureTransport': 'true',
    ...(arnAccount ? { 'aws:PrincipalAccount': arnAccount, 'aws:PrincipalArn': c.principal } : {}),
    ...c.context,
  };
  const simulation: Simulation = {
    request: {
      principal: c.principal === ANONYMOUS ? anonymousPrincipal : c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: context,
    },
    identityPolicies: (c.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy,
    additionalSettings: c.blockPublicAccess ? { s3: { blockPublicAccess: true } } : undefined,
  } as Simulation;

  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation of ${c.action} on ${c.resource} failed: ${JSON.stringify(result.errors, undefined, 2)}`);
  }
  // An action without resource types (cloudwatch:PutMetricData) is simulated on '*', a wildcard simulation.
  if (result.resultType !== 'single' && !(c.resource === '*' && result.resultType === 'wildcard')) {
    throw new Error(`expected a single-resource simulation of ${c.action} on ${c.resource}, got ${result.resultType}`);
  }
  const details = result.resultType === 'single' ? [result.result] : result.results;
  const ignored = details.flatMap((d) => d.ignoredContextKeys ?? []).filter((key) => key in (c.context ?? {}));
  if (ignored.length > 0) {
    throw new Error(`the evaluator ignored context keys ${ignored.join(', ')} for ${c.action}; the verdict would not be trustworthy`);
  }
  return result.overallResult;
}

/** One row of a simulation matrix: what was asked, what we expect, what the evaluator said. */
export interface MatrixRow {
  readonly name: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly expected: Decision | 'Denied';
  readonly actual: Decision;
}

/** True when `actual` satisfies `expected` ('Denied' accepts either kind of denial). */
export function matches(expected: Decision | 'Denied', actual: Decision): boolean {
  return expected === 'Denied' ? actual !== 'Allowed' : expected === actual;
}

/** Renders rows as a fixed-width table (principal × action × resource, expected, actual). */
export function formatMatrix(rows: MatrixRow[]): string {
  const header = ['case', 'principal', 'action', 'resource', 'expected', 'actual', ''];
  const cells = rows.map((r) => [r.name, r.principal, r.action, r.resource, r.expected, r.actual, matches(r.expected, r.actual) ? 'ok' : 'MISMATCH']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
