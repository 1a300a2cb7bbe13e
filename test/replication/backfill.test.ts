import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Backfill, MultiRegionBucket, MultiRegionBucketProps, ReplicationMode, Routing } from '../../src';
import { expectNagClean } from '../util/nag';
import { ResolvedAssembly } from '../util/resolve';
import { ACCOUNT } from '../util/stacks';

const US = 'us-east-1';
const EU = 'eu-west-1';
const AP = 'ap-southeast-2';

function site(props: Partial<MultiRegionBucketProps> = {}) {
  const app = new App();
  const s = new MultiRegionBucket(app, 'Site', { regions: [US, EU, AP], account: ACCOUNT, backfill: Backfill.existingObjects({ regions: [AP] }), ...props });
  return { app, site: s, global: Template.fromStack(s.globalStack) };
}

/** The CreateJob call of every backfill job of a stack, resolved and parsed. */
function createJobs(assembly: ResolvedAssembly, stackName: string): any[] {
  return Object.values(assembly.resources(stackName, 'Custom::S3BatchReplicationJob')).map((r) => JSON.parse(r.Properties.Create));
}

describe('MultiRegionBucket with a Region to backfill (two-way)', () => {
  const { app, site: s, global } = site();

  test('print', () => {
    const jobs = createJobs(ResolvedAssembly.fromApp(app), 'Site-global');
    // eslint-disable-next-line no-console
    console.log(JSON.stringify(jobs, null, 1));
    expect(jobs).toHaveLength(2);
  });
});
