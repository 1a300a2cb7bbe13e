/**
 * The Regional failover origin names a bucket by its literal name, also the bucket of the
 * distribution's own Region (another stack of the same environment), which was read through
 * `Fn::GetStackOutput`: a value one stack reads from another, which ADR 0014 and 0024 rule out.
 */
import * as s3 from 'aws-cdk-lib/aws-s3';
import { crossStackReads } from './matrix';
import { DistributionOrigin, MultiRegionBucket } from '../../src';
import { appWithFlags, FLAG_SET_NAMES } from '../util/flags';
import { ACCOUNT } from '../util/stacks';

test.each([...FLAG_SET_NAMES])('under the %s flags, each origin of a Regional failover distribution is the literal Regional endpoint of its bucket', (flags) => {
  const app = appWithFlags(flags);
  const site = new MultiRegionBucket(app, 'Site', {
    // The global stack is in us-east-1, like the first bucket's stack.
    regions: ['us-east-1', 'eu-west-1'],
    account: ACCOUNT,
    distribution: { origin: DistributionOrigin.regionalFailover() },
  });
  const assembly = app.synth();
  expect(crossStackReads(assembly)).toEqual([]);
  const global = assembly.getStackArtifact(site.globalStack.artifactId).template;
  const distribution = Object.values<any>(global.Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution');
  const domains = distribution.Properties.DistributionConfig.Origins.map((o: any) => JSON.stringify(o.DomainName));
  for (const region of ['us-east-1', 'eu-west-1']) {
    const name = site.stackIn(region).resolve((site.bucketIn(region).bucket.node.defaultChild as s3.CfnBucket).bucketName);
    expect(typeof name).toBe('string');
    expect(domains).toContainEqual(expect.stringContaining(`"${name}.s3.${region}."`));
  }
});
