import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketReplication, RegionalBucket } from '../../src';
import { DeliveryModel, discoverDelivery } from '../delivery/delivery-model';
import { synthExample, typeScriptExamples } from '../util/examples';
import { configurationApp, crossAccountAccessPointApp, FEATURE_CONFIGURATIONS } from '../util/feature-apps';
import { ResolvedAssembly } from '../util/resolve';

/** A bucket the app defines, with its resolved CloudFormation properties. */
export interface BucketResource {
  readonly name: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly account: string;
  readonly region: string;
  readonly props: any;
}

/** One replication configuration: a bucket's own property, or an AwsCustomResource's PutBucketReplication. */
export interface ReplicationConfig {
  readonly source: string;
  readonly role: string;
  readonly rules: any[];
  /** `<stack>/<logicalId>` of the resource that applies it. */
  readonly appliedBy: string;
}

/** One synthesized app the ledger checks, and what its assembly contains. */
export interface LedgerApp {
  readonly name: string;
  readonly assembly: ResolvedAssembly;
  readonly model: DeliveryModel;
  readonly buckets: Map<string, BucketResource>;
  readonly replications: ReplicationConfig[];
  /** Every resource of every stack, resolved, with its stack and logical ID. */
  all(type: string): Array<{ stack: string; logicalId: string; props: any }>;
  /** The raw (unresolved) template entry of a resource, for DependsOn. */
  raw(stack: string, logicalId: string): any;
}

function ledgerApp(name: string, assembly: ResolvedAssembly): LedgerApp {
  const model = discoverDelivery(assembly);
  const all = (type: string) => assembly.stackNames.flatMap((stack) =>
    Object.entries(assembly.resources(stack, type)).map(([logicalId, r]) => ({ stack, logicalId, props: r.Properties })));
  const buckets = new Map<string, BucketResource>();
  for (const { stack, logicalId, props } of all('AWS::S3::Bucket')) {
    const env = assembly.stack(stack).environment;
    const bucketName = assembly.ref(stack, logicalId);
    buckets.set(bucketName, { name: bucketName, stack, logicalId, account: env.account, region: env.region, props });
  }
  const replications: ReplicationConfig[] = [];
  for (const b of buckets.values()) {
    const config = b.props.ReplicationConfiguration;
    if (config) replications.push({ source: b.name, role: config.Role, rules: config.Rules, appliedBy: `${b.stack}/${b.logicalId}` });
  }
  for (const call of model.sdkCalls.filter((c) => c.action === 'PutBucketReplication')) {
    const config = call.parameters.ReplicationConfiguration;
    replications.push({ source: call.parameters.Bucket, role: config.Role, rules: config.Rules, appliedBy: call.resource });
  }
  return {
    name,
    assembly,
    model,
    buckets,
    replications,
    all,
    raw: (stack, logicalId) => assembly.stack(stack).template.Resources[logicalId],
  };
}


/** SSE-KMS replication into a bucket and key of another account, replicas owned by that account. */
function crossAccountReplication(): ResolvedAssembly {
  const app = new App();
  const workload = new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-west-1' } });
  const backup = new Stack(app, 'Backup', { env: { account: '333333333333', region: 'us-east-1' } });
  const source = new RegionalBucket(workload, 'Data', { bucketName: 'ledger-workload-eu-west-1', encryption: s3.BucketEncryption.KMS });
  const destination = new RegionalBucket(backup, 'Backup', { bucketName: 'ledger-backup-us-east-1', encryption: s3.BucketEncryption.KMS });
  new BucketReplication(workload, 'Replication', {
    source: source.bucket,
    destinations: [{ bucket: destination.bucket, kmsKey: destination.encryptionKey!.addAlias('alias/ledger-backup'), accessControlTransition: true }],
  });
  return ResolvedAssembly.fromApp(app);
}


/** Every app the ledger checks: the TypeScript examples and the apps above, synthesized once. */
export function ledgerApps(): LedgerApp[] {
  return [
    ...typeScriptExamples().map((name) => ledgerApp(`example ${name}`, new ResolvedAssembly(synthExample(name)))),
    ...FEATURE_CONFIGURATIONS.map((c) => ledgerApp(c.name, configurationApp('Ledger', c.configuration, c.extra))),
    ledgerApp('SSE-KMS replication into another account, replicas owned by it', crossAccountReplication()),
    ledgerApp('an access point over an SSE-KMS bucket of another account, CloudFront reading and writing', crossAccountAccessPointApp([cloudfront.AccessLevel.READ, cloudfront.AccessLevel.WRITE])),
  ];
}
