/**
 * What the CloudFormation resource schemas say about updates, read from `@aws-cdk/aws-service-spec`
 * (the database aws-cdk-lib is generated from and `cdk diff` reads): which property changes
 * replace a resource (`causesReplacement`, the schema's `createOnlyProperties`), which property is
 * a resource's custom physical name, and which types hold data.
 */
// eslint-disable-next-line import/no-extraneous-dependencies
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

type Replaces = 'yes' | 'no' | 'maybe';

/** The parts of the database's property and type entries this module reads. */
interface SpecProperty {
  readonly type: SpecType;
  readonly causesReplacement?: Replaces;
}
interface SpecType {
  readonly type: string;
  readonly element?: SpecType;
  readonly reference?: { readonly $ref: string };
}
interface SpecResource {
  readonly properties: Record<string, SpecProperty>;
  readonly primaryIdentifier?: string[];
  readonly isStateful?: boolean;
  readonly arnTemplate?: string;
}

let database: ReturnType<typeof loadAwsServiceSpecSync> | undefined;
const resources = new Map<string, SpecResource | undefined>();

function db(): ReturnType<typeof loadAwsServiceSpecSync> {
  database ??= loadAwsServiceSpecSync();
  return database;
}

/** The schema of a CloudFormation resource type, or undefined for custom resources and unknown types. */
export function resourceSchema(type: string): SpecResource | undefined {
  if (!resources.has(type)) {
    const found = type.startsWith('AWS::') ? db().lookup('resource', 'cloudFormationType', 'equals', type) : [];
    resources.set(type, found.length === 1 ? (found[0] as unknown as SpecResource) : undefined);
  }
  return resources.get(type);
}

/**
 * Types that hold data or state a user relies on beyond the template. The schemas mark buckets and
 * keys (`isStateful`); aliases (what replication and grants name a key by), access points (their
 * alias is what clients use), distributions (their domain) and topics (their subscriptions are made
 * outside the template) are added here.
 */
const STATEFUL_BEYOND_SCHEMA = ['AWS::KMS::Alias', 'AWS::S3::MultiRegionAccessPoint', 'AWS::CloudFront::Distribution', 'AWS::SNS::Topic'];

export function isStateful(type: string): boolean {
  return STATEFUL_BEYOND_SCHEMA.includes(type) || resourceSchema(type)?.isStateful === true;
}

/**
 * The property that holds a resource's custom physical name (`BucketName`, `AliasName`, `Name` of
 * an access point, `AlarmName`...): a property ending in `Name` whose change replaces the resource,
 * the primary identifier first.
 */
export function nameProperty(type: string): string | undefined {
  const schema = resourceSchema(type);
  if (!schema) return undefined;
  const names = Object.entries(schema.properties)
    .filter(([key, p]) => /Name$/.test(key) && key !== 'DisplayName' && p.causesReplacement === 'yes')
    .map(([key]) => key);
  return names.find((n) => schema.primaryIdentifier?.includes(n)) ?? names[0];
}

/** Where a physical name must be unique: in the partition (every account), the account, or the account's Region. */
export type NameScope = 'partition' | 'account' | 'region';

/**
 * Types whose schema has no ARN template to read the scope from, with the page that gives it.
 * - An access point policy is named by its access point (`MrapName`), one per access point, and
 *   "Multi-Region Access Point names ... must be unique within a single AWS account"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRestrictions.html).
 */
const SCOPE_BEYOND_SCHEMA: Record<string, NameScope> = {
  'AWS::S3::MultiRegionAccessPointPolicy': 'account',
};

/**
 * Where the custom name of `type` (its `nameProperty`) must be unique, or undefined when that
 * property does not identify the resource (a certificate's `DomainName`: many certificates may
 * name one domain). The name identifies the resource when it is (part of) the primary identifier
 * or of the ARN; the scope is what the schema's ARN template keeps besides the name:
 * `arn:${Partition}:s3:::${BucketName}` is unique in the partition (bucket names are global),
 * `arn:${Partition}:iam::${Account}:role/...` in the account (IAM, Multi-Region Access Points,
 * CloudWatch dashboards, CloudFront functions), one with `${Region}` in the account's Region.
 */
export function nameScope(type: string): NameScope | undefined {
  const key = nameProperty(type);
  const schema = resourceSchema(type);
  if (!key || !schema) return undefined;
  const arn = schema.arnTemplate;
  const inArn = arn !== undefined && new RegExp(`\\$\\{${key}`).test(arn);
  if (!inArn && !schema.primaryIdentifier?.includes(key)) return undefined;
  if (SCOPE_BEYOND_SCHEMA[type]) return SCOPE_BEYOND_SCHEMA[type];
  if (arn === undefined || arn.includes('${Region}')) return 'region';
  return arn.includes('${Account}') ? 'account' : 'partition';
}

/**
 * Whether changing `before` to `after` (both resolved) in property `key` of `type` replaces the
 * resource: 'yes' when the property, or a nested property that differs, causes replacement.
 */
export function replacementOf(type: string, key: string, before: unknown, after: unknown): Replaces {
  const prop = resourceSchema(type)?.properties[key];
  if (!prop) return 'no';
  return propertyReplaces(prop, before, after);
}

function propertyReplaces(prop: SpecProperty, before: unknown, after: unknown): Replaces {
  if (prop.causesReplacement === 'yes' || prop.causesReplacement === 'maybe') return prop.causesReplacement;
  return typeReplaces(prop.type, before, after);
}

function typeReplaces(type: SpecType, before: unknown, after: unknown): Replaces {
  if (type.type === 'array' && type.element && Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return worst(Array.from({ length }, (_, i) => typeReplaces(type.element!, before[i], after[i])));
  }
  if (type.type === 'ref' && type.reference) {
    const definition = db().get('typeDefinition', type.reference.$ref) as unknown as { properties: Record<string, SpecProperty> } | undefined;
    if (!definition) return 'no';
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    return worst(Object.entries(definition.properties)
      .filter(([k]) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
      .map(([k, p]) => propertyReplaces(p, b[k], a[k])));
  }
  return 'no';
}

function worst(all: Replaces[]): Replaces {
  return all.includes('yes') ? 'yes' : all.includes('maybe') ? 'maybe' : 'no';
}
