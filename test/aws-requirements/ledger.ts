import { App, Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LedgerApp } from './apps';
import { Backfill, ExistingBucket, ExistingBucketProps, ExistingBucketVersioning, MultiRegionBucket } from '../../src';
import { isOptInRegion } from '../../src/private/regions';
import { BucketInfo, KeyInfo, RoleInfo } from '../examples/example-model';
import { simulateThroughAccessPoint } from '../util/access-point-simulation';
import { Decision, matches, PolicyDocument, simulate, SimulationCase } from '../util/iam-simulation';
import { ENCRYPTION_CONTEXT, withSurrogate } from '../util/kms-encryption-context';

/**
 * The AWS requirements ledger: one row per documented AWS requirement the library depends on, with
 * the page, the sentence as the page has it (copied, never paraphrased), where that copy was read,
 * and a check over synthesized templates that fails when the library stops meeting it.
 *
 * A check returns how many places of the apps it checked (a row that checks nothing fails) and
 * throws, naming the app and the resource, on the first place that does not meet the requirement.
 */
export interface Requirement {
  /** A short, unique name. */
  readonly id: string;
  /** The AWS page the quote is from. */
  readonly page: string;
  /** The sentence, as the page has it (markdown removed). */
  readonly quote: string;
  /** Where the quoted text was read: a stored copy of the page (AWS's own documentation sources, or the search index). */
  readonly readIn: string;
  /** What the library does about it, and why, where pages disagree or the library grants more or less than a page shows. */
  readonly decision?: string;
  readonly check: (apps: LedgerApp[]) => Promise<number>;
}

const S3_GUIDE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/';
const S3_SOURCES = 'awsdocs/amazon-s3-userguide@1b918e0 doc_source/';
const CLOUDFRONT_GUIDE = 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/';
const CLOUDFRONT_SOURCES = 'awsdocs/amazon-cloudfront-developer-guide@5999c0d doc_source/';
const SEARCH = 'search index (docs corpus), this URL';
const STRANGER = '999999999999';
const TLS = { 's3:TlsVersion': '1.2' };

class Unmet extends Error {}

function fail(app: LedgerApp, where: string, what: string): never {
  throw new Unmet(`${app.name}: ${where}: ${what}`);
}

/** Simulates `c` (through an access point: with the keys S3 adds, as S3 evaluates each leg) and fails the row on another verdict. */
async function expectDecision(app: LedgerApp, where: string, c: SimulationCase, expected: Decision | 'Denied', via?: 'access point'): Promise<void> {
  const actual = via === 'access point' ? await simulateThroughAccessPoint(withSurrogate(c)) : await simulate(withSurrogate(c));
  if (!matches(expected, actual)) fail(app, where, `${c.principal} ${c.action} on ${c.resource}: expected ${expected}, got ${actual}`);
}

function aliasContext(key: KeyInfo): Record<string, string[]> {
  return key.aliases.length > 0 ? { 'kms:ResourceAliases': key.aliases } : {};
}

/** The context of a KMS request S3 makes in `bucket`'s Region for `bucket` (with S3 Bucket Keys: the bucket ARN). */
function viaS3(key: KeyInfo, bucketArn: string, encryptionContext = bucketArn): Record<string, string | string[]> {
  return { ...aliasContext(key), 'kms:ViaService': `s3.${key.region}.amazonaws.com`, [ENCRYPTION_CONTEXT]: encryptionContext };
}

function asRole(
  role: RoleInfo, action: string, resource: string, resourceAccount: string,
  resourcePolicy?: PolicyDocument, context?: Record<string, string | string[]>,
): SimulationCase {
  return { principal: role.arn, identityPolicies: role.policies, action, resource, resourceAccount, resourcePolicy, context };
}

function bucketInfo(app: LedgerApp, name: string): BucketInfo | undefined {
  return app.model.buckets.find((b) => b.name === name);
}

/** The key prefix a rule replicates ('' for the whole bucket or a tag filter without prefix). */
function prefixOf(rule: any): string {
  return rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? '';
}

function bucketNameOfArn(arn: string): string {
  return arn.replace(/^arn:[^:]+:s3:::/, '');
}

function accountOf(app: LedgerApp, b: BucketInfo): string {
  return b.account ?? app.model.account;
}

/** Every replication role's rules, with the app's model of its role, source and destinations. */
function replicationsOf(app: LedgerApp) {
  return app.replications.map((config) => {
    const role = app.model.roles.find((r) => r.arn === config.role);
    if (!role) fail(app, config.appliedBy, `replication role ${config.role} is not a role of the app`);
    const info = app.model.replications.find((r) => r.source.name === config.source && r.role.arn === config.role);
    return { config, role, info };
  });
}

/** Every policy document of the app: identity policies of every role, bucket, key, topic and access point policies. */
function policyDocuments(app: LedgerApp): Array<{ where: string; document: PolicyDocument }> {
  const m = app.model;
  return [
    ...m.roles.flatMap((r) => r.policies.map((document) => ({ where: `role ${r.arn}`, document }))),
    ...m.buckets.filter((b) => b.policy).map((b) => ({ where: `bucket policy of ${b.name}`, document: b.policy! })),
    ...m.keys.map((k) => ({ where: `key policy of ${k.arn}`, document: k.policy })),
    ...m.accessPoints.filter((a) => a.policy).map((a) => ({ where: `access point policy of ${a.arn}`, document: a.policy! })),
  ];
}

function statementsOf(document: PolicyDocument): any[] {
  return [document.Statement].flat();
}

/** The backfill jobs of the app (S3 Control CreateJob calls). */
function jobsOf(app: LedgerApp) {
  return app.model.sdkCalls.filter((c) => c.service === 'S3Control' && c.action === 'CreateJob' && c.phase === 'Create');
}

function routeCalls(app: LedgerApp, action: string) {
  return app.model.sdkCalls.filter((c) => c.service === 'S3Control' && c.action === action);
}

/** `<stack>/<logicalId>` depends on `<stack>/<other>` through DependsOn (transitively), or its stack on the other's stack. */
function dependsOn(app: LedgerApp, resource: string, other: string): boolean {
  const [stack, logicalId] = resource.split('/');
  const [otherStack, otherId] = other.split('/');
  if (stack !== otherStack) {
    const seen = new Set<string>();
    const visit = (name: string): boolean => {
      if (name === otherStack) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      return app.assembly.stack(name).dependencies.some((d: any) => d.stackName !== undefined && visit(d.stackName));
    };
    return visit(stack);
  }
  const seen = new Set<string>();
  const visit = (id: string): boolean => {
    if (id === otherId) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return [app.raw(stack, id)?.DependsOn ?? []].flat().some((d: string) => visit(d));
  };
  return [app.raw(stack, logicalId)?.DependsOn ?? []].flat().some((d: string) => visit(d));
}

/** Distribution origins (resolved) with their distribution's ARN and the OAC they use. */
function distributionOrigins(app: LedgerApp) {
  const oacs = new Map(app.all('AWS::CloudFront::OriginAccessControl').map((o) => [app.assembly.getAtt(o.stack, o.logicalId, 'Id'), o.props.OriginAccessControlConfig]));
  return app.all('AWS::CloudFront::Distribution').flatMap(({ stack, logicalId, props }) => {
    const arn = `arn:aws:cloudfront::${app.assembly.stack(stack).environment.account}:distribution/${app.assembly.ref(stack, logicalId)}`;
    return (props.DistributionConfig.Origins ?? []).map((origin: any) => ({
      stack,
      distribution: arn,
      origin,
      oac: origin.OriginAccessControlId ? oacs.get(origin.OriginAccessControlId) : undefined,
    }));
  });
}

const MRAP_HOST = /^[a-z0-9]+\.mrap\.accesspoint\.s3-global\.amazonaws\.com$/;

