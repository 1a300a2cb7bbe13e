import { PolicyDocument } from '../util/iam-simulation';
import { ResolvedAssembly } from '../util/resolve';

/**
 * What an example's cloud assembly contains that decides who may do what, found by resource type
 * and by the references between resources (never by name), with every intrinsic resolved.
 */
export interface ExampleModel {
  /**
   * The account of the app: of every stack, or, when the stacks span accounts, of the stacks that
   * hold the access points and distributions. Resources of other accounts carry their own.
   */
  readonly account: string;
  readonly buckets: BucketInfo[];
  readonly accessPoints: AccessPointInfo[];
  readonly distributions: DistributionInfo[];
  readonly roles: RoleInfo[];
  readonly replications: ReplicationInfo[];
  readonly keys: KeyInfo[];
}

/** A bucket the app defines, or one it only references (an imported bucket). */
export interface BucketInfo {
  readonly name: string;
  readonly arn: string;
  readonly region?: string;
  /** The stack that defines it; undefined for a bucket the app only references. */
  readonly stack?: string;
  /** The account of its stack; undefined for a bucket the app only references. */
  readonly account?: string;
  /** Its bucket policy: the app's, or for a referenced bucket the statement the app outputs for its owner to add. */
  readonly policy?: PolicyDocument;
  readonly policySource: 'app' | 'delegation statement output' | 'none';
  /** Where its server access logs go. */
  readonly logs?: { readonly bucket: string; readonly prefix: string };
  /** Its SSE-KMS key, when the app defines it. */
  readonly key?: KeyInfo;
}

export interface AccessPointInfo {
  readonly stack: string;
  readonly name: string;
  readonly arn: string;
  readonly buckets: BucketInfo[];
  readonly policy?: PolicyDocument;
}

export interface DistributionInfo {
  readonly stack: string;
  readonly id: string;
  readonly arn: string;
  readonly origins: Array<{ readonly accessPoint: AccessPointInfo } | { readonly bucket: BucketInfo }>;
}

export interface RoleInfo {
  readonly stack: string;
  readonly logicalId: string;
  readonly arn: string;
  /** Every customer managed, inline and embedded policy of the role, resolved. */
  readonly policies: PolicyDocument[];
  /** AWS managed policies (by ARN): not in the assembly. */
  readonly awsManagedPolicies: string[];
}

export interface ReplicationInfo {
  /** The resource that applies the configuration (a bucket's own property, or a custom resource). */
  readonly configuredBy: string;
  readonly source: BucketInfo;
  readonly role: RoleInfo;
  readonly destinations: Array<{ readonly bucket: BucketInfo; readonly replicaKey?: KeyInfo }>;
  /** Whether SSE-KMS objects are replicated (and so decrypted with the source's key). */
  readonly kmsObjects: boolean;
  /** The key prefix of each rule ('' for a rule over the whole bucket). */
  readonly prefixes: string[];
}

export interface KeyInfo {
  readonly stack: string;
  /** The account of its stack. */
  readonly account: string;
  readonly arn: string;
  readonly region: string;
  readonly aliases: string[];
  readonly policy: PolicyDocument;
}

const REPLICATION_CALL = 'PutBucketReplication';

