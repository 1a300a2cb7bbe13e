/**
 * The architecture with this library: one MultiRegionBucket call.
 */
import { App } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ACCOUNT, APP_ID, Mode } from './common';
import { MultiRegionBucket, Replication } from '../../src';

export function build(app: App, regions: string[], mode: Mode): void {
  if (mode === 'two-way') {
    new MultiRegionBucket(app, APP_ID, {
      regions,
      account: ACCOUNT,
      // Two-way replication and active-active routing are the defaults.
      replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
      distribution: {},
    });
  } else {
    new MultiRegionBucket(app, APP_ID, {
      regions,
      account: ACCOUNT,
      // With one-way replication the access point routes everything to the primary by default.
      replication: Replication.oneWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
    });
  }
}
