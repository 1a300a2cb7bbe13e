import { Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { isUnknown, validationError } from './validation';
import { ReplicationOptions, ReplicationRuleOptions } from '../replication/replication-options';

/** S3 keeps at most 1,000 rules in one replication configuration. */
export const MAX_RULES = 1000;

/** The only time S3 Replication Time Control and its event threshold accept. */
export const RTC_MINUTES = 15;

/** Storage classes a replication destination accepts (OUTPOSTS, SNOW and EXPRESS_ONEZONE are not for CRR). */
export const REPLICA_STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
];

const MAX_PRIORITY = 2_147_483_647;

/** The behaviour every rule of one configuration shares, with defaults applied. */
export interface RuleSettings {
  readonly deleteMarkerReplication: boolean;
  readonly replicaModifications: boolean;
  readonly sseKmsEncryptedObjects: boolean;
  readonly replicationTimeControl: boolean;
  readonly metrics: boolean;
  readonly eventThresholdMinutes?: number;
}

/** One destination as the rules see it. */
export interface RuleDestination {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly storageClass?: string;
  /** The key ID S3 writes into `ReplicaKmsKeyID` (a key or alias ARN). */
  readonly replicaKmsKeyArn?: string;
  /** The destination bucket's account, written into `Account` for a destination in another account. */
  readonly account?: string;
  /** Whether the replicas are owned by the destination's account (`AccessControlTranslation`). */
  readonly ownerOverride?: boolean;
}

/** One S3 replication rule, independent of how it is rendered. */
export interface RuleModel {
  readonly id: string;
  readonly priority: number;
  readonly enabled: boolean;
  readonly prefix?: string;
  readonly tags: s3.Tag[];
  readonly deleteMarkerReplication: boolean;
  readonly replicaModifications: boolean;
  readonly sseKmsEncryptedObjects: boolean;
  readonly destination: RuleDestination;
  readonly replicationTimeControl: boolean;
  readonly metrics: boolean;
  readonly eventThresholdMinutes?: number;
}

/** Applies the defaults of the options shared by one-way and two-way replication, after validating them. */
export function ruleSettings(
  scope: IConstruct,
  options: ReplicationOptions,
  extra: { replicaModifications: boolean; sseKmsEncryptedObjects: boolean },
): RuleSettings {
  const rtc = options.replicationTimeControl;
  // s3.ReplicationTimeValue has only FIFTEEN_MINUTES today; a later aws-cdk-lib may add times S3 refuses.
  if (rtc !== undefined && !isUnknown(rtc.minutes) && rtc.minutes !== RTC_MINUTES) {
    throw validationError(scope, `'replicationTimeControl' must be s3.ReplicationTimeValue.FIFTEEN_MINUTES (the only time S3 offers), got ${rtc.minutes} minutes`);
  }
  const metrics = options.metrics ?? rtc;
  if (rtc !== undefined && metrics !== undefined && !isUnknown(metrics.minutes) && metrics.minutes !== RTC_MINUTES) {
    throw validationError(scope, `'metrics' must be s3.ReplicationTimeValue.FIFTEEN_MINUTES with 'replicationTimeControl' (the only event threshold S3 accepts), got ${metrics.minutes} minutes`);
  }
  return {
    deleteMarkerReplication: options.deleteMarkerReplication ?? true,
    replicaModifications: extra.replicaModifications,
    sseKmsEncryptedObjects: extra.sseKmsEncryptedObjects,
    replicationTimeControl: rtc !== undefined,
    metrics: metrics !== undefined,
    eventThresholdMinutes: rtc !== undefined ? metrics!.minutes : undefined,
  };
}

/** Checks the storage class of one destination. */
export function validateStorageClass(scope: IConstruct, property: string, storageClass?: s3.StorageClass): void {
  const value = storageClass?.value;
  if (isUnknown(value)) return;
  if (!REPLICA_STORAGE_CLASSES.includes(value)) {
    throw validationError(scope, `'${property}' must be one of ${REPLICA_STORAGE_CLASSES.join(', ')}, got ${value}`);
  }
}

/**
 * Validates the rule options and expands them into one S3 rule per (rule, destination) pair.
 */
