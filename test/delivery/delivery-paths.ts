import { AlarmAction, DeliveryModel, SdkCall } from './delivery-model';
import { replicationRoleRequest, STRANGER_ACCOUNT } from '../examples/example-cases';
import { AccessPointInfo, BucketInfo, KeyInfo, RoleInfo } from '../examples/example-model';
import { PolicyDocument, SimulationCase } from '../util/iam-simulation';
import { ENCRYPTION_CONTEXT } from '../util/kms-encryption-context';

/**
 * The delivery paths of an app: every request one AWS service makes on another resource of the
 * app, as the legs AWS authorizes it in (each leg one policy evaluation: identity policy, resource
 * policy, key policy, access point policy, trust policy, with the service principal and its
 * `aws:SourceArn` / `aws:SourceAccount`), plus the facts a policy cannot express (a log bucket
 * without SSE-KMS, a call sent to the right Region) as checks. A path passes when every leg is
 * allowed and every check holds. Each path is generated from the model; so are its neighbours,
 * the same request from someone who must not get through (another distribution, another account's
 * alarm, another bucket), which must be denied.
 */
export interface DeliveryPath {
  /** What kind of delivery (the matrix's rows are grouped by it). */
  readonly kind: string;
  /** Which one, in the app's own names. */
  readonly name: string;
  readonly expected: 'Allowed' | 'Denied';
  readonly legs: Leg[];
  /** Facts that must hold for the delivery to work; a failed check fails the path. */
  readonly checks?: Array<{ readonly name: string; readonly ok: boolean }>;
}

export interface Leg extends SimulationCase {
  /** Which policy this leg evaluates. */
  readonly leg: string;
  readonly via?: 'access point';
  /** Evaluate with the KMS encryption-context surrogate. */
  readonly kms?: boolean;
}

/** Every kind of path the matrix knows; the test checks that each appears in some app. */
export const PATH_KINDS = [
  'CloudWatch alarm -> SNS topic (+ key)',
  'S3 server access logging -> log bucket',
  'CloudFront standard logging -> log bucket',
  'CloudFront -> access point -> bucket -> key (read)',
  'CloudFront -> access point -> bucket -> key (write)',
  'CloudFront -> access point -> bucket (delete)',
  'CloudFront -> Regional bucket -> key (failover origin)',
  'S3 replication role -> source and destinations (+ keys, + Object Lock)',
  'custom-resource function -> S3 / S3 Control API',
  'S3 Batch Operations (backfill job) -> source bucket, report bucket',
  'EventBridge rule -> failover state machine, or the event bus of its Region',
  'ARC Region switch plan -> custom action function -> failover state machine',
] as const;

/**
 * Stand-in for the account CloudFront's legacy standard logging writes from (the `awslogsdelivery`
 * account, granted FULL_CONTROL in the log bucket's ACL when logging is turned on): its ACL grant
 * is modelled as a bucket policy statement, present only when the bucket's ACLs are enabled.
 */
const LOG_DELIVERY_ACCOUNT = '888888888888';
const TLS = { 's3:TlsVersion': '1.2' };
const ALLOW_ALL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export function deliveryPaths(model: DeliveryModel): DeliveryPath[] {
  if (JSON.stringify(model.buckets).includes(STRANGER_ACCOUNT)) throw new Error(`the stranger account ${STRANGER_ACCOUNT} appears in the app`);
  const paths = [
    ...alarmPaths(model),
    ...serverAccessLogPaths(model),
    ...cloudFrontLogPaths(model),
    ...cloudFrontPaths(model),
    ...replicationPaths(model),
    ...sdkCallPaths(model),
    ...batchReplicationPaths(model),
    ...ruleTargetPaths(model),
    ...regionSwitchPlanPaths(model),
  ];
  // In an app of several accounts, each request is evaluated in the account of its resource
  // (custom resources and replication roles of the other accounts' stacks too).
  if (model.accounts.length < 2) return paths;
  const inItsAccount = (leg: Leg): Leg => ({ ...leg, resourceAccount: resourceAccountOf(model, leg.resource) ?? leg.resourceAccount });
  return paths.map((path) => ({ ...path, legs: path.legs.map(inItsAccount) }));
}

