import { App, Stack } from 'aws-cdk-lib';
import { RegionalBucket, RegionalBucketProps, ReplicationMesh, ReplicationMeshProps } from '../../src';
import { ACCOUNT } from '../util/stacks';

/** The Regions of the three-Region test app, and the Region of its global stack. */
export const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
export const GLOBAL_REGION = 'us-east-1';

/** A three-Region two-way replication app, shaped like a multi-Region bucket. */
export interface MeshApp {
  readonly app: App;
  readonly regional: Stack[];
  readonly buckets: RegionalBucket[];
  readonly global: Stack;
  readonly mesh: ReplicationMesh;
}

/**
 * Three regional stacks, each with a RegionalBucket, and a global stack in us-east-1 with the
 * ReplicationMesh over them.
 */
export function meshApp(options: { bucket?: (region: string) => RegionalBucketProps; mesh?: Partial<ReplicationMeshProps> } = {}): MeshApp {
  const app = new App();
  const regional = REGIONS.map((region) => new Stack(app, `Data-${region}`, { env: { account: ACCOUNT, region } }));
  const buckets = regional.map((stack) => new RegionalBucket(stack, 'Data', options.bucket?.(stack.region)));
  const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: GLOBAL_REGION } });
  const mesh = new ReplicationMesh(global, 'Replication', { buckets: buckets.map((b) => b.bucket), ...options.mesh });
  return { app, regional, buckets, global, mesh };
}

/** A stack in `region` of the test account, in an existing app. */
export function stackIn(app: App, id: string, region: string): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

/** A source bucket in eu-west-1 (stack Source) and a destination bucket in us-east-1 (stack Destination). */
export function replicationFixture() {
  const app = new App();
  const sourceStack = stackIn(app, 'Source', 'eu-west-1');
  const destinationStack = stackIn(app, 'Destination', 'us-east-1');
  const source = new RegionalBucket(sourceStack, 'Data', { bucketName: 'source-eu-west-1' }).bucket;
  const destination = new RegionalBucket(destinationStack, 'Replica', { bucketName: 'replica-us-east-1' }).bucket;
  return { app, sourceStack, destinationStack, source, destination };
}
export type ReplicationFixture = ReturnType<typeof replicationFixture>;

/** The parsed SDK call (`Create`, `Update` or `Delete`) of an AwsCustomResource, with tokens left as JSON. */
export function sdkCall(app: App, stack: Stack, logicalId: string, which: 'Create' | 'Update' | 'Delete'): any {
  const template = app.synth().getStackByName(stack.stackName).template;
  const value = template.Resources[logicalId].Properties[which];
  if (typeof value === 'string') return JSON.parse(value);
  // Fn::Join of string fragments and intrinsics: put a marker in place of each intrinsic.
  const [, parts] = value['Fn::Join'];
  return JSON.parse(parts.map((p: unknown) => (typeof p === 'string' ? p : `<${JSON.stringify(p).replace(/"/g, "'")}>`)).join(''));
}