/** Reads the model out of a resolved assembly. Fails on anything it cannot place. */
export function discover(assembly: ResolvedAssembly): ExampleModel {
  const stacks = assembly.stackNames;
  const accountOf = (stack: string) => assembly.stack(stack).environment.account;
  const all = (type: string) =>
    stacks.flatMap((stack) => Object.entries(assembly.resources(stack, type)).map(([logicalId, r]) => ({ stack, logicalId, props: r.Properties })));
  // One account, or (buckets of other accounts behind an access point) one account for the access points and distributions.
  let accounts = new Set(stacks.map(accountOf));
  if (accounts.size > 1) {
    accounts = new Set([...all('AWS::S3::MultiRegionAccessPoint'), ...all('AWS::CloudFront::Distribution')].map((r) => accountOf(r.stack)));
  }
  if (accounts.size !== 1) throw new Error(`expected one account, or one for the access points and distributions, got ${[...accounts].join(', ')}`);
  const account = [...accounts][0];

  // KMS keys and their aliases.
  const keys: KeyInfo[] = [];
  const keyIds = new Map<string, KeyInfo>();
  for (const { stack, logicalId, props } of all('AWS::KMS::Key')) {
    const region = assembly.stack(stack).environment.region;
    const key: KeyInfo = { stack, account: accountOf(stack), arn: assembly.getAtt(stack, logicalId, 'Arn'), region, aliases: [], policy: props.KeyPolicy };
    keys.push(key);
    keyIds.set(assembly.ref(stack, logicalId), key);
    keyIds.set(key.arn, key);
  }
  for (const { props } of all('AWS::KMS::Alias')) {
    const key = keyIds.get(props.TargetKeyId);
    if (!key) throw new Error(`alias ${props.AliasName} targets a key the app does not define: ${props.TargetKeyId}`);
    key.aliases.push(props.AliasName);
  }
  /** A key by ID, ARN or alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`). */
  const keyOf = (reference: string): KeyInfo | undefined => {
    const alias = /^arn:aws:kms:([^:]+):\d{12}:(alias\/.+)$/.exec(reference);
    if (alias) return keys.find((k) => k.region === alias[1] && k.aliases.includes(alias[2]));
    return keyIds.get(reference);
  };

  // Buckets the app defines, with their policies and logging.
  const bucketPolicies = all('AWS::S3::BucketPolicy');
  const buckets = new Map<string, BucketInfo>();
  for (const { stack, logicalId, props } of all('AWS::S3::Bucket')) {
    const name = assembly.ref(stack, logicalId);
    const policies = bucketPolicies.filter((p) => p.props.Bucket === name);
    if (policies.length > 1) throw new Error(`bucket ${name} has ${policies.length} bucket policies`);
    const kmsKey = props.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
    buckets.set(name, {
      name,
      arn: assembly.getAtt(stack, logicalId, 'Arn'),
      region: assembly.stack(stack).environment.region,
      stack,
      account: accountOf(stack),
      policy: policies[0]?.props.PolicyDocument,
      policySource: policies.length > 0 ? 'app' : 'none',
      logs: props.LoggingConfiguration?.DestinationBucketName
        ? { bucket: props.LoggingConfiguration.DestinationBucketName, prefix: props.LoggingConfiguration.LogFilePrefix ?? '' }
        : undefined,
      key: kmsKey ? keyOf(kmsKey) : undefined,
    });
  }

  // Statements the app outputs for the owners of buckets it does not define.
  const outputStatements = stacks.flatMap((stack) =>
    Object.values<any>(assembly.stack(stack).template.Outputs ?? {})
      .filter((o) => typeof o.Value === 'string' && o.Value.startsWith('{'))
      .map((o) => assembly.resolve(stack, JSON.parse(o.Value)))
      .filter((s) => s.Effect && s.Resource));
  /** A bucket by name: one the app defines, or one it references. */
  const bucketNamed = (name: string, region?: string): BucketInfo => {
    const known = buckets.get(name);
    if (known) return known;
    const arn = `arn:aws:s3:::${name}`;
    const statements = outputStatements.filter((s) => [s.Resource].flat().includes(arn));
    const referenced: BucketInfo = {
      name,
      arn,
      region,
      policy: statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined,
      policySource: statements.length > 0 ? 'delegation statement output' : 'none',
    };
    buckets.set(name, referenced);
    return referenced;
  };

  // Multi-Region Access Points and their policies.
  const accessPointPolicies = all('AWS::S3::MultiRegionAccessPointPolicy');
  const accessPoints = all('AWS::S3::MultiRegionAccessPoint').map(({ stack, logicalId, props }): AccessPointInfo => {
    const policies = accessPointPolicies.filter((p) => p.props.MrapName === props.Name);
    return {
      stack,
      name: props.Name,
      arn: `arn:aws:s3::${accountOf(stack)}:accesspoint/${assembly.getAtt(stack, logicalId, 'Alias')}`,
      buckets: props.Regions.map((r: { Bucket: string }) => bucketNamed(r.Bucket)),
      policy: policies[0]?.props.Policy,
    };
  });

  // Distributions and what their origins are.
  const distributions = all('AWS::CloudFront::Distribution').map(({ stack, logicalId, props }): DistributionInfo => {
    const id = assembly.ref(stack, logicalId);
    const origins = (props.DistributionConfig.Origins as Array<{ DomainName: string }>).map(({ DomainName: domain }) => {
      const accessPoint = accessPoints.find((a) => domain === `${a.arn.split('/').pop()}.accesspoint.s3-global.amazonaws.com`);
      if (accessPoint) return { accessPoint };
      const bucket = [...buckets.values()].find((b) => domain === `${b.name}.s3.${b.region}.amazonaws.com` || domain === `${b.name}.s3.amazonaws.com`);
      if (bucket) return { bucket };
      throw new Error(`distribution ${id} has an origin that is neither an access point nor a bucket of the app: ${domain}`);
    });
    return { stack, id, arn: `arn:aws:cloudfront::${accountOf(stack)}:distribution/${id}`, origins };
  });

  // Roles with every policy attached to them.
  const managedPolicies = all('AWS::IAM::ManagedPolicy');
  const inlinePolicies = all('AWS::IAM::Policy');
  const roles = all('AWS::IAM::Role').map(({ stack, logicalId, props }): RoleInfo => {
    const name = assembly.ref(stack, logicalId);
    const attached: string[] = props.ManagedPolicyArns ?? [];
    const customer = managedPolicies.filter((p) => (p.props.Roles ?? []).includes(name) || attached.includes(assembly.ref(p.stack, p.logicalId)));
    const awsManaged = attached.filter((arn) => arn.startsWith('arn:aws:iam::aws:policy/'));
    const unknown = attached.filter((arn) => !awsManaged.includes(arn) && !customer.some((p) => assembly.ref(p.stack, p.logicalId) === arn));
    if (unknown.length > 0) throw new Error(`role ${name} has managed policies the app does not define: ${unknown.join(', ')}`);
    return {
      stack,
      logicalId,
      arn: assembly.getAtt(stack, logicalId, 'Arn'),
      policies: [
        ...customer.map((p) => p.props.PolicyDocument),
        ...inlinePolicies.filter((p) => (p.props.Roles ?? []).includes(name)).map((p) => p.props.PolicyDocument),
        ...(props.Policies ?? []).map((p: { PolicyDocument: PolicyDocument }) => p.PolicyDocument),
      ],
      awsManagedPolicies: awsManaged,
    };
  });

  // Replication configurations: a bucket's own property, or a custom resource that puts one.
  const configurations: Array<{ configuredBy: string; bucket: string; region?: string; configuration: any }> = [];
  for (const { stack, logicalId, props } of all('AWS::S3::Bucket')) {
    if (props.ReplicationConfiguration) {
      configurations.push({ configuredBy: `${stack}/${logicalId}`, bucket: assembly.ref(stack, logicalId), configuration: props.ReplicationConfiguration });
    }
  }
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(assembly.resources(stack))) {
      const create = resource.Properties?.Create;
      if (typeof create !== 'string' || !create.includes(REPLICATION_CALL)) continue;
      const call = JSON.parse(create);
      if (call.action !== REPLICATION_CALL) continue;
      configurations.push({ configuredBy: `${stack}/${logicalId}`, bucket: call.parameters.Bucket, region: call.region, configuration: call.parameters.ReplicationConfiguration });
    }
  }
  const replications = configurations.map(({ configuredBy, bucket, region, configuration }): ReplicationInfo => {
    const role = roles.find((r) => r.arn === configuration.Role);
    if (!role) throw new Error(`${configuredBy}: the replication role ${configuration.Role} is not a role of the app`);
    const rules: any[] = configuration.Rules;
    const destinations = rules.map((rule) => {
      const destination = bucketNamed(rule.Destination.Bucket.replace(/^arn:aws:s3:::/, ''));
      const keyId: string | undefined = rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
      const replicaKey = keyId ? keyOf(keyId) : undefined;
      if (keyId && !replicaKey) throw new Error(`${configuredBy}: replica key ${keyId} is not a key of the app`);
      return { bucket: destination, replicaKey };
    });
    return {
      configuredBy,
      source: bucketNamed(bucket, region),
      role,
      destinations: destinations.filter((d, i) => destinations.findIndex((o) => o.bucket === d.bucket) === i),
      kmsObjects: rules.some((rule) => rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled'),
      prefixes: rules.map((rule) => rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? ''),
    };
  });

  return { account, buckets: [...buckets.values()], accessPoints, distributions, roles, replications, keys };
}
