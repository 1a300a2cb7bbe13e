import { allowedContextKeysForRequest, anonymousPrincipal, runSimulation, runUnsafeSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { ANONYMOUS, Decision, PolicyDocument, SimulationCase } from './iam-simulation';

/**
 * Evaluating requests made through an access point, with the real evaluator.
 *
 * The problem: S3 adds `s3:DataAccessPointAccount`, `s3:DataAccessPointArn` and
 * `s3:AccessPointNetworkOrigin` to the context of every request made through an access point
 * (regional or Multi-Region), and evaluates the bucket policy with them: that is how a bucket
 * delegates access control to access points. The IAM service reference, which the evaluator uses
 * to decide which context keys apply, lists these keys on the access point resource types
 * (`accesspoint`, `accesspointobject`) and, for most actions, not on `bucket` and `object`; and it
 * has no resource type at all for data actions on a Multi-Region Access Point ARN
 * (`arn:aws:s3::<account>:accesspoint/<alias>/object/<key>`). So `simulate()` drops those keys
 * for `s3:GetObject` on a bucket object (and refuses MRAP data ARNs), and the harness rightly
 * throws rather than return a verdict that silently ignored the condition under test.
 *
 * The workaround, kept as narrow as possible:
 * 1. Each access point key in the case must be one the service reference documents for the same
 *    action when it is made through an access point (asked of the evaluator with a regional access
 *    point ARN of the same shape). No invented keys, no keys from another action.
 * 2. Every policy is validated by the evaluator's strict entry point (`runSimulation`) on a
 *    stand-in request the service reference does model (same principal and action, a bucket ARN).
 * 3. The verdict comes from the same evaluator core through `runUnsafeSimulation`, which skips
 *    only the service-reference filter of context keys.
 * The test also shows, for `s3:ListBucketMultipartUploads` (whose action-level keys do include
 * them), that the strict and the unsafe entry points agree on the very same bucket policy.
 */
export const ACCESS_POINT_CONTEXT_KEYS = ['s3:DataAccessPointAccount', 's3:DataAccessPointArn', 's3:AccessPointNetworkOrigin'];

/** Evaluates one request made through an access point; see the module comment for why this is not `simulate()`. */
export async function simulateThroughAccessPoint(c: SimulationCase): Promise<Decision> {
  const context = withPrincipalContext(c);
  const [service, action] = c.action.split(':');
  const isObject = isObjectArn(c.resource);

  // 1. Only keys the service reference documents for this action through an access point: on the
  //    access point resource types, or on the action itself (s3:ListBucketMultipartUploads).
  const standInAccessPoint = `arn:aws:s3:us-east-1:${c.resourceAccount}:accesspoint/stand-in${isObject ? '/object/key' : ''}`;
  const documented = new Set([
    ...(await keysOrNone(service, action, standInAccessPoint)),
    ...(await keysOrNone(service, action, c.resource)),
  ]);
  for (const key of Object.keys(c.context ?? {})) {
    if (ACCESS_POINT_CONTEXT_KEYS.includes(key) && !documented.has(key.toLowerCase())) {
      throw new Error(`${key} is not a context key of ${c.action} through an access point in the IAM service reference`);
    }
  }

  // 2. The policies must pass the strict entry point's validation.
  const standInBucket = `arn:aws:s3:::stand-in${isObject ? '/key' : ''}`;
  const strictContext = Object.fromEntries(Object.entries(context).filter(([k]) => !ACCESS_POINT_CONTEXT_KEYS.includes(k)));
  const validation = await runSimulation(simulation(c, standInBucket, strictContext, c.resourcePolicy), {});
  if (validation.resultType === 'error') {
    throw new Error(`the policies of ${c.action} on ${c.resource} do not validate: ${JSON.stringify(validation.errors, undefined, 2)}`);
  }

  // 3. The verdict, with every key the request really carries.
  const resourcePolicy = c.resourcePolicy
    ? { __validated: true, policyDocument: c.resourcePolicy, metadata: { name: 'resource-policy' }, errors: [] }
    : undefined;
  return runUnsafeSimulation(simulation(c, c.resource, context, resourcePolicy), {}) as Decision;
}

/** The context keys the service reference lists for `action` on `resource`; none when it has no such resource type. */
async function keysOrNone(service: string, action: string, resource: string): Promise<string[]> {
  try {
    return await allowedContextKeysForRequest(service, action, resource, false, undefined);
  } catch {
    return [];
  }
}

function withPrincipalContext(c: SimulationCase): Record<string, string | string[]> {
  const arnAccount = /^arn:aws:(iam|sts)::(\d{12}):/.exec(c.principal)?.[2];
  return {
    'aws:SecureTransport': 'true',
    ...(arnAccount ? { 'aws:PrincipalAccount': arnAccount, 'aws:PrincipalArn': c.principal } : {}),
    ...c.context,
  };
}

function simulation(c: SimulationCase, resource: string, context: Record<string, string | string[]>, resourcePolicy: unknown): Simulation {
  return {
    request: {
      principal: c.principal === ANONYMOUS ? anonymousPrincipal : c.principal,
      action: c.action,
      resource: { resource, accountId: c.resourceAccount },
      contextVariables: context,
    },
    identityPolicies: (c.identityPolicies ?? []).map((policy: PolicyDocument, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
  };
}

/** Object ARNs: `arn:aws:s3:::bucket/key` and `arn:aws:s3::<account>:accesspoint/<alias>/object/<key>`. */
function isObjectArn(arn: string): boolean {
  return arn.includes('/object/') || /^arn:[^:]+:s3:::[^/]+\/.+/.test(arn);
}