export function buildRules(
  scope: IConstruct,
  options: ReplicationRuleOptions[] | undefined,
  destinations: RuleDestination[],
  settings: RuleSettings,
): RuleModel[] {
  const rules = options ?? [{}];
  if (rules.length === 0) {
    throw validationError(scope, "'rules' must contain at least one rule when given, got an empty list (omit it to replicate the whole bucket)");
  }
  const total = rules.length * destinations.length;
  if (total > MAX_RULES) {
    throw validationError(
      scope,
      `'rules' must make at most ${MAX_RULES} replication rules, got ${total} (${rules.length} rules x ${destinations.length} destinations)`,
    );
  }
  const priorities = rulePriorities(scope, rules, destinations.length);
  const ids = ruleIds(scope, rules);

  const result: RuleModel[] = [];
  rules.forEach((rule, i) => {
    validateFilter(scope, `rules[${i}].filter`, rule.filter ?? {});
    const tags = rule.filter?.tags ?? [];
    if (tags.length > 0 && rule.deleteMarkerReplication === true) {
      throw validationError(scope, `'rules[${i}].deleteMarkerReplication' must not be true for a rule with tag filters (S3 cannot replicate delete markers by tag), got true with ${tags.length} tag(s)`);
    }
    const deleteMarkers = tags.length > 0 ? false : rule.deleteMarkerReplication ?? settings.deleteMarkerReplication;
    destinations.forEach((destination, d) => {
      result.push({
        id: destinationRuleId(ids[i], destination.bucketName),
        priority: priorities[i] * destinations.length + d,
        enabled: rule.enabled ?? true,
        prefix: rule.filter?.prefix,
        tags,
        deleteMarkerReplication: deleteMarkers,
        replicaModifications: settings.replicaModifications,
        sseKmsEncryptedObjects: settings.sseKmsEncryptedObjects,
        destination,
        replicationTimeControl: settings.replicationTimeControl,
        metrics: settings.metrics,
        eventThresholdMinutes: settings.eventThresholdMinutes,
      });
    });
  });
  return result;
}

function rulePriorities(scope: IConstruct, rules: ReplicationRuleOptions[], destinationCount: number): number[] {
  const given = rules.filter((r) => r.priority !== undefined).length;
  if (given === 0) {
    // Earlier rules take precedence: the first of N rules gets N - 1.
    return rules.map((_, i) => rules.length - 1 - i);
  }
  if (given !== rules.length) {
    const missing = rules.findIndex((r) => r.priority === undefined);
    throw validationError(scope, `'rules[${missing}].priority' must be set because another rule sets a priority (set it on every rule or on none), got undefined`);
  }
  const max = Math.floor((MAX_PRIORITY - (destinationCount - 1)) / destinationCount);
  const seen = new Map<number, number>();
  rules.forEach((rule, i) => {
    const priority = rule.priority!;
    if (Token.isUnresolved(priority)) {
      throw validationError(scope, `'rules[${i}].priority' must be a number known at synth time (it is combined with the destination index), got a token`);
    }
    if (!Number.isInteger(priority) || priority < 0 || priority > max) {
      throw validationError(scope, `'rules[${i}].priority' must be an integer between 0 and ${max}, got ${priority}`);
    }
    if (seen.has(priority)) {
      throw validationError(scope, `'rules[${i}].priority' must be unique, got ${priority}, already the priority of rules[${seen.get(priority)}]`);
    }
    seen.set(priority, i);
  });
  return rules.map((r) => r.priority!);
}

/** The ID of each of `rules` as given: its `id`, or `rule<N>` for the N-th rule (from 1). */
export function givenRuleIds(rules: ReplicationRuleOptions[]): string[] {
  return rules.map((rule, i) => rule.id ?? `rule${i + 1}`);
}

/**
 * The ID of the rule written for one destination, which is also the `RuleId` dimension of the
 * rule's replication metrics in CloudWatch.
 */
export function destinationRuleId(ruleId: string, destinationBucketName: string): string {
  return `${ruleId}-to-${destinationBucketName}`;
}

function ruleIds(scope: IConstruct, rules: ReplicationRuleOptions[]): string[] {
  const ids = givenRuleIds(rules);
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (Token.isUnresolved(id)) return;
    // Room for "-to-" and a 63-character bucket name within S3's 255 characters.
    if (id.length < 1 || id.length > 188) {
      throw validationError(scope, `'rules[${i}].id' must be 1 to 188 characters long, got '${id}' (${id.length})`);
    }
    if (seen.has(id)) {
      throw validationError(scope, `'rules[${i}].id' must be unique, got '${id}', already the id of rules[${seen.get(id)}]`);
    }
    seen.set(id, i);
  });
  return ids;
}

function validateFilter(scope: IConstruct, property: string, filter: s3.Filter): void {
  if (!isUnknown(filter.prefix) && filter.prefix.length > 1024) {
    throw validationError(scope, `'${property}.prefix' must be at most 1024 characters long, got ${filter.prefix.length}`);
  }
  const keys = new Set<string>();
  (filter.tags ?? []).forEach((tag, t) => {
    if (!isUnknown(tag.key)) {
      if (tag.key.length < 1 || tag.key.length > 128) {
        throw validationError(scope, `'${property}.tags[${t}].key' must be 1 to 128 characters long, got '${tag.key}'`);
      }
      if (keys.has(tag.key)) {
        throw validationError(scope, `'${property}.tags[${t}].key' must be unique within the rule, got '${tag.key}' twice`);
      }
      keys.add(tag.key);
    }
    if (!isUnknown(tag.value) && tag.value.length > 256) {
      throw validationError(scope, `'${property}.tags[${t}].value' must be at most 256 characters long, got ${tag.value.length}`);
    }
  });
}

