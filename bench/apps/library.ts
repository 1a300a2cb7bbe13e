/**
 * The architecture with this library: one MultiRegionBucket call.
 */
import { App } from 'aws-cdk-lib';
import { ACCOUNT, APP_ID, Mode } from './common';
import { MultiRegionBucket, ReplicationMode } from '../../src';

export function build(app: App, regions: string[], mode: Mode): void {
  if (mode === 'two-way') {
    new MultiRegionBucket(app, APP_ID, {
      regions,
      account: ACCOUNT,
      // Two-way replication and active-active routing are the defaults.
      replicationOptions: { replicationTimeControl: true },
      distribution: {},
    });
  } else {
    new MultiRegionBucket(app, APP_ID, {
      regions,
      account: ACCOUNT,
      replication: ReplicationMode.ONE_WAY,
      // With one-way replication the access point routes everything to the primary by default.
      replicationOptions: { replicationTimeControl: true },
    });
  }
}
