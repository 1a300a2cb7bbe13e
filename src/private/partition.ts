import { Aws, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * The partition of `region` as a literal (`aws`, `aws-cn`, ...) when the Region is a known name,
 * otherwise the `AWS::Partition` pseudo parameter.
 *
 * An ARN built with a literal partition is a plain string in the template instead of an
 * `Fn::Join` around a `Ref`: a 17-Region replication mesh names buckets in ARNs thousands of
 * times, and the joins made up about a fifth of its global stack's template. A resource's
 * partition is the partition of its Region, so the literal is never wrong.
 */
export function partitionOf(region: string | undefined): string {
  if (region === undefined || Token.isUnresolved(region)) return Aws.PARTITION;
  return RegionInfo.get(region).partition ?? Aws.PARTITION;
}