const status = (enabled: boolean) => (enabled ? 'Enabled' : 'Disabled');

/** The rules as the `ReplicationConfiguration` property of `AWS::S3::Bucket`. */
export function renderCfnConfiguration(roleArn: string, rules: RuleModel[]): s3.CfnBucket.ReplicationConfigurationProperty {
  return {
    role: roleArn,
    rules: rules.map((rule) => ({
      id: rule.id,
      priority: rule.priority,
      status: status(rule.enabled),
      filter: cfnFilter(rule),
      deleteMarkerReplication: { status: status(rule.deleteMarkerReplication) },
      sourceSelectionCriteria: sourceSelection(rule)
        ? {
          sseKmsEncryptedObjects: rule.sseKmsEncryptedObjects ? { status: 'Enabled' } : undefined,
          replicaModifications: rule.replicaModifications ? { status: 'Enabled' } : undefined,
        }
        : undefined,
      destination: {
        bucket: rule.destination.bucketArn,
        account: rule.destination.account,
        accessControlTranslation: rule.destination.ownerOverride ? { owner: 'Destination' } : undefined,
        storageClass: rule.destination.storageClass,
        encryptionConfiguration: encryption(rule) ? { replicaKmsKeyId: rule.destination.replicaKmsKeyArn! } : undefined,
        replicationTime: rule.replicationTimeControl ? { status: 'Enabled', time: { minutes: RTC_MINUTES } } : undefined,
        metrics: rule.metrics
          ? { status: 'Enabled', eventThreshold: rule.eventThresholdMinutes !== undefined ? { minutes: rule.eventThresholdMinutes } : undefined }
          : undefined,
      },
    })),
  };
}

/** The rules as the `ReplicationConfiguration` parameter of the S3 `PutBucketReplication` API. */
export function renderApiConfiguration(roleArn: string, rules: RuleModel[]): Record<string, unknown> {
  return {
    Role: roleArn,
    Rules: rules.map((rule) => prune({
      ID: rule.id,
      Priority: rule.priority,
      Status: status(rule.enabled),
      Filter: apiFilter(rule),
      DeleteMarkerReplication: { Status: status(rule.deleteMarkerReplication) },
      SourceSelectionCriteria: sourceSelection(rule)
        ? prune({
          SseKmsEncryptedObjects: rule.sseKmsEncryptedObjects ? { Status: 'Enabled' } : undefined,
          ReplicaModifications: rule.replicaModifications ? { Status: 'Enabled' } : undefined,
        })
        : undefined,
      Destination: prune({
        Bucket: rule.destination.bucketArn,
        Account: rule.destination.account,
        AccessControlTranslation: rule.destination.ownerOverride ? { Owner: 'Destination' } : undefined,
        StorageClass: rule.destination.storageClass,
        EncryptionConfiguration: encryption(rule) ? { ReplicaKmsKeyID: rule.destination.replicaKmsKeyArn } : undefined,
        ReplicationTime: rule.replicationTimeControl ? { Status: 'Enabled', Time: { Minutes: RTC_MINUTES } } : undefined,
        Metrics: rule.metrics
          ? prune({ Status: 'Enabled', EventThreshold: rule.eventThresholdMinutes !== undefined ? { Minutes: rule.eventThresholdMinutes } : undefined })
          : undefined,
      }),
    })),
  };
}

const sourceSelection = (rule: RuleModel) => rule.sseKmsEncryptedObjects || rule.replicaModifications;
const encryption = (rule: RuleModel) => rule.sseKmsEncryptedObjects && rule.destination.replicaKmsKeyArn !== undefined;

function cfnFilter(rule: RuleModel): s3.CfnBucket.ReplicationRuleFilterProperty {
  const tags = rule.tags.map((t) => ({ key: t.key, value: t.value }));
  if (tags.length === 0) return { prefix: rule.prefix ?? '' };
  if (tags.length === 1 && rule.prefix === undefined) return { tagFilter: tags[0] };
  return { and: { prefix: rule.prefix, tagFilters: tags } };
}

function apiFilter(rule: RuleModel): Record<string, unknown> {
  const tags = rule.tags.map((t) => ({ Key: t.key, Value: t.value }));
  if (tags.length === 0) return { Prefix: rule.prefix ?? '' };
  if (tags.length === 1 && rule.prefix === undefined) return { Tag: tags[0] };
  return { And: prune({ Prefix: rule.prefix, Tags: tags }) };
}

/** Drops undefined fields, so the SDK call carries only what is set. */
function prune<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