export const LEDGER: Requirement[] = [
  // ------------------------------------------------------------------ replication with SSE-KMS
  {
    id: 'replica-key-decrypt-with-bucket-keys',
    page: `${S3_GUIDE}replication-config-for-kms-objects.html`,
    quote: "To use replication with an S3 Bucket Key, the AWS KMS key policy for the KMS key that's used to encrypt the object replica must include the kms:Decrypt permission for the calling principal.",
    readIn: `${S3_SOURCES}replication-config-for-kms-objects.md`,
    decision: 'The same page\'s example IAM policies give the replication role only kms:Encrypt on the replica key: the pages disagree, so the role gets the scoped superset, kms:Encrypt and kms:Decrypt, both only through S3 in the destination\'s Region and in the destination bucket\'s encryption context (in the role\'s policy, and in the key policy of a replica key of another account).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const r of app.model.replications.filter((x) => x.kmsObjects)) {
          for (const d of r.destinations.filter((x) => x.replicaKey)) {
            const key = d.replicaKey!;
            await expectDecision(app, `replica key of ${d.bucket.name}`, asRole(r.role, 'kms:Decrypt', key.arn, key.account, key.policy, viaS3(key, d.bucket.arn)), 'Allowed');
            await expectDecision(app, `replica key of ${d.bucket.name}`, asRole(r.role, 'kms:Encrypt', key.arn, key.account, key.policy, viaS3(key, d.bucket.arn, `${d.bucket.arn}/key`)), 'Allowed');
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'source-key-bucket-arn-context',
    page: `${S3_GUIDE}replication-config-for-kms-objects.html`,
    quote: "When an S3 Bucket Key is enabled for the source or destination bucket, the encryption context will be the bucket's Amazon Resource Name (ARN), not the object's ARN (for example, arn:aws:s3:::bucket_ARN).",
    readIn: `${S3_SOURCES}replication-config-for-kms-objects.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const r of app.model.replications.filter((x) => x.kmsObjects && x.source.key)) {
          const key = r.source.key!;
          await expectDecision(app, `source key of ${r.source.name}`, asRole(r.role, 'kms:Decrypt', key.arn, key.account, key.policy, viaS3(key, r.source.arn)), 'Allowed');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'encryption-context-names-the-bucket',
    page: `${S3_GUIDE}UsingKMSEncryption.html`,
    quote: 'If you use SSE-KMS and enable an S3 Bucket Key, the bucket ARN is used as the encryption context.',
    readIn: `${S3_SOURCES}UsingKMSEncryption.md`,
    decision: 'Every condition of the app on kms:EncryptionContext:aws:s3:arn that admits the objects of a bucket (`<bucket ARN>/*`) admits the bucket ARN too: Bucket Keys are on for the library\'s buckets, and a bucket of the user may have them.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { where, document } of policyDocuments(app)) {
          for (const statement of statementsOf(document)) {
            for (const [operator, keys] of Object.entries<any>(statement.Condition ?? {})) {
              if (!(ENCRYPTION_CONTEXT in keys)) continue;
              const values: string[] = [keys[ENCRYPTION_CONTEXT]].flat();
              for (const v of values.filter((x) => x.endsWith('/*'))) {
                if (!values.includes(v.slice(0, -2))) fail(app, where, `${operator} ${ENCRYPTION_CONTEXT} admits ${v} but not the bucket ARN ${v.slice(0, -2)}`);
              }
              n++;
            }
          }
        }
      }
      return n;
    },
  },
  {
    id: 'bucket-keys-on',
    page: `${S3_GUIDE}bucket-key.html`,
    quote: 'S3 Bucket Keys use the bucket ARN as encryption context.',
    readIn: `${S3_SOURCES}bucket-key.md`,
    decision: 'The library turns S3 Bucket Keys on for every SSE-KMS bucket it creates, so its KMS grants are written for the bucket ARN context (and the replica key decrypt above applies).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const b of app.buckets.values()) {
          const rule = b.props.BucketEncryption?.ServerSideEncryptionConfiguration?.[0];
          if (rule?.ServerSideEncryptionByDefault?.SSEAlgorithm !== 'aws:kms') continue;
          if (rule.BucketKeyEnabled !== true) fail(app, `bucket ${b.name}`, 'SSE-KMS without S3 Bucket Keys');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'replica-key-full-arn',
    page: 'https://docs.aws.amazon.com/goto/WebAPI/s3-2006-03-01/EncryptionConfiguration',
    quote: 'If you use a KMS key alias instead, then AWS KMS resolves the key within the requester’s account.',
    readIn: SEARCH,
    decision: 'ReplicaKmsKeyID is always a full key or alias ARN in the destination\'s Region and account, never a bare alias or key ID.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config } of replicationsOf(app)) {
          for (const rule of config.rules) {
            const id: string | undefined = rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
            if (id === undefined) continue;
            const m = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/.+$/.exec(id);
            if (!m) fail(app, config.appliedBy, `ReplicaKmsKeyID ${id} is not a full key or alias ARN`);
            const destination = app.buckets.get(bucketNameOfArn(rule.Destination.Bucket));
            if (destination && (destination.region !== m[1] || destination.account !== m[2])) {
              fail(app, config.appliedBy, `ReplicaKmsKeyID ${id} is not in the destination's Region and account (${destination.region}, ${destination.account})`);
            }
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'symmetric-keys',
    page: 'https://docs.aws.amazon.com/de_de/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-encryptionconfiguration.html',
    quote: 'Amazon S3 only supports symmetric encryption KMS keys.',
    readIn: `${SEARCH} (the page is in English at this address)`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const k of app.all('AWS::KMS::Key')) {
          const spec = k.props.KeySpec ?? 'SYMMETRIC_DEFAULT';
          const usage = k.props.KeyUsage ?? 'ENCRYPT_DECRYPT';
          if (spec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT') fail(app, `${k.stack}/${k.logicalId}`, `key spec ${spec}, usage ${usage}`);
          n++;
        }
      }
      return n;
    },
  },

  // ------------------------------------------------------------------ replication
  {
    id: 'versioning',
    page: `${S3_GUIDE}replication.html`,
    quote: 'Both source and destination buckets must have versioning enabled.',
    readIn: `${S3_SOURCES}replication.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config } of replicationsOf(app)) {
          const names = [config.source, ...config.rules.map((r) => bucketNameOfArn(r.Destination.Bucket))];
          for (const name of names) {
            const b = app.buckets.get(name);
            if (!b) continue; // a bucket the app only references
            if (b.props.VersioningConfiguration?.Status !== 'Enabled') fail(app, `bucket ${name}`, 'replicated without versioning');
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'object-lock-both-ends',
    page: `${S3_GUIDE}replication.html`,
    quote: 'If the source bucket has S3 Object Lock enabled, the destination buckets must also have S3 Object Lock enabled.',
    readIn: `${S3_SOURCES}replication.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config } of replicationsOf(app)) {
          if (!app.model.objectLocked.has(config.source)) continue;
          for (const rule of config.rules) {
            const name = bucketNameOfArn(rule.Destination.Bucket);
            if (!app.buckets.has(name)) continue;
            if (!app.model.objectLocked.has(name)) fail(app, config.appliedBy, `Object Lock source ${config.source} replicates into ${name}, which has no Object Lock`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'object-lock-failure-reason',
    page: 'https://docs.amazonaws.cn/en_us/AmazonS3/latest/user-guide/replication-failure-codes.html',
    quote: 'To replicate objects from a source bucket with Object Lock enabled, the destination bucket must also have Object Lock enabled.',
    readIn: SEARCH,
    decision: 'Checked per rule here (every destination of an Object Lock source, with versioning, which Object Lock needs); the replication role also reads the retention and legal hold of the source\'s object versions (row object-lock-permissions).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config } of replicationsOf(app)) {
          if (!app.model.objectLocked.has(config.source)) continue;
          for (const rule of config.rules) {
            const d = app.buckets.get(bucketNameOfArn(rule.Destination.Bucket));
            if (!d) continue;
            if (!app.model.objectLocked.has(d.name) || d.props.VersioningConfiguration?.Status !== 'Enabled') fail(app, config.appliedBy, `rule ${rule.Id ?? rule.ID} replicates Object Lock objects into ${d.name}, without Object Lock or versioning`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'object-lock-permissions',
    page: `${S3_GUIDE}object-lock-managing.html`,
    quote: 'You must grant two new permissions on the source S3 bucket in the AWS Identity and Access Management (IAM) role that you use to set up replication. The two new permissions are s3:GetObjectRetention and s3:GetObjectLegalHold.',
    readIn: `${S3_SOURCES}object-lock-managing.md`,
    decision: 'Only for a source with Object Lock: the role of a source without it does not get them.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config, role } of replicationsOf(app)) {
          const source = bucketInfo(app, config.source);
          if (!source || !app.buckets.has(config.source)) continue;
          const expected = app.model.objectLocked.has(config.source) ? 'Allowed' : 'Denied';
          for (const action of ['s3:GetObjectRetention', 's3:GetObjectLegalHold']) {
            await expectDecision(app, config.appliedBy, asRole(role, action, `${source.arn}/${prefixOf(config.rules[0])}key`, accountOf(app, source), source.policy, TLS), expected);
          }
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'replication-role-trust',
    page: `${S3_GUIDE}setting-repl-config-perm-overview.html`,
    quote: 'The following example shows a trust policy, where you identify Amazon S3 as the service principal who can assume the role.',
    readIn: `${S3_SOURCES}setting-repl-config-perm-overview.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config, role } of replicationsOf(app)) {
          await expectDecision(app, config.appliedBy, { principal: 's3.amazonaws.com', action: 'sts:AssumeRole', resource: role.arn, resourceAccount: role.account, resourcePolicy: app.model.trust.get(role.arn) }, 'Allowed');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'put-bucket-replication-role',
    page: 'https://docs.amazonaws.cn/en_us/AmazonS3/latest/userguide/example_s3_PutBucketReplication_section.html',
    quote: 'The specified role must have permission to write to the destination bucket and have a trust relationship that allows Amazon S3 to assume the role.',
    readIn: SEARCH,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config, role } of replicationsOf(app)) {
          for (const rule of config.rules) {
            const d = bucketInfo(app, bucketNameOfArn(rule.Destination.Bucket));
            if (!d) continue;
            await expectDecision(app, config.appliedBy, asRole(role, 's3:ReplicateObject', `${d.arn}/${prefixOf(rule)}key`, accountOf(app, d), d.policy, TLS), 'Allowed');
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'cross-account-destination-policy',
    page: `${S3_GUIDE}replication-walkthrough-2.html`,
    quote: 'The only difference is that the destination bucket owner must grant the source bucket owner permission to replicate objects by adding a bucket policy.',
    readIn: `${S3_SOURCES}replication-walkthrough-2.md`,
    decision: 'The destination\'s bucket policy admits exactly the replication role (its account, narrowed by aws:PrincipalArn): a role of a third account with the same policy is denied.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config, role } of replicationsOf(app)) {
          for (const rule of config.rules) {
            const d = bucketInfo(app, bucketNameOfArn(rule.Destination.Bucket));
            if (!d || accountOf(app, d) === role.account || d.policySource !== 'app') continue;
            const resource = `${d.arn}/${prefixOf(rule)}key`;
            await expectDecision(app, config.appliedBy, asRole(role, 's3:ReplicateObject', resource, accountOf(app, d), d.policy, TLS), 'Allowed');
            const stranger = { ...role, arn: role.arn.replace(`::${role.account}:`, `::${STRANGER}:`) };
            await expectDecision(app, config.appliedBy, asRole(stranger, 's3:ReplicateObject', resource, accountOf(app, d), d.policy, TLS), 'Denied');
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'owner-override',
    page: `${S3_GUIDE}replication-change-owner.html`,
    quote: 'Grant Amazon S3 permissions to change replica ownership by adding permission for the s3:ObjectOwnerOverrideToBucketOwner action in the permissions policy associated with the IAM role.',
    readIn: `${S3_SOURCES}replication-change-owner.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config, role } of replicationsOf(app)) {
          for (const rule of config.rules.filter((r) => r.Destination.AccessControlTranslation)) {
            const d = bucketInfo(app, bucketNameOfArn(rule.Destination.Bucket));
            // A destination of another account that the app does not own gets the statement from its owner (printed).
            if (!d || d.policySource !== 'app') continue;
            await expectDecision(app, config.appliedBy, asRole(role, 's3:ObjectOwnerOverrideToBucketOwner', `${d.arn}/${prefixOf(rule)}key`, accountOf(app, d), d.policy, TLS), 'Allowed');
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'delete-marker-replication',
    page: `${S3_GUIDE}delete-marker-replication.html`,
    quote: 'If you have delete marker replication enabled, these markers are copied to the destination buckets, and Amazon S3 behaves as if the object was deleted in both source and destination buckets.',
    readIn: `${S3_SOURCES}delete-marker-replication.md`,
    decision: 'A rule that replicates delete markers has a role that may s3:ReplicateDelete on its destination.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config, role } of replicationsOf(app)) {
          for (const rule of config.rules.filter((r) => r.DeleteMarkerReplication?.Status === 'Enabled')) {
            const d = bucketInfo(app, bucketNameOfArn(rule.Destination.Bucket));
            if (!d) continue;
            await expectDecision(app, config.appliedBy, asRole(role, 's3:ReplicateDelete', `${d.arn}/${prefixOf(rule)}key`, accountOf(app, d), d.policy, TLS), 'Allowed');
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'rtc-with-metrics',
    page: `${S3_GUIDE}replication-time-control.html`,
    quote: 'When you enable S3 RTC, replication metrics are also enabled on your replication rule.',
    readIn: `${S3_SOURCES}replication-time-control.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const { config } of replicationsOf(app)) {
          for (const rule of config.rules.filter((r) => r.Destination.ReplicationTime?.Status === 'Enabled')) {
            if (rule.Destination.Metrics?.Status !== 'Enabled') fail(app, config.appliedBy, `rule ${rule.Id ?? rule.ID} has RTC without replication metrics`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'alarms-on-published-metrics',
    page: `${S3_GUIDE}replication-metrics.html`,
    quote: 'S3 Replication metrics are turned on automatically when you enable S3 Replication Time Control (S3 RTC).',
    readIn: `${S3_SOURCES}replication-metrics.md`,
    decision: 'S3 publishes replication metrics only for rules with metrics (or RTC): every alarm of the app on one names a rule that has them, or it would stay in INSUFFICIENT_DATA.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const alarm of app.all('AWS::CloudWatch::Alarm')) {
          const metrics: any[] = alarm.props.MetricName
            ? [alarm.props]
            : (alarm.props.Metrics ?? []).map((m: any) => m.MetricStat?.Metric).filter((m: any) => m);
          for (const metric of metrics.filter((m) => m.Namespace === 'AWS/S3' && /Replication/.test(m.MetricName))) {
            const dimension = (name: string) => (metric.Dimensions ?? []).find((d: any) => d.Name === name)?.Value;
            const rule = app.replications.filter((c) => c.source === dimension('SourceBucket')).flatMap((c) => c.rules)
              .find((r) => (r.Id ?? r.ID) === dimension('RuleId') && bucketNameOfArn(r.Destination.Bucket) === dimension('DestinationBucket'));
            if (!rule) fail(app, `${alarm.stack}/${alarm.logicalId}`, `alarm on ${metric.MetricName} names no rule of the app: ${JSON.stringify(metric.Dimensions)}`);
            if (rule.Destination.Metrics?.Status !== 'Enabled') fail(app, `${alarm.stack}/${alarm.logicalId}`, `alarm on ${metric.MetricName} of rule ${rule.Id ?? rule.ID}, which publishes no replication metrics`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'replication-alarms-whole-minutes',
    page: `${S3_GUIDE}replication-metrics.html`,
    quote: 'With replication metrics, you can monitor minute-by-minute progress by tracking bytes pending, operations pending, operations that failed replication, and replication latency.',
    readIn: `${S3_SOURCES}replication-metrics.md`,
    decision: 'S3 publishes a data point per minute: a period shorter than a minute, or not a whole number of minutes, has no data or splits them. '
      + 'Every alarm of the app on a replication metric has a period of whole minutes, and the metric methods refuse any other (`period`, docs/adr/0039).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const alarm of app.all('AWS::CloudWatch::Alarm')) {
          if (alarm.props.Namespace !== 'AWS/S3' || !/Replication/.test(alarm.props.MetricName ?? '')) continue;
          const period = alarm.props.Period;
          if (typeof period !== 'number' || period < 60 || period % 60 !== 0) fail(app, `${alarm.stack}/${alarm.logicalId}`, `alarm on ${alarm.props.MetricName} with a period of ${period} seconds`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'replication-alarms-documented-statistics',
    page: `${S3_GUIDE}metrics-dimensions.html`,
    quote: 'The maximum number of seconds by which the replication destination AWS Region is behind the source AWS Region for a given replication rule. Units: Seconds Valid statistics: Max',
    readIn: `${S3_SOURCES}metrics-dimensions.md`,
    decision: 'The same table gives OperationsFailedReplication "Valid statistics: Sum (total number of failed operations), Average (failure rate), Sample Count (total number of '
      + 'replication operations)". Every alarm of the app on a replication metric uses a statistic the table lists for it, and the metric methods refuse any other (`statistic`, docs/adr/0039).',
    check: async (apps) => {
      const valid: Record<string, string[]> = {
        ReplicationLatency: ['Maximum'],
        OperationsPendingReplication: ['Maximum'],
        BytesPendingReplication: ['Maximum'],
        OperationsFailedReplication: ['Sum', 'Average', 'SampleCount'],
      };
      let n = 0;
      for (const app of apps) {
        for (const alarm of app.all('AWS::CloudWatch::Alarm')) {
          const allowed = alarm.props.Namespace === 'AWS/S3' ? valid[alarm.props.MetricName] : undefined;
          if (!allowed) continue;
          if (!allowed.includes(alarm.props.Statistic)) fail(app, `${alarm.stack}/${alarm.logicalId}`, `alarm on ${alarm.props.MetricName} with the statistic ${alarm.props.Statistic ?? alarm.props.ExtendedStatistic}`);
          n++;
        }
      }
      return n;
    },
  },

  // ------------------------------------------------------------------ Batch Replication (backfill)
  {
    id: 'batch-replication-needs-configuration',
    page: `${S3_GUIDE}s3-batch-replication-batch.html`,
    quote: 'Your source bucket must have an existing replication configuration.',
    readIn: `${S3_SOURCES}s3-batch-replication-batch.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const job of jobsOf(app)) {
          const source = bucketNameOfArn(job.parameters.ManifestGenerator.S3JobManifestGenerator.SourceBucket);
          const config = app.replications.find((c) => c.source === source);
          if (!config) fail(app, job.resource, `backfills ${source}, which has no replication configuration in the app`);
          if (!dependsOn(app, job.resource, config.appliedBy)) fail(app, job.resource, `CreateJob is not ordered after ${config.appliedBy}, which applies the replication configuration`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'replication-configuration-propagates',
    page: 'https://docs.aws.amazon.com/en_us/AWSJavaScriptSDK/v3/latest/clients/client-s3/classes/getbucketreplicationcommand.html',
    quote: 'It can take a while to propagate the put or delete a replication configuration to all Amazon S3 systems.',
    readIn: `${SEARCH} (the GetBucketReplication text of the S3 API Reference)`,
    decision: 'CreateJob runs after PutBucketReplication and carries a client request token derived from the source and the new destinations, so a deploy retried after a propagation failure starts no second job. No wait within one deploy yet: AWS describes a missing configuration as a job that fails (not a refused CreateJob), so ADR 0028 (proposed) polls CreateJob and DescribeJob from a provider\'s isComplete with one token per attempt.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const job of jobsOf(app)) {
          const token: string = job.parameters.ClientRequestToken;
          if (typeof token !== 'string' || token.length === 0 || token.length > 64) fail(app, job.resource, `client request token ${token}`);
          const same = jobsOf(app).filter((j) => j.parameters.ClientRequestToken === token);
          if (same.length !== 1) fail(app, job.resource, `client request token ${token} is used by ${same.length} jobs`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'batch-manifest-region',
    page: `${S3_GUIDE}s3-batch-replication-batch.html`,
    quote: 'If you choose to have the manifest generated it must be stored in the same AWS Region as the source bucket.',
    readIn: `${S3_SOURCES}s3-batch-replication-batch.md`,
    decision: 'The generated manifest is not stored (EnableManifestOutput false), and the job is created in the source\'s Region.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const job of jobsOf(app)) {
          const generator = job.parameters.ManifestGenerator.S3JobManifestGenerator;
          const source = app.buckets.get(bucketNameOfArn(generator.SourceBucket));
          if (!source) fail(app, job.resource, `source ${generator.SourceBucket} is not a bucket of the app`);
          if (job.region !== source.region) fail(app, job.resource, `job created in ${job.region}, source in ${source.region}`);
          if (generator.EnableManifestOutput !== false) {
            const manifest = app.buckets.get(bucketNameOfArn(generator.ManifestOutputLocation?.Bucket ?? ''));
            if (!manifest || manifest.region !== source.region) fail(app, job.resource, 'the manifest is stored outside the source\'s Region');
          }
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'create-job-and-pass-role',
    page: `${S3_GUIDE}batch-ops-iam-role-policies.html`,
    quote: 'The same entity that creates the job must also have the iam:PassRole permission to pass the AWS Identity and Access Management (IAM) role that is specified for the job to Batch Operations.',
    readIn: `${S3_SOURCES}batch-ops-iam-role-policies.md`,
    decision: 'The custom resource role may s3:CreateJob (no resource-level permission exists) and pass exactly the job\'s role, to S3 Batch Operations only.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const job of jobsOf(app)) {
          await expectDecision(app, job.resource, asRole(job.role, 's3:CreateJob', '*', app.model.account), 'Allowed');
          const pass = (service: string) => asRole(job.role, 'iam:PassRole', job.parameters.RoleArn, app.model.account, undefined, { 'iam:PassedToService': service });
          await expectDecision(app, job.resource, pass('batchoperations.s3.amazonaws.com'), 'Allowed');
          await expectDecision(app, job.resource, pass('lambda.amazonaws.com'), 'Denied');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'batch-operations-trust',
    page: `${S3_GUIDE}batch-ops-iam-role-policies.html`,
    quote: 'To allow the S3 Batch Operations service principal to assume the IAM role, attach the following trust policy to the role.',
    readIn: `${S3_SOURCES}batch-ops-iam-role-policies.md`,
    decision: 'AWS\'s trust policy has no condition, and no AWS page says Batch Operations sends aws:SourceAccount or aws:SourceArn: the role must be assumable without them (a condition on them would fail the job). Who may put the role in a job is bounded by iam:PassRole (row above).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const job of jobsOf(app)) {
          const trust = app.model.trust.get(job.parameters.RoleArn);
          if (!trust) fail(app, job.resource, `job role ${job.parameters.RoleArn} is not a role of the app`);
          await expectDecision(app, job.resource, { principal: 'batchoperations.s3.amazonaws.com', action: 'sts:AssumeRole', resource: job.parameters.RoleArn, resourceAccount: app.model.account, resourcePolicy: trust }, 'Allowed');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'assume-role-not-permitted',
    page: 'https://docs.amazonaws.cn/en_us/AmazonS3/latest/user-guide/replication-failure-codes.html',
    quote: "Amazon S3 can't assume the Amazon Identity and Access Management (IAM) role that's specified in the replication configuration or in the Batch Operations job.",
    readIn: SEARCH,
    decision: 'Every role a replication configuration or a job names is a role of the app that its service can assume without source context; the S3 replication role is not assumable by Batch Operations, nor the job\'s by S3 replication.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        const named = [
          ...app.replications.map((c) => ({ where: c.appliedBy, role: c.role, service: 's3.amazonaws.com', other: 'batchoperations.s3.amazonaws.com' })),
          ...jobsOf(app).map((j) => ({ where: j.resource, role: j.parameters.RoleArn as string, service: 'batchoperations.s3.amazonaws.com', other: 's3.amazonaws.com' })),
        ];
        for (const { where, role, service, other } of named) {
          const trust = app.model.trust.get(role);
          if (!trust) fail(app, where, `names role ${role}, which the app does not define`);
          const assume = (principal: string): SimulationCase => ({ principal, action: 'sts:AssumeRole', resource: role, resourceAccount: role.split(':')[4], resourcePolicy: trust });
          await expectDecision(app, where, assume(service), 'Allowed');
          await expectDecision(app, where, assume(other), 'Denied');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'batch-replication-role-permissions',
    page: `${S3_GUIDE}s3-batch-replication-policies.html`,
    quote: 'Because S3 Batch Replication is a type of Batch Operations job, you must create a Batch Operations AWS Identity and Access Management (IAM) role to grant Amazon S3 permissions to perform actions on your behalf.',
    readIn: `${S3_SOURCES}s3-batch-replication-policies.md`,
    decision: 'The role may do what the page lists for a generated manifest that is not stored: s3:InitiateReplication on the source\'s objects, s3:GetReplicationConfiguration and s3:PutInventoryConfiguration on the source; and not read object data.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const job of jobsOf(app)) {
          const role = app.model.roles.find((r) => r.arn === job.parameters.RoleArn)!;
          const source = bucketInfo(app, bucketNameOfArn(job.parameters.ManifestGenerator.S3JobManifestGenerator.SourceBucket))!;
          const on = (action: string, resource: string) => asRole(role, action, resource, accountOf(app, source), source.policy);
          await expectDecision(app, job.resource, on('s3:InitiateReplication', `${source.arn}/key`), 'Allowed');
          await expectDecision(app, job.resource, on('s3:GetReplicationConfiguration', source.arn), 'Allowed');
          await expectDecision(app, job.resource, on('s3:PutInventoryConfiguration', source.arn), 'Allowed');
          await expectDecision(app, job.resource, on('s3:GetObject', `${source.arn}/key`), 'Denied');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'batch-role-before-job',
    page: 'https://docs.aws.amazon.com/en_us/AmazonS3/latest/userguide/s3-batch-replication-existing-config.html',
    quote: 'Before creating your Batch Replication job, you must create a Batch Operations AWS Identity and Access Management (IAM) role to grant Amazon S3 permissions to perform actions on your behalf.',
    readIn: SEARCH,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const job of jobsOf(app)) {
          const [stack] = job.resource.split('/');
          const role = app.all('AWS::IAM::Role').find((r) => r.stack === stack && app.assembly.getAtt(stack, r.logicalId, 'Arn') === job.parameters.RoleArn);
          if (!role) fail(app, job.resource, `job role ${job.parameters.RoleArn} is not a role of the job's stack`);
          const policies = app.all('AWS::IAM::ManagedPolicy').filter((p) => p.stack === stack && (role.props.ManagedPolicyArns ?? []).includes(app.assembly.ref(stack, p.logicalId)));
          if (policies.length === 0) fail(app, job.resource, 'the job role has no managed policy');
          for (const p of policies) {
            if (!dependsOn(app, job.resource, `${stack}/${p.logicalId}`)) fail(app, job.resource, `CreateJob is not ordered after the job role's policy ${p.logicalId}`);
          }
          n++;
        }
      }
      return n;
    },
  },

  // ------------------------------------------------------------------ Multi-Region Access Points
  {
    id: 'mrap-bucket-delegation',
    page: `${S3_GUIDE}MultiRegionAccessPointPermissions.html`,
    quote: '(Recommended) To simplify access controls when using an Amazon S3 Multi-Region Access Point, delegate access control for the Amazon S3 bucket to the Multi-Region Access Point.',
    readIn: `${S3_SOURCES}MultiRegionAccessPointPermissions.md`,
    decision: 'Every bucket behind an access point delegates to access points of the access point\'s account (s3:DataAccessPointAccount), in its own policy or, for a bucket the app only references, in the statement printed for its owner.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const ap of app.model.accessPoints) {
          const account = ap.arn.split(':')[4];
          for (const b of ap.buckets) {
            const delegates = statementsOf(b.policy ?? { Version: '', Statement: [] }).some((s) => s.Effect === 'Allow'
              && (s.Condition?.StringEquals?.['s3:DataAccessPointAccount'] === account || s.Condition?.StringEquals?.['s3:DataAccessPointArn'] === ap.arn));
            if (!delegates) fail(app, `bucket ${b.name}`, `no statement delegates access control to ${ap.arn}`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-cross-account-policies',
    page: `${S3_GUIDE}MultiRegionAccessPointPermissions.html`,
    quote: 'For a cross-account request to succeed, the following policies must permit the operation:',
    readIn: `${SEARCH} (the current page; the stored guide sources have an older wording)`,
    decision: 'For CloudFront through an access point over a bucket of another account: the access point policy, that bucket\'s policy and its key policy all allow the read, each evaluated in its own account.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const dist of app.model.distributions) {
          for (const origin of dist.origins) {
            if (!('accessPoint' in origin)) continue;
            const ap = origin.accessPoint;
            const apAccount = ap.arn.split(':')[4];
            const cf = { 'aws:SourceArn': dist.arn, 'aws:SourceAccount': dist.account };
            const through = { 's3:DataAccessPointAccount': apAccount, 's3:DataAccessPointArn': ap.arn, ...TLS };
            for (const b of ap.buckets.filter((x) => accountOf(app, x) !== apAccount)) {
              await expectDecision(app, `access point ${ap.arn}`, { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${ap.arn}/object/index.html`, resourceAccount: apAccount, resourcePolicy: ap.policy, context: { ...through, ...cf } }, 'Allowed', 'access point');
              await expectDecision(app, `bucket ${b.name}`, { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${b.arn}/index.html`, resourceAccount: accountOf(app, b), resourcePolicy: b.policy, context: { ...through, ...cf } }, 'Allowed', 'access point');
              if (b.key) {
                await expectDecision(app, `key of ${b.name}`, { principal: 'cloudfront.amazonaws.com', action: 'kms:Decrypt', resource: b.key.arn, resourceAccount: b.key.account, resourcePolicy: b.key.policy, context: { ...cf, ...viaS3(b.key, b.arn, `${b.arn}/index.html`) } }, 'Allowed');
              }
              n++;
            }
          }
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-failover-control-plane',
    page: `${S3_GUIDE}MultiRegionAccessPointRestrictions.html`,
    quote: 'For the Multi-Region Access Point failover control plane, requests must be routed to one of these five supported Regions:',
    readIn: `${S3_SOURCES}MultiRegionAccessPointRestrictions.md (the five: US East (N. Virginia), US West (Oregon), Asia Pacific (Sydney), Asia Pacific (Tokyo), Europe (Ireland))`,
    check: async (apps) => {
      const FIVE = ['us-east-1', 'us-west-2', 'ap-southeast-2', 'ap-northeast-1', 'eu-west-1'];
      let n = 0;
      for (const app of apps) {
        for (const call of app.model.sdkCalls.filter((c) => /MultiRegionAccessPointRoutes$/.test(c.action))) {
          if (!FIVE.includes(call.region)) fail(app, call.resource, `${call.action} sent to ${call.region}`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'submit-routes-regions',
    page: 'https://docs.aws.amazon.com/goto/WebAPI/s3control-2018-08-20/SubmitMultiRegionAccessPointRoutes',
    quote: 'At least one Region must be active at all times.',
    readIn: SEARCH,
    decision: 'Every route update the app submits keeps at least one Region at 100, and goes to a failover control-plane Region (row above).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const call of routeCalls(app, 'SubmitMultiRegionAccessPointRoutes')) {
          const routes: any[] = call.parameters.RouteUpdates ?? [];
          if (!routes.some((r) => Number(r.TrafficDialPercentage) === 100)) fail(app, call.resource, `no active Region in ${JSON.stringify(routes)}`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'submit-routes-unnamed-regions-unchanged',
    page: 'https://docs.aws.amazon.com/sdk-for-sap-abap/v1/api/latest/s3c/operation/SUBMITMULTIREGIONACCPTROUTES.html',
    quote: 'The routing configurations of any Regions that aren’t specified remain unchanged.',
    readIn: SEARCH,
    decision: 'A routes resource\'s Delete restores S3\'s default (ADR 0037): it names every Region its Create names, each at 100, so that no Region stays passive.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        const calls = routeCalls(app, 'SubmitMultiRegionAccessPointRoutes');
        for (const restore of calls.filter((c) => c.phase === 'Delete')) {
          const create = calls.find((c) => c.resource === restore.resource && c.phase === 'Create');
          if (!create) fail(app, restore.resource, 'a routes Delete without a Create');
          const restored: any[] = restore.parameters.RouteUpdates ?? [];
          for (const route of create.parameters.RouteUpdates ?? []) {
            const found = restored.find((r) => r.Region === route.Region);
            if (Number(found?.TrafficDialPercentage) !== 100) fail(app, restore.resource, `Delete leaves ${route.Region} at ${found ? found.TrafficDialPercentage : 'its dial (not named)'}`);
          }
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-region-limit',
    page: `${S3_GUIDE}MultiRegionAccessPointRestrictions.html`,
    quote: 'There is a limit of 17 Regions for a single Multi-Region Access Point.',
    readIn: `${S3_SOURCES}MultiRegionAccessPointRestrictions.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const ap of app.all('AWS::S3::MultiRegionAccessPoint')) {
          if (ap.props.Regions.length > 17) fail(app, `${ap.stack}/${ap.logicalId}`, `${ap.props.Regions.length} Regions`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-name-rules',
    page: `${S3_GUIDE}MultiRegionAccessPointRestrictions.html`,
    quote: "Can't contain underscores (_), uppercase letters, or periods (.).",
    readIn: 'search index (docs corpus), https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.md',
    decision: 'With the other rules of the same list: 3 to 50 characters, beginning with a lowercase letter or number, not beginning or ending with a hyphen.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const ap of app.all('AWS::S3::MultiRegionAccessPoint')) {
          const name: string = ap.props.Name;
          if (!/^[a-z0-9]([a-z0-9-]{1,48})[a-z0-9]$/.test(name)) fail(app, `${ap.stack}/${ap.logicalId}`, `name '${name}'`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-supported-operations',
    page: `${S3_GUIDE}MrapOperations.html`,
    quote: 'The following S3 operations can accept Multi-Region Access Point ARNs:',
    readIn: `${SEARCH}; the stored copy of the page in the project's reference folder (s3-mrap-operations.md), with the list and the note that CopyObject is not supported`,
    decision: 'Every statement of the app that names an access point (its ARN or its objects) allows only the IAM actions of the listed operations: the 21 S3 '
      + 'operations (HeadObject is s3:GetObject; CreateMultipartUpload, UploadPart and CompleteMultipartUpload are s3:PutObject; ListObjectsV2 is s3:ListBucket; '
      + 'ListMultipartUploads is s3:ListBucketMultipartUploads; ListParts is s3:ListMultipartUploadParts) and the listed S3 Control operations. '
      + 'grants.actions() refuses any other action, and a pattern that matches a control-plane action.',
    check: async (apps) => {
      const operations = [
        'AbortMultipartUpload', 'DeleteObject', 'DeleteObjectTagging', 'GetObject', 'GetObjectAcl', 'GetObjectLegalHold', 'GetObjectRetention',
        'GetObjectTagging', 'ListBucketMultipartUploads', 'ListBucket', 'ListMultipartUploadParts', 'PutObject', 'PutObjectAcl', 'PutObjectLegalHold',
        'PutObjectRetention', 'PutObjectTagging', 'RestoreObject',
        // S3 Control
        'CreateMultiRegionAccessPoint', 'DescribeMultiRegionAccessPointOperation', 'GetMultiRegionAccessPoint', 'GetMultiRegionAccessPointPolicy',
        'GetMultiRegionAccessPointPolicyStatus', 'GetMultiRegionAccessPointRoutes', 'ListMultiRegionAccessPoints', 'PutMultiRegionAccessPointPolicy',
        'SubmitMultiRegionAccessPointRoutes',
      ].map((o) => `s3:${o}`.toLowerCase());
      let n = 0;
      for (const app of apps) {
        for (const ap of app.model.accessPoints) {
          for (const { where, document } of policyDocuments(app)) {
            for (const st of statementsOf(document).filter((x) => x.Effect === 'Allow')) {
              const resources: unknown[] = [st.Resource ?? []].flat();
              if (!resources.some((r) => r === ap.arn || (typeof r === 'string' && r.startsWith(`${ap.arn}/object/`)))) continue;
              const other = [st.Action].flat().filter((a: string) => !operations.includes(a.toLowerCase()));
              if (other.length > 0) fail(app, where, `${other.join(', ')} on ${ap.arn}: no listed operation uses it`);
              n++;
            }
          }
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-sigv4a',
    page: `${S3_GUIDE}MultiRegionAccessPointRestrictions.html`,
    quote: 'Multi-Region Access Points support Signature Version 4A.',
    readIn: `${S3_SOURCES}MultiRegionAccessPointRestrictions.md`,
    decision: 'CloudFront signs its requests to an access point with SigV4A: every origin access control of an access point origin has SigningProtocol sigv4a.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const o of distributionOrigins(app).filter((x) => MRAP_HOST.test(x.origin.DomainName))) {
          if (!o.oac) fail(app, o.distribution, `origin ${o.origin.DomainName} has no origin access control`);
          if (o.oac.SigningProtocol !== 'sigv4a') fail(app, o.distribution, `origin ${o.origin.DomainName} signs ${o.oac.SigningProtocol}`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-oac-origin',
    page: 'https://docs.amazonaws.cn/en_us/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3-mrap.html',
    quote: 'You can use origin access control (OAC) to restrict access to an Amazon S3 Multi-Region Access Point origin.',
    readIn: SEARCH,
    decision: 'The access point policy lets cloudfront.amazonaws.com read only for the distribution that has the origin (AWS:SourceArn); another distribution is denied.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const dist of app.model.distributions) {
          for (const origin of dist.origins) {
            if (!('accessPoint' in origin)) continue;
            const ap = origin.accessPoint;
            const apAccount = ap.arn.split(':')[4];
            const read = (source: string): SimulationCase => ({
              principal: 'cloudfront.amazonaws.com',
              action: 's3:GetObject',
              resource: `${ap.arn}/object/index.html`,
              resourceAccount: apAccount,
              resourcePolicy: ap.policy,
              context: { 's3:DataAccessPointAccount': apAccount, 's3:DataAccessPointArn': ap.arn, ...TLS, 'aws:SourceArn': source, 'aws:SourceAccount': source.split(':')[4] },
            });
            await expectDecision(app, `access point ${ap.arn}`, read(dist.arn), 'Allowed', 'access point');
            await expectDecision(app, `access point ${ap.arn}`, read(`arn:aws:cloudfront::${dist.account}:distribution/EOTHERDISTRIBUTION`), 'Denied', 'access point');
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-origin-hostname',
    page: 'https://docs.amazonaws.cn/en_us/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3-mrap.html',
    quote: 'The origin domain name must use the S3 Multi-Region Access Point hostname format:',
    readIn: `${SEARCH} (the format: multi-region-access-point-alias.accesspoint.s3-global.amazonaws.com)`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const dist of app.model.distributions) {
          const origins = distributionOrigins(app).filter((o) => o.distribution === dist.arn);
          for (const origin of dist.origins.filter((x) => 'accessPoint' in x)) {
            const alias = (origin as any).accessPoint.arn.split('/').pop();
            const o = origins.find((x) => x.origin.DomainName.startsWith(`${alias}.`));
            if (!o || !MRAP_HOST.test(o.origin.DomainName)) fail(app, dist.arn, `no origin with the hostname of ${alias}: ${origins.map((x) => x.origin.DomainName).join(', ')}`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'mrap-oac-default-regions',
    page: 'https://docs.amazonaws.cn/en_us/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3-mrap.html',
    quote: 'OAC with S3 Multi-Region Access Points is not supported for MRAP endpoints backed by buckets in opt-in Regions.',
    readIn: SEARCH,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const dist of app.model.distributions) {
          for (const origin of dist.origins) {
            if (!('accessPoint' in origin)) continue;
            for (const b of origin.accessPoint.buckets) {
              if (isOptInRegion(b.region)) fail(app, dist.arn, `access point origin over ${b.name} in opt-in Region ${b.region}`);
              n++;
            }
          }
        }
      }
      return n;
    },
  },
  {
    id: 'oac-signs-always',
    page: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html',
    quote: 'Specify always for the most common use case.',
    readIn: SEARCH,
    decision: 'Every origin access control of the app signs every request (a viewer\'s Authorization header never reaches S3).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const oac of app.all('AWS::CloudFront::OriginAccessControl')) {
          if (oac.props.OriginAccessControlConfig.SigningBehavior !== 'always') fail(app, `${oac.stack}/${oac.logicalId}`, `signing behavior ${oac.props.OriginAccessControlConfig.SigningBehavior}`);
          n++;
        }
      }
      return n;
    },
  },

  // ------------------------------------------------------------------ CloudFront and SSE-KMS
  {
    id: 'oac-bucket-policy',
    page: `${CLOUDFRONT_GUIDE}private-content-restricting-access-to-s3.html`,
    quote: 'To give the OAC permission to access the S3 bucket, use an S3 bucket policy to allow the CloudFront service principal (cloudfront.amazonaws.com) to access the bucket.',
    readIn: `${CLOUDFRONT_SOURCES}private-content-restricting-access-to-s3.md`,
    decision: 'Through an access point, the bucket policy delegates to the access point (row mrap-bucket-delegation) and the access point policy names the distribution; a Regional bucket origin\'s policy names the distribution itself.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const dist of app.model.distributions) {
          for (const origin of dist.origins) {
            const cf = { 'aws:SourceArn': dist.arn, 'aws:SourceAccount': dist.account };
            if ('bucket' in origin) {
              const b = origin.bucket;
              await expectDecision(app, `bucket ${b.name}`, { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${b.arn}/index.html`, resourceAccount: accountOf(app, b), resourcePolicy: b.policy, context: { ...TLS, ...cf } }, 'Allowed');
              await expectDecision(app, `bucket ${b.name}`, { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${b.arn}/index.html`, resourceAccount: accountOf(app, b), resourcePolicy: b.policy, context: { ...TLS, 'aws:SourceArn': `arn:aws:cloudfront::${STRANGER}:distribution/EFOREIGN`, 'aws:SourceAccount': STRANGER } }, 'Denied');
            } else {
              const ap = origin.accessPoint;
              const through = { 's3:DataAccessPointAccount': ap.arn.split(':')[4], 's3:DataAccessPointArn': ap.arn, ...TLS };
              for (const b of ap.buckets) {
                await expectDecision(app, `bucket ${b.name}`, { principal: 'cloudfront.amazonaws.com', action: 's3:GetObject', resource: `${b.arn}/index.html`, resourceAccount: accountOf(app, b), resourcePolicy: b.policy, context: { ...through, ...cf } }, 'Allowed', 'access point');
              }
            }
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'oac-kms-key-per-access-level',
    page: `${CLOUDFRONT_GUIDE}private-content-restricting-access-to-s3.html`,
    quote: 'If the objects in the S3 bucket origin are encrypted using server-side encryption with AWS Key Management Service (SSE-KMS), you must make sure that the OAC has permission to use the AWS KMS key.',
    readIn: `${CLOUDFRONT_SOURCES}private-content-restricting-access-to-s3.md`,
    decision: 'The page\'s example key policy statement allows kms:Decrypt, kms:Encrypt and kms:GenerateDataKey*; the library grants per access level: kms:Decrypt to a distribution that reads, kms:Encrypt and kms:GenerateDataKey* only to one that writes. A distribution that only reads cannot generate data keys.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const dist of app.model.distributions) {
          const writes = app.model.allowedMethods.get(dist.arn)?.has('PUT') ?? false;
          for (const origin of dist.origins) {
            const buckets = 'bucket' in origin ? [origin.bucket] : origin.accessPoint.buckets;
            for (const b of buckets.filter((x) => x.key && app.model.kmsEncrypted.has(x.name))) {
              const key = b.key!;
              const use = (action: string): SimulationCase => ({ principal: 'cloudfront.amazonaws.com', action, resource: key.arn, resourceAccount: key.account, resourcePolicy: key.policy, context: { 'aws:SourceArn': dist.arn, 'aws:SourceAccount': dist.account, ...viaS3(key, b.arn, `${b.arn}/index.html`) } });
              await expectDecision(app, `key of ${b.name}`, use('kms:Decrypt'), 'Allowed');
              await expectDecision(app, `key of ${b.name}`, use('kms:GenerateDataKey'), writes && 'accessPoint' in origin ? 'Allowed' : 'Denied');
              n++;
            }
          }
        }
      }
      return n;
    },
  },
  {
    id: 'cloudfront-standard-logs-acl',
    page: `${CLOUDFRONT_GUIDE}AccessLogs.html`,
    quote: 'Don’t choose an Amazon S3 bucket with S3 Object Ownership set to bucket owner enforced.',
    readIn: `${CLOUDFRONT_SOURCES}AccessLogs.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const log of app.model.distributionLogs) {
          if (app.model.aclsDisabled.has(log.bucket.name)) fail(app, log.distribution, `logs to ${log.bucket.name}, whose ACLs are disabled`);
          n++;
        }
      }
      return n;
    },
  },

  // ------------------------------------------------------------------ server access logs
  {
    id: 'access-log-target-region-account',
    page: `${S3_GUIDE}enable-server-access-logging.html`,
    quote: 'The target bucket must be in the same AWS Region and AWS account as the source bucket, and must not have a default retention period configuration.',
    readIn: `${S3_SOURCES}enable-server-access-logging.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const source of app.buckets.values()) {
          const targetName = source.props.LoggingConfiguration?.DestinationBucketName;
          if (targetName === undefined) continue;
          const target = app.buckets.get(targetName);
          if (!target) fail(app, `bucket ${source.name}`, `logs to ${targetName}, not a bucket of the app`);
          if (target.region !== source.region || target.account !== source.account) fail(app, `bucket ${source.name}`, `logs to ${targetName} in ${target.account}/${target.region}`);
          if (target.props.ObjectLockConfiguration?.Rule?.DefaultRetention) fail(app, `bucket ${targetName}`, 'a log target with a default retention period');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'access-log-target-sse-s3',
    page: `${S3_GUIDE}enable-server-access-logging.html`,
    quote: 'You can use default bucket encryption on the target bucket only if you use server-side encryption with Amazon S3 managed keys (SSE-S3), which uses the 256-bit Advanced Encryption Standard (AES-256).',
    readIn: `${S3_SOURCES}enable-server-access-logging.md`,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        const targets = new Set([...app.buckets.values()].map((b) => b.props.LoggingConfiguration?.DestinationBucketName).filter((x) => x));
        for (const name of targets) {
          const t = app.buckets.get(name)!;
          const sse = t.props.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm ?? 'AES256';
          if (sse !== 'AES256') fail(app, `bucket ${name}`, `log target encrypted with ${sse}`);
          if (app.model.objectLocked.has(name)) fail(app, `bucket ${name}`, 'log target with Object Lock');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'access-log-delivery-principal',
    page: `${S3_GUIDE}enable-server-access-logging.html`,
    quote: 'We recommend that you update the bucket policy on the target bucket to grant access to the logging service principal (logging.s3.amazonaws.com) for access log delivery.',
    readIn: `${S3_SOURCES}enable-server-access-logging.md`,
    decision: 'With the page\'s example conditions: aws:SourceArn is the source bucket and aws:SourceAccount its account; a bucket that does not log there is denied.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const source of app.model.buckets.filter((b) => b.logs)) {
          const target = bucketInfo(app, source.logs!.bucket)!;
          const deliver = (sourceArn: string): SimulationCase => ({
            principal: 'logging.s3.amazonaws.com',
            action: 's3:PutObject',
            resource: `${target.arn}/${source.logs!.prefix}2026-01-01-00-00-00-0123456789ABCDEF`,
            resourceAccount: accountOf(app, target),
            resourcePolicy: target.policy,
            context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': accountOf(app, source), ...TLS },
          });
          await expectDecision(app, `log bucket ${target.name}`, deliver(source.arn), 'Allowed');
          await expectDecision(app, `log bucket ${target.name}`, deliver('arn:aws:s3:::a-bucket-that-does-not-log-here'), 'Denied');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'access-log-same-account-and-region',
    page: `${S3_GUIDE}ServerLogs.html`,
    quote: 'Both the source and target buckets must be in the same AWS Region and owned by the same account.',
    readIn: `${S3_SOURCES}ServerLogs.md`,
    decision: 'Every bucket the library creates logs to a bucket of its own stack (one Region, one account).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const source of app.buckets.values()) {
          const targetName = source.props.LoggingConfiguration?.DestinationBucketName;
          if (targetName === undefined) continue;
          const target = app.buckets.get(targetName);
          if (!target || target.stack !== source.stack) fail(app, `bucket ${source.name}`, `logs to ${targetName} of another stack`);
          n++;
        }
      }
      return n;
    },
  },

  // ------------------------------------------------------------------ alarms on encrypted topics
  {
    id: 'alarm-topic-key',
    page: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
    quote: 'To allow the AWS service to have the kms:GenerateDataKey* and kms:Decrypt permissions, add the following statement to the KMS policy.',
    readIn: 'awsdocs/amazon-sns-developer-guide@d2d6700 doc_source/sns-key-management.md',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const a of app.model.alarmActions.filter((x) => x.topic.key)) {
          const key = a.topic.key!;
          for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
            await expectDecision(app, `key of ${a.topic.arn}`, { principal: 'cloudwatch.amazonaws.com', action, resource: key.arn, resourceAccount: key.account, resourcePolicy: key.policy, context: { 'aws:SourceArn': a.alarmArn, 'aws:SourceAccount': a.alarmArn.split(':')[4], ...aliasContext(key) } }, 'Allowed');
          }
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'alarm-topic-key-confused-deputy',
    page: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
    quote: 'Add the aws:SourceAccount and aws:SourceArn condition keys to the KMS resource policy to further protect the KMS key from confused deputy attacks.',
    readIn: 'awsdocs/amazon-sns-developer-guide@d2d6700 doc_source/sns-key-management.md',
    decision: 'CloudWatch\'s own page names these keys for the topic policy only (next row); the SNS guide says to add them to the key policy of AWS services that publish to encrypted topics, so the key policy keeps them: an alarm of another account is denied.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const a of app.model.alarmActions.filter((x) => x.topic.key)) {
          const key = a.topic.key!;
          const [, , , region, , ...name] = a.alarmArn.split(':');
          const stranger = `arn:aws:cloudwatch:${region}:${STRANGER}:alarm:${name.join(':')}`;
          await expectDecision(app, `key of ${a.topic.arn}`, { principal: 'cloudwatch.amazonaws.com', action: 'kms:GenerateDataKey', resource: key.arn, resourceAccount: key.account, resourcePolicy: key.policy, context: { 'aws:SourceArn': stranger, 'aws:SourceAccount': STRANGER, ...aliasContext(key) } }, 'Denied');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'alarm-topic-policy',
    page: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/US_SetupSNS.html',
    quote: 'To prevent cross-service confused deputy security issues, we recommend that you use the aws:SourceArn and aws:SourceAccount global condition keys in the Amazon SNS resource policy that grants permission to CloudWatch to access your Amazon SNS resources.',
    readIn: 'awsdocs/amazon-cloudwatch-user-guide@b355497 doc_source/US_SetupSNS.md',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const a of app.model.alarmActions) {
          const [, , , region, , ...name] = a.alarmArn.split(':');
          const publish = (alarmArn: string): SimulationCase => ({ principal: 'cloudwatch.amazonaws.com', action: 'sns:Publish', resource: a.topic.arn, resourceAccount: a.topic.arn.split(':')[4], resourcePolicy: a.topic.policy, context: { 'aws:SourceArn': alarmArn, 'aws:SourceAccount': alarmArn.split(':')[4] } });
          await expectDecision(app, `topic ${a.topic.arn}`, publish(a.alarmArn), 'Allowed');
          await expectDecision(app, `topic ${a.topic.arn}`, publish(`arn:aws:cloudwatch:${region}:${STRANGER}:alarm:${name.join(':')}`), 'Denied');
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'import-deletion-policy',
    page: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import.html',
    quote: 'Each resource to import must have a DeletionPolicy attribute.',
    readIn: SEARCH,
    decision: 'The cdk import step of an existing bucket renders the bucket alone with DeletionPolicy and UpdateReplacePolicy Retain (docs/adr/0034); the next deploy keeps both.',
    check: async () => {
      let n = 0;
      for (const { stack, importing } of adoptionSteps()) {
        for (const [id, bucket] of Object.entries<any>(stack.Resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === ADOPTED)) {
          if (bucket.DeletionPolicy !== 'Retain' || bucket.UpdateReplacePolicy !== 'Retain') {
            throw new Unmet(`adopted bucket (importing: ${importing}): ${id}: DeletionPolicy ${bucket.DeletionPolicy}, UpdateReplacePolicy ${bucket.UpdateReplacePolicy}`);
          }
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'import-identifier-bucket-name',
    page: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import.html',
    quote: 'For example, an AWS::S3::Bucket resource can be identified using its BucketName.',
    readIn: SEARCH,
    decision: 'The import step\'s template holds the bucket alone (CloudFormation refuses an import that changes other resources), named by a literal BucketName, which cdk import offers as the identifier.',
    check: async () => {
      let n = 0;
      for (const { stack, importing } of adoptionSteps().filter((s) => s.importing)) {
        const resources = Object.entries<any>(stack.Resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata');
        if (resources.length !== 1 || resources[0][1].Type !== 'AWS::S3::Bucket' || resources[0][1].Properties.BucketName !== ADOPTED) {
          throw new Unmet(`adopted bucket (importing: ${importing}): the stack holds ${resources.map(([id, r]) => `${id} (${r.Type})`).join(', ')}, not the bucket alone named ${ADOPTED}`);
        }
        n++;
      }
      return n;
    },
  },
  {
    id: 'lifecycle-expiration-not-replicated',
    page: `${S3_GUIDE}delete-marker-replication.html`,
    quote: "If you enable delete marker replication and your source bucket has an S3 Lifecycle expiration rule, the delete markers added by the S3 Lifecycle expiration rule won't be replicated to the destination bucket.",
    readIn: 'search index (docs corpus), https://docs.amazonaws.cn/en_us/AmazonS3/latest/userguide/delete-marker-replication.md',
    decision: 'No replicating bucket expires current versions: the library writes no such rule, and an existing bucket declared with one is refused (existingBuckets[i].lifecycleRules).',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const replication of app.replications) {
          const bucket = app.buckets.get(replication.source);
          if (!bucket) continue;
          const expiring = (bucket.props.LifecycleConfiguration?.Rules ?? []).filter((r: any) => r.Status !== 'Disabled' && (r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined));
          if (expiring.length > 0) fail(app, `bucket ${bucket.name}`, `replicates (${replication.appliedBy}) and expires current versions (${expiring.map((r: any) => r.Id).join(', ')})`);
          n++;
        }
      }
      // And an existing bucket that does is refused.
      expect(() => adoptionApp({ lifecycleRules: [{ id: 'Expire', expiration: Duration.days(30) }] })).toThrow(/'existingBuckets\[0\]\.lifecycleRules\[0\]' must not expire current versions/);
      return n + 1;
    },
  },
  {
    id: 'stack-names',
    page: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html',
    quote: "A stack name can contain only alphanumeric characters (case sensitive) and hyphens. It must start with an alphabetical character and can't be longer than 128 characters.",
    readIn: 'search index (docs corpus), docs.rs aws-sdk-cloudformation CreateStackInput::stack_name, which carries the API reference text',
    decision: 'The names the library makes up from the stack name prefix (<prefix>-<region>-replication) are shortened with a hash when longer (docs/adr/0040), so that they never limit a prefix the user-visible stack names accept.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const name of app.assembly.stackNames) {
          if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name)) fail(app, `stack ${name}`, `stack name of ${name.length} characters`);
          n++;
        }
      }
      return n;
    },
  },
  {
    id: 'routine-s3control-sdk-integration',
    page: 'https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html',
    quote: "With Step Functions' AWS SDK integration, your workflows can call almost any AWS service's API actions.",
    readIn: `${SEARCH} (its list names "Amazon S3 Control", task state resource arn:aws:states:::aws-sdk:s3control:[apiAction]; aws/aws-cdk#30061: a task calls its own state machine's Region)`,
    decision: 'The failover routine calls the route APIs through the S3 Control SDK integration when its own Region is a failover control-plane Region, else through aws-cdk-lib\'s CallAwsServiceCrossRegion with that Region (ADR 0036). Either way the call goes to one of the five.',
    check: async (apps) => {
      const FIVE = ['us-east-1', 'us-west-2', 'ap-southeast-2', 'ap-northeast-1', 'eu-west-1'];
      let n = 0;
      for (const app of apps) {
        for (const machine of app.all('AWS::StepFunctions::StateMachine')) {
          const region = app.assembly.stack(machine.stack).environment.region;
          const states = Object.entries<any>(JSON.parse(machine.props.DefinitionString).States ?? {});
          for (const [name, state] of states.filter(([, st]) => /MultiRegionAccessPointRoutes/.test(JSON.stringify(st)))) {
            const direct = /aws-sdk:s3control:/.test(state.Resource ?? '');
            const called = direct ? region : state.Parameters?.region;
            if (!FIVE.includes(called)) fail(app, `${machine.stack}/${machine.logicalId} state ${name}`, `route call sent to ${called}`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'routine-submits-keep-a-region-active',
    page: 'https://docs.aws.amazon.com/goto/WebAPI/s3control-2018-08-20/SubmitMultiRegionAccessPointRoutes',
    quote: 'At least one Region must be active at all times.',
    readIn: SEARCH,
    decision: 'Each route update of the failover routine is one request that sets a Region to 100 (the standby on failover, the active Region on failback) in the same call that sets another to 0.',
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const machine of app.all('AWS::StepFunctions::StateMachine')) {
          const states = Object.entries<any>(JSON.parse(machine.props.DefinitionString).States ?? {});
          for (const [name, state] of states.filter(([, st]) => /submitMultiRegionAccessPointRoutes/.test(JSON.stringify(st)))) {
            const routes: any[] = state.Parameters?.RouteUpdates ?? state.Parameters?.parameters?.RouteUpdates ?? [];
            if (!routes.some((r) => r.TrafficDialPercentage === 100)) fail(app, `${machine.stack}/${machine.logicalId} state ${name}`, `no active Region in ${JSON.stringify(routes)}`);
            n++;
          }
        }
      }
      return n;
    },
  },
  {
    id: 'region-switch-plan-execution-role-trust',
    page: 'https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_trust_policy.html',
    quote: 'This trust policy authorizes the arc-region-switch.amazonaws.com service principal to assume the role.',
    readIn: SEARCH,
    check: async (apps) => {
      let n = 0;
      for (const app of apps) {
        for (const plan of app.model.regionSwitchPlans) {
          const assume = (principal: string): SimulationCase => ({ principal, action: 'sts:AssumeRole', resource: plan.role.arn, resourceAccount: app.model.account, resourcePolicy: app.model.trust.get(plan.role.arn) });
          await expectDecision(app, plan.plan, assume('arc-region-switch.amazonaws.com'), 'Allowed');
          await expectDecision(app, plan.plan, assume('lambda.amazonaws.com'), 'Denied');
          n++;
        }
      }
      return n;
    },
  },
];

/** The name of the existing bucket of the adoption rows. */
const ADOPTED = 'ledger-existing-assets';

/** A MultiRegionBucket that adopts an existing bucket in us-east-1 (docs/adr/0034), for `importing` or not. */
function adoptionApp(declared: Partial<ExistingBucketProps> = {}, importing = false): App {
  const app = new App();
  new MultiRegionBucket(app, 'Adopt', {
    regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
    account: '111111111111',
    bucketNameBase: ADOPTED,
    existingBuckets: [ExistingBucket.imported({
      bucketName: ADOPTED,
      region: 'us-east-1',
      versioning: ExistingBucketVersioning.NEVER_ENABLED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      importing,
      ...declared,
    })],
    backfill: Backfill.existingObjects({ regions: ['eu-west-1', 'ap-southeast-2'] }),
  });
  return app;
}

/** The existing bucket's Regional stack template, in the cdk import step and in the deploy after it. */
function adoptionSteps(): Array<{ importing: boolean; stack: any }> {
  return [true, false].map((importing) => ({ importing, stack: adoptionApp({}, importing).synth().getStackByName('Adopt-us-east-1').template }));
}

/** The distinct pages of the ledger. */
export function ledgerPages(): string[] {
  return [...new Set(LEDGER.map((r) => r.page))];
}