/** The account that owns a resource: a bucket of the app by name, else the account in the ARN. */
function resourceAccountOf(model: DeliveryModel, resource: string): string | undefined {
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(resource)?.[1];
  if (bucket !== undefined) return model.buckets.find((b) => b.name === bucket)?.account;
  return /^arn:aws:[^:]+:[^:]*:(\d{12}):/.exec(resource)?.[1];
}

function alarmPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[0];
  const legs = (a: AlarmAction, alarmArn: string): Leg[] => {
    const context = { 'aws:SourceArn': alarmArn, 'aws:SourceAccount': alarmArn.split(':')[4] };
    const service = 'cloudwatch.amazonaws.com';
    return [
      { leg: 'topic policy', principal: service, action: 'sns:Publish', resource: a.topic.arn, resourceAccount: accountOfArn(a.topic.arn), resourcePolicy: a.topic.policy, context },
      ...(a.topic.key
        ? ['kms:GenerateDataKey', 'kms:Decrypt'].map((action): Leg => ({
          leg: 'topic key policy', principal: service, action, resource: a.topic.key!.arn, resourceAccount: a.topic.key!.account, resourcePolicy: a.topic.key!.policy, context: { ...context, ...aliasContext(a.topic.key!) },
        }))
        : []),
    ];
  };
  return model.alarmActions.flatMap((a) => {
    const name = `${a.alarmArn.split(':').pop()} -> ${a.topic.arn.split(':').pop()}`;
    const [, , , region] = a.alarmArn.split(':');
    return [
      { kind, name, expected: 'Allowed', legs: legs(a, a.alarmArn) },
      { kind, name: `${name}: an alarm of another account`, expected: 'Denied', legs: legs(a, `arn:aws:cloudwatch:${region}:${STRANGER_ACCOUNT}:alarm:${a.alarmArn.split(':').pop()}`) },
      { kind, name: `${name}: another alarm of this account`, expected: 'Denied', legs: legs(a, `arn:aws:cloudwatch:${region}:${accountOfArn(a.alarmArn)}:alarm:someone-elses-alarm`) },
    ];
  });
}

function serverAccessLogPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[1];
  return model.buckets.filter((b) => b.logs).flatMap((source) => {
    const target = model.buckets.find((b) => b.name === source.logs!.bucket);
    if (!target) throw new Error(`bucket ${source.name} logs to a bucket the model does not know: ${source.logs!.bucket}`);
    const leg = (sourceArn: string, account: string): Leg => ({
      leg: 'log bucket policy',
      principal: 'logging.s3.amazonaws.com',
      action: 's3:PutObject',
      resource: `${target.arn}/${source.logs!.prefix}2026-01-01-00-00-00-0123456789ABCDEF`,
      resourceAccount: accountOfBucket(model, target),
      resourcePolicy: target.policy,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account, ...TLS },
    });
    const name = `${source.name} -> ${target.name}`;
    const checks = [
      // S3 User Guide, "Enabling Amazon S3 server access logging": same Region, SSE-S3, no Object Lock.
      { name: 'same Region', ok: target.region === source.region },
      { name: 'log bucket without SSE-KMS', ok: !model.kmsEncrypted.has(target.name) },
      { name: 'log bucket without Object Lock', ok: !model.objectLocked.has(target.name) },
      // Logs hold requester IP addresses: a log bucket the app creates must not keep them forever.
      ...(target.stack ? [{ name: 'log bucket expires logs, noncurrent versions and incomplete uploads', ok: model.expiring.has(target.name) }] : []),
    ];
    const other = model.buckets.find((b) => b.name !== source.name && b.logs?.bucket !== target.name);
    return [
      { kind, name, expected: 'Allowed' as const, legs: [leg(source.arn, accountOfBucket(model, source))], checks },
      { kind, name: `${name}: for a bucket that does not log here`, expected: 'Denied' as const, legs: [leg(other?.arn ?? 'arn:aws:s3:::another-bucket', accountOfBucket(model, source))] },
      { kind, name: `${name}: for a bucket of another account`, expected: 'Denied' as const, legs: [leg('arn:aws:s3:::their-bucket', STRANGER_ACCOUNT)] },
    ];
  });
}

function cloudFrontLogPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[2];
  return model.distributionLogs.flatMap(({ distribution, bucket, prefix }) => {
    const aclGrant = model.aclsDisabled.has(bucket.name) ? [] : [{
      Sid: 'ACL grant to the CloudFront log delivery account (stand-in)',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${LOG_DELIVERY_ACCOUNT}:root` },
      Action: 's3:PutObject',
      Resource: `${bucket.arn}/*`,
    }];
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: [...(bucket.policy?.Statement ?? []), ...aclGrant] };
    const leg = (account: string): Leg => ({
      leg: 'log bucket policy + ACL',
      principal: `arn:aws:iam::${account}:role/log-delivery`,
      identityPolicies: [ALLOW_ALL],
      action: 's3:PutObject',
      resource: `${bucket.arn}/${prefix}${distribution}.2026-01-01-00.abcdef12.gz`,
      resourceAccount: accountOfBucket(model, bucket),
      resourcePolicy: policy,
      context: TLS,
    });
    const name = `${distribution} -> ${bucket.name}`;
    const checks = [
      { name: 'ACLs enabled on the log bucket (legacy standard logging writes with an ACL grant)', ok: !model.aclsDisabled.has(bucket.name) },
      { name: 'log bucket without SSE-KMS (the log delivery account has no key grant)', ok: !model.kmsEncrypted.has(bucket.name) },
      ...(bucket.stack ? [{ name: 'log bucket expires logs, noncurrent versions and incomplete uploads', ok: model.expiring.has(bucket.name) }] : []),
    ];
    return [
      { kind, name, expected: 'Allowed' as const, legs: [leg(LOG_DELIVERY_ACCOUNT)], checks },
      { kind, name: `${name}: another account`, expected: 'Denied' as const, legs: [leg(STRANGER_ACCOUNT)] },
    ];
  });
}

/** What CloudFront may do through an origin, as the distribution's allowed methods say. */
const LEVELS = [
  { kind: PATH_KINDS[3], action: 's3:GetObject', method: 'GET', keyActions: ['kms:Decrypt'] },
  { kind: PATH_KINDS[4], action: 's3:PutObject', method: 'PUT', keyActions: ['kms:GenerateDataKey', 'kms:Encrypt'] },
  { kind: PATH_KINDS[5], action: 's3:DeleteObject', method: 'DELETE', keyActions: [] },
];

function cloudFrontPaths(model: DeliveryModel): DeliveryPath[] {
  const paths: DeliveryPath[] = [];
  const other = (d: { arn: string }) => `arn:aws:cloudfront::${accountOfArn(d.arn)}:distribution/EANOTHERDISTRIBUTION`;
  const foreign = `arn:aws:cloudfront::${STRANGER_ACCOUNT}:distribution/EFOREIGNDISTRIBUTION`;
  for (const d of model.distributions) {
    const methods = model.allowedMethods.get(d.arn) ?? new Set<string>();
    for (const origin of d.origins) {
      if ('accessPoint' in origin) {
        const m = origin.accessPoint;
        for (const level of LEVELS) {
          const legs = (sourceArn: string) => accessPointLegs(model, m, sourceArn, level.action, level.keyActions);
          const name = `${d.id} -> ${m.name}`;
          // The distribution forwards the method: the path must work. Otherwise it must not.
          const expected = methods.has(level.method) ? 'Allowed' : 'Denied';
          paths.push({ kind: level.kind, name: `${name}${expected === 'Denied' ? ` (${level.method} not allowed by the distribution)` : ''}`, expected, legs: legs(d.arn) });
          if (expected === 'Allowed') {
            paths.push({ kind: level.kind, name: `${name}: another distribution of this account`, expected: 'Denied', legs: legs(other(d)) });
            paths.push({ kind: level.kind, name: `${name}: a distribution of another account`, expected: 'Denied', legs: legs(foreign) });
          }
        }
      } else {
        const kind = PATH_KINDS[6];
        const b = origin.bucket;
        const legs = (sourceArn: string, action = 's3:GetObject') => regionalLegs(model, b, sourceArn, action);
        paths.push({ kind, name: `${d.id} -> ${b.name}`, expected: 'Allowed', legs: legs(d.arn) });
        paths.push({ kind, name: `${d.id} -> ${b.name}: writes`, expected: 'Denied', legs: legs(d.arn, 's3:PutObject') });
        paths.push({ kind, name: `${d.id} -> ${b.name}: a distribution of another account`, expected: 'Denied', legs: legs(foreign) });
      }
    }
  }
  return paths;
}

/** The account of an ARN (`arn:<partition>:<service>:<region>:<account>:...`). */
function accountOfArn(arn: string): string {
  return arn.split(':')[4];
}

/** The account of a bucket's stack; the app's for a bucket it only references. */
function accountOfBucket(model: DeliveryModel, b: BucketInfo): string {
  return b.account ?? model.account;
}

function cloudFront(sourceArn: string) {
  return { principal: 'cloudfront.amazonaws.com', context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] } };
}

function accessPointLegs(model: DeliveryModel, m: AccessPointInfo, sourceArn: string, action: string, keyActions: string[]): Leg[] {
  const cf = cloudFront(sourceArn);
  // Buckets (and keys) behind the access point may belong to other accounts: each leg is evaluated in its resource's account.
  const through = { 's3:DataAccessPointAccount': accountOfArn(m.arn), 's3:DataAccessPointArn': m.arn, ...TLS };
  return [
    { leg: 'access point policy', via: 'access point', principal: cf.principal, action, resource: `${m.arn}/object/index.html`, resourceAccount: accountOfArn(m.arn), resourcePolicy: m.policy, context: { ...through, ...cf.context } },
    ...m.buckets.flatMap((b): Leg[] => [
      { leg: `bucket policy (${b.region ?? b.name}${b.account && b.account !== accountOfArn(m.arn) ? `, account ${b.account}` : ''})`, via: 'access point', principal: cf.principal, action, resource: `${b.arn}/index.html`, resourceAccount: accountOfBucket(model, b), resourcePolicy: b.policy, context: { ...through, ...cf.context } },
      ...keyLegs(model, b, cf, keyActions),
    ]),
  ];
}

function regionalLegs(model: DeliveryModel, b: BucketInfo, sourceArn: string, action: string): Leg[] {
  const cf = cloudFront(sourceArn);
  return [
    { leg: 'bucket policy', principal: cf.principal, action, resource: `${b.arn}/index.html`, resourceAccount: accountOfBucket(model, b), resourcePolicy: b.policy, context: { ...TLS, ...cf.context } },
    ...keyLegs(model, b, cf, action === 's3:GetObject' ? ['kms:Decrypt'] : ['kms:GenerateDataKey']),
  ];
}

/** CloudFront's use of a bucket's SSE-KMS key, which S3 makes on its behalf. */
function keyLegs(model: DeliveryModel, b: BucketInfo, cf: ReturnType<typeof cloudFront>, actions: string[]): Leg[] {
  if (!model.kmsEncrypted.has(b.name)) return [];
  if (!b.key) throw new Error(`bucket ${b.name} uses SSE-KMS with a key the app does not define`);
  const key = b.key;
  return actions.map((action): Leg => ({
    leg: `key policy (${key.region}${key.account !== model.account ? `, account ${key.account}` : ''})`,
    kms: true,
    principal: cf.principal,
    action,
    resource: key.arn,
    resourceAccount: key.account,
    resourcePolicy: key.policy,
    context: { ...cf.context, ...aliasContext(key), 'kms:ViaService': `s3.${key.region}.amazonaws.com`, [ENCRYPTION_CONTEXT]: `${b.arn}/index.html` },
  }));
}

function aliasContext(key: KeyInfo): Record<string, string[]> {
  return key.aliases.length > 0 ? { 'kms:ResourceAliases': key.aliases } : {};
}

function replicationPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[7];
  return model.replications.flatMap((r) => {
    const s = r.source;
    const asRole = (leg: string, action: string, bucket: BucketInfo, resource: string): Leg =>
      ({ leg, ...replicationRoleRequest(model, r, action, bucket, resource) });
    const trust: Leg = {
      leg: 'role trust policy',
      principal: 's3.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: r.role.arn,
      resourceAccount: model.account,
      resourcePolicy: model.trust.get(r.role.arn),
      context: { 'aws:SourceAccount': model.account, 'aws:SourceArn': s.arn },
    };
    const locked = model.objectLocked.has(s.name);
    // An object the rules replicate (under the first rule's prefix).
    const key = `${r.prefixes[0] ?? ''}key`;
    const sourceObjectActions = ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', ...(locked ? ['s3:GetObjectRetention', 's3:GetObjectLegalHold'] : [])];
    const legs: Leg[] = [
      trust,
      ...['s3:GetReplicationConfiguration', 's3:ListBucket'].map((action) => asRole('source bucket', action, s, s.arn)),
      ...sourceObjectActions.map((action) => asRole(`source objects${locked ? ' (Object Lock)' : ''}`, action, s, `${s.arn}/${key}`)),
      ...r.destinations.flatMap((d) => ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'].map((action) => asRole(`destination ${d.bucket.region ?? d.bucket.name}`, action, d.bucket, `${d.bucket.arn}/${key}`))),
    ];
    const kmsLeg = (leg: string, action: string, k: KeyInfo, bucket: BucketInfo): Leg => ({
      leg,
      kms: true,
      principal: r.role.arn,
      identityPolicies: r.role.policies,
      action,
      resource: k.arn,
      resourceAccount: model.account,
      resourcePolicy: k.policy,
      context: { ...aliasContext(k), 'kms:ViaService': `s3.${k.region}.amazonaws.com`, [ENCRYPTION_CONTEXT]: `${bucket.arn}/${key}` },
    });
    if (r.kmsObjects) {
      if (!s.key) throw new Error(`${r.configuredBy} replicates SSE-KMS objects without a source key in the app`);
      legs.push(kmsLeg('source key', 'kms:Decrypt', s.key, s));
      for (const d of r.destinations) if (d.replicaKey) legs.push(kmsLeg(`replica key ${d.replicaKey.region}`, 'kms:Encrypt', d.replicaKey, d.bucket));
    }
    const checks = locked
      ? r.destinations.map((d) => ({ name: `destination ${d.bucket.name} has Object Lock (S3 replicates locked objects only there)`, ok: model.objectLocked.has(d.bucket.name) }))
      : [];
    const name = `${s.name} (${r.configuredBy})`;
    const others = model.buckets.filter((b) => b !== s && !r.destinations.some((d) => d.bucket === b));
    return [
      { kind, name, expected: 'Allowed' as const, legs, checks },
      ...others.slice(0, 1).map((o) => ({ kind, name: `${name}: replicate into another bucket ${o.name}`, expected: 'Denied' as const, legs: [asRole('other bucket', 's3:ReplicateObject', o, `${o.arn}/${key}`)] })),
      ...others.slice(0, 1).map((o) => ({ kind, name: `${name}: read another bucket ${o.name} for replication`, expected: 'Denied' as const, legs: [asRole('other bucket', 's3:GetObjectVersionForReplication', o, `${o.arn}/${key}`)] })),
    ];
  });
}

/** The Regions whose S3 failover control endpoint takes routes (S3 User Guide). */
const ROUTE_CONTROL_PLANE_REGIONS = ['us-east-1', 'us-west-2', 'ap-southeast-2', 'ap-northeast-1', 'eu-west-1'];

/**
 * The IAM authorization of each SDK call the library's custom resources make (Service
 * Authorization Reference for Amazon S3), and the Region it must be sent to. An unknown call
 * fails the test, so a new call gets its row here.
 */
interface Authorization {
  readonly requests: Request[];
  readonly region: { name: string; ok: boolean };
  readonly neighbour?: Request;
}

/** One request a call makes; `passedTo` is the service an `iam:PassRole` hands the role to (S3 by default). */
interface Request { readonly action: string; readonly resource: string; readonly passedTo?: string }

function authorizationOf(model: DeliveryModel, call: SdkCall): Authorization {
  const p = call.parameters;
  const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
  const bucketRegion = (name: string) => model.buckets.find((b) => b.name === name)?.region;
  // The Region of a bucket the app only references is not known: the check then only needs a Region.
  const inBucketRegion = (name: string) => ({
    name: `sent to the source bucket's Region (${bucketRegion(name) ?? 'not known to the app'})`,
    ok: bucketRegion(name) === undefined ? call.region !== undefined : call.region === bucketRegion(name),
  });
  // A bucket no call of this role configures (the stack's one function role serves every call of its stack).
  const configured = new Set(model.sdkCalls.filter((c) => c.role === call.role).map((c) => c.parameters.Bucket));
  const otherBucket = (_name: string) => model.buckets.find((b) => !configured.has(b.name))?.arn ?? 'arn:aws:s3:::another-bucket';
  const otherAccessPoint = `arn:aws:s3::${model.account}:accesspoint/another.mrap`;
  switch (`${call.service}.${call.action}`) {
    case 'S3.PutBucketReplication':
      return {
        requests: [
          { action: 's3:PutReplicationConfiguration', resource: bucketArn(p.Bucket) },
          { action: 'iam:PassRole', resource: p.ReplicationConfiguration.Role },
        ],
        region: inBucketRegion(p.Bucket),
        neighbour: { action: 's3:PutReplicationConfiguration', resource: otherBucket(p.Bucket) },
      };
    case 'S3.DeleteBucketReplication':
      return {
        requests: [{ action: 's3:PutReplicationConfiguration', resource: bucketArn(p.Bucket) }],
        region: inBucketRegion(p.Bucket),
        neighbour: { action: 's3:PutReplicationConfiguration', resource: otherBucket(p.Bucket) },
      };
    case 'S3Control.SubmitMultiRegionAccessPointRoutes':
    case 'S3Control.GetMultiRegionAccessPointRoutes': {
      const action = `s3:${call.action}`;
      return {
        requests: [{ action, resource: p.Mrap }],
        region: { name: `sent to a route control-plane Region (${call.region})`, ok: ROUTE_CONTROL_PLANE_REGIONS.includes(call.region) },
        neighbour: { action, resource: otherAccessPoint },
      };
    }
    case 'S3Control.CreateJob': {
      // CreateJob has no resource type: the evaluator accepts only `*` for it.
      const source = p.ManifestGenerator.S3JobManifestGenerator.SourceBucket.replace('arn:aws:s3:::', '');
      return {
        requests: [
          { action: 's3:CreateJob', resource: '*' },
          { action: 'iam:PassRole', resource: p.RoleArn, passedTo: 'batchoperations.s3.amazonaws.com' },
        ],
        region: inBucketRegion(source),
        neighbour: { action: 'iam:PassRole', resource: call.role.arn, passedTo: 'batchoperations.s3.amazonaws.com' },
      };
    }
    case 'S3.GetBucketLogging':
      return {
        requests: [{ action: 's3:GetBucketLogging', resource: bucketArn(p.Bucket) }],
        region: inBucketRegion(p.Bucket),
        neighbour: { action: 's3:GetBucketLogging', resource: model.buckets.find((b) => b.name !== p.Bucket)?.arn ?? 'arn:aws:s3:::another-bucket' },
      };
    default:
      throw new Error(`${call.resource} makes the SDK call ${call.service}.${call.action}, which the delivery matrix does not know: add its IAM authorization`);
  }
}

function sdkCallPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[8];
  return model.sdkCalls.flatMap((call) => {
    const { requests, region, neighbour } = authorizationOf(model, call);
    const asRole = (action: string, resource: string, passedTo = 's3.amazonaws.com'): Leg => {
      const bucket = model.buckets.find((b) => resource === b.arn);
      return {
        leg: action.startsWith('iam:') ? 'role policy (iam:PassRole)' : `role policy${bucket?.policy ? ' + bucket policy' : ''}`,
        principal: call.role.arn,
        identityPolicies: call.role.policies,
        action,
        resource,
        resourceAccount: model.account,
        resourcePolicy: bucket?.policy,
        // iam:PassRole: the role is handed to S3 (PutBucketReplication).
        context: resource.startsWith('arn:aws:s3:::') ? TLS : action === 'iam:PassRole' ? { 'iam:PassedToService': passedTo } : undefined,
      };
    };
    const trust: Leg = {
      leg: 'role trust policy', principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', resource: call.role.arn, resourceAccount: model.account, resourcePolicy: model.trust.get(call.role.arn),
    };
    const name = `${call.resource} ${call.phase}: ${call.service}.${call.action}`;
    return [
      { kind, name, expected: 'Allowed' as const, legs: [trust, ...requests.map((r) => asRole(r.action, r.resource, r.passedTo))], checks: [region] },
      ...(neighbour ? [{ kind, name: `${name}: on another resource`, expected: 'Denied' as const, legs: [asRole(neighbour.action, neighbour.resource, neighbour.passedTo)] }] : []),
    ];
  });
}

/**
 * What S3 Batch Operations does as the role of each backfill job (S3 User Guide, "Configuring an
 * IAM role for S3 Batch Replication", generated manifest not stored, completion report): assume the
 * role (trusted for this account only), initiate replication of the source's objects, read its
 * replication configuration, generate the manifest (inventory configuration), and write the report
 * under `batch-replication/` of the source's access log bucket. The report bucket is named in the
 * template by the lookup of the source's logging target, which at deploy time returns the log bucket
 * the source's own resource names: the role's policy is evaluated with that name. Neighbours: another
 * bucket's objects, reading object data, writing elsewhere in the log bucket, another account.
 */
export function batchReplicationPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[9];
  return model.sdkCalls.filter((c) => c.service === 'S3Control' && c.action === 'CreateJob' && c.phase === 'Create').flatMap((call) => {
    const p = call.parameters;
    const sourceArn: string = p.ManifestGenerator.S3JobManifestGenerator.SourceBucket;
    const source = model.buckets.find((b) => b.arn === sourceArn);
    if (!source) throw new Error(`${call.resource} backfills ${sourceArn}, which the app does not define`);
    const role = model.roles.find((r) => r.arn === p.RoleArn);
    if (!role) throw new Error(`${call.resource} passes a role the app does not define: ${p.RoleArn}`);
    const reportName = p.Report.Enabled ? String(p.Report.Bucket).replace('arn:aws:s3:::', '') : undefined;
    const logBucket = source.logs && model.buckets.find((b) => b.name === source.logs!.bucket);
    // The lookup (GetBucketLogging of the source) returns the source's logging target at deploy time.
    const policies = reportName && logBucket ? JSON.parse(JSON.stringify(role.policies).split(reportName).join(logBucket.name)) : role.policies;
    const asRole = (leg: string, action: string, bucket: BucketInfo, resource: string): Leg => ({
      // Requests of S3 Batch Operations itself: over TLS (aws:SecureTransport, the default), with no TLS version to compare.
      leg, principal: role.arn, identityPolicies: policies, action, resource, resourceAccount: model.account, resourcePolicy: bucket.policy,
    });
    // AWS documents no source context (aws:SourceAccount, aws:SourceArn) for S3 Batch Operations:
    // the trust policy must admit the service without one. Only a principal that may pass the role
    // (iam:PassRole, the custom-resource path) can put it in a job.
    const trust = (principal: string): Leg => ({
      leg: 'role trust policy',
      principal,
      action: 'sts:AssumeRole',
      resource: role.arn,
      resourceAccount: model.account,
      resourcePolicy: model.trust.get(role.arn),
    });
    const reportKey = 'batch-replication/job-00000000-0000-0000-0000-000000000000/results/0.csv';
    const legs: Leg[] = [
      trust('batchoperations.s3.amazonaws.com'),
      asRole('source objects', 's3:InitiateReplication', source, `${source.arn}/key`),
      asRole('source bucket', 's3:GetReplicationConfiguration', source, source.arn),
      asRole('source bucket (manifest)', 's3:PutInventoryConfiguration', source, source.arn),
      ...(logBucket ? [asRole('report bucket', 's3:PutObject', logBucket, `${logBucket.arn}/${reportKey}`)] : []),
    ];
    const checks = [
      { name: `job created in the source bucket's Region (${source.region})`, ok: call.region === source.region },
      { name: 'the report, when on, goes to the source\'s access log bucket (in its Region)', ok: !p.Report.Enabled || (logBucket !== undefined && logBucket.region === source.region) },
    ];
    const other = model.buckets.find((b) => b !== source && b !== logBucket && !b.name.includes('accesslogs'));
    const name = `${source.name} (${call.resource})`;
    const denied = (what: string, leg: Leg): DeliveryPath => ({ kind, name: `${name}: ${what}`, expected: 'Denied', legs: [leg] });
    return [
      { kind, name, expected: 'Allowed' as const, legs, checks },
      denied('assumed by S3 replication (another service)', trust('s3.amazonaws.com')),
      ...(other ? [denied(`replicate another bucket ${other.name}`, asRole('other bucket', 's3:InitiateReplication', other, `${other.arn}/key`))] : []),
      denied('read object data', asRole('source objects', 's3:GetObject', source, `${source.arn}/key`)),
      denied('change the replication configuration', asRole('source bucket', 's3:PutReplicationConfiguration', source, source.arn)),
      ...(logBucket ? [
        denied('write the log bucket outside batch-replication/', asRole('report bucket', 's3:PutObject', logBucket, `${logBucket.arn}/access-logs/forged.log`)),
        denied('delete a report', asRole('report bucket', 's3:DeleteObject', logBucket, `${logBucket.arn}/${reportKey}`)),
      ] : []),
    ];
  });
}

