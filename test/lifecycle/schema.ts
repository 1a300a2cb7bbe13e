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
