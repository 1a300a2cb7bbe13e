/**
 * Key alias names and ARNs are literals under every flag set users have: under
 * `@aws-cdk/aws-kms:aliasNameRef` (recommended for new apps) `Alias.aliasName` is a `Ref` of the
 * alias, which another stack reads through `Fn::GetStackOutput` (weak references) or an export
 * (strong). The library names keys by the literal alias name it gave them (src/private/keys.ts).
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { crossStackReads } from './matrix';
import { MultiRegionBucket, RegionalBucket, ReplicationMesh } from '../../src';
import { appWithFlags, FLAG_SET_NAMES } from '../util/flags';
import { ACCOUNT } from '../util/stacks';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

describe.each(FLAG_SET_NAMES)('under the %s flags', (flags) => {
  test('a three-Region SSE-KMS MultiRegionBucket names every key by its literal alias name and ARN', () => {
    const app = appWithFlags(flags);
    const site = new MultiRegionBucket(app, 'Site', { regions: REGIONS, account: ACCOUNT, encryption: s3.BucketEncryption.KMS });
    const assembly = app.synth();
    expect(crossStackReads(assembly)).toEqual([]);

    const global = JSON.stringify(assembly.getStackArtifact(site.globalStack.artifactId).template);
    for (const region of REGIONS) {
      const aliasName = `alias/Site-${region}`;
      // The alias a Regional stack creates has that name...
      expect(site.stackIn(region).resolve((site.keyAliasIn(region)!.node.defaultChild as kms.CfnAlias).aliasName)).toBe(aliasName);
      // ... and the global stack names it literally: in the replication role's key conditions and
      // in the replication configuration (replica keys).
      expect(global).toContain(`"kms:ResourceAliases":"${aliasName}"`);
      expect(global).toContain(`arn:aws:kms:${region}:${ACCOUNT}:${aliasName}`);
    }
  });

  test("a ReplicationMesh over a user's buckets whose keys have aliases names them literally", () => {
    const app = appWithFlags(flags);
    const buckets = REGIONS.map((region) => {
      const stack = new Stack(app, `Data-${region}`, { env: { account: ACCOUNT, region } });
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      const alias = key.addAlias(`alias/data-${region}`);
      // The alias, not the key: the key's ARN has an ID no other Region can read.
      return new RegionalBucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: alias, bucketName: `data-${region}-bucket` }).bucket;
    });
    const global = new Stack(app, 'Global', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    new ReplicationMesh(global, 'Mesh', { buckets });
    const assembly = app.synth();
    // The buckets have literal names and the keys literal aliases: no stack reads another's values.
    expect(crossStackReads(assembly)).toEqual([]);
    const text = JSON.stringify(assembly.getStackArtifact(global.artifactId).template);
    for (const region of REGIONS) {
      expect(text).toContain(`"kms:ResourceAliases":"alias/data-${region}"`);
      expect(text).toContain(`arn:aws:kms:${region}:${ACCOUNT}:alias/data-${region}`);
    }
  });
});