/** A leg: `role` (assumed by `service`, per its trust policy) may be assumed. */
function assumeLeg(model: DeliveryModel, service: string, role: RoleInfo): Leg {
  return { leg: 'role trust policy', principal: service, action: 'sts:AssumeRole', resource: role.arn, resourceAccount: model.account, resourcePolicy: model.trust.get(role.arn) };
}

/** A leg: `role` does `action` on `resource` by its identity policies. */
function roleLeg(model: DeliveryModel, role: RoleInfo, action: string, resource: string): Leg {
  return { leg: 'role policy', principal: role.arn, identityPolicies: role.policies, action, resource, resourceAccount: model.account };
}

/**
 * EventBridge starts the failover routine with the role of the rule's target (StartExecution on
 * that state machine), or forwards an alarm's event to the default bus of the routine's Region
 * (PutEvents on that bus). Neighbours: another state machine, another bus.
 */
function ruleTargetPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[10];
  return model.ruleTargets.flatMap((t) => {
    const assume = assumeLeg(model, 'events.amazonaws.com', t.role);
    if (t.targetArn.includes(':states:')) {
      const name = `${t.rule} -> ${t.targetArn.split(':').pop()}`;
      return [
        {
          kind,
          name,
          expected: 'Allowed' as const,
          legs: [assume, roleLeg(model, t.role, 'states:StartExecution', t.targetArn)],
          checks: [{ name: 'the target is a state machine of the app', ok: model.stateMachines.has(t.targetArn) }],
        },
        {
          kind,
          name: `${name}: another state machine`,
          expected: 'Denied' as const,
          legs: [roleLeg(model, t.role, 'states:StartExecution', `arn:aws:states:${t.region}:${model.account}:stateMachine:someone-elses`)],
        },
      ];
    }
    const [, , , busRegion] = t.targetArn.split(':');
    const name = `${t.rule} -> default bus of ${busRegion}`;
    return [
      {
        kind,
        name,
        expected: 'Allowed' as const,
        legs: [assume, roleLeg(model, t.role, 'events:PutEvents', t.targetArn)],
        checks: [{ name: 'the bus is the default bus of a Region with a routine', ok: t.targetArn.endsWith(':event-bus/default') && [...model.stateMachines].some((m) => m.split(':')[3] === busRegion) }],
      },
      {
        kind,
        name: `${name}: another bus`,
        expected: 'Denied' as const,
        legs: [roleLeg(model, t.role, 'events:PutEvents', `arn:aws:events:${busRegion}:${model.account}:event-bus/someone-elses`)],
      },
    ];
  });
}

/**
 * ARC Region switch invokes the custom action function as the plan's execution role (trusted by
 * arc-region-switch.amazonaws.com), and the function starts the routine as its own role.
 * Neighbours: the plan invoking another function, the function starting another state machine.
 */
function regionSwitchPlanPaths(model: DeliveryModel): DeliveryPath[] {
  const kind = PATH_KINDS[11];
  return model.regionSwitchPlans.flatMap((p) => p.functions.flatMap((fn) => {
    const name = `${p.plan} -> ${fn.arn.split(':').pop()} -> ${fn.starts?.split(':').pop()}`;
    const [, , , region] = fn.arn.split(':');
    return [
      {
        kind,
        name,
        expected: 'Allowed' as const,
        legs: [
          assumeLeg(model, 'arc-region-switch.amazonaws.com', p.role),
          roleLeg(model, p.role, 'lambda:InvokeFunction', fn.arn),
          roleLeg(model, p.role, 'lambda:GetFunction', fn.arn),
          assumeLeg(model, 'lambda.amazonaws.com', fn.role),
          roleLeg(model, fn.role, 'states:StartExecution', fn.starts ?? 'no STATE_MACHINE_ARN'),
        ],
        checks: [{ name: 'the function starts a state machine of the app', ok: fn.starts !== undefined && model.stateMachines.has(fn.starts) }],
      },
      { kind, name: `${name}: another function`, expected: 'Denied' as const, legs: [roleLeg(model, p.role, 'lambda:InvokeFunction', `arn:aws:lambda:${region}:${model.account}:function:someone-elses`)] },
      { kind, name: `${name}: another state machine`, expected: 'Denied' as const, legs: [roleLeg(model, fn.role, 'states:StartExecution', `arn:aws:states:${region}:${model.account}:stateMachine:someone-elses`)] },
    ];
  }));
}
