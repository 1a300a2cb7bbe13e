/**
 * Integration test: the default setup (as in examples/active-active-site) in three Regions, two-way
 * replication with Replication Time Control, every Region active, CloudFront in front.
 *
 * After the stacks under test are deployed:
 *   1. probe us-east-1       writes integ/from-us-east-1.txt into the us-east-1 bucket
 *   2. probe eu-west-1       waits for that object to arrive as a REPLICA; writes integ/from-eu-west-1.txt
 *   3. probe ap-southeast-2  waits for both as REPLICAs; writes integ/from-ap-southeast-2.txt
 *   4. assertions (us-east-1):
 *      - the eu-west-1 and ap-southeast-2 objects arrive in us-east-1 as REPLICAs (two-way);
 *      - CloudFront (SigV4A OAC -> Multi-Region Access Point -> the closest bucket) serves all
 *        three objects with status 200 and the body that was written;
 *      - GetMultiRegionAccessPointRoutes reports a traffic dial of 100 for every Region.
 *
 * Snapshot only (no account): npx projen integ:snapshot. Deploy: see CONTRIBUTING.md "Integration tests".
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { bodyOf, emptyOnDelete, integAccount, integApp, probeStack, putObject, WAIT, waitForReplica } from './helpers';
import { MultiRegionBucket, Replication } from '../../src';

const ID = 'IntegActiveActive';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const [US, EU, AP] = REGIONS;
const key = (region: string) => `integ/from-${region}.txt`;

const app = integApp();
const account = integAccount();

// The stacks under test, top-level so that integ-runner compares their snapshots (helpers.ts).
const regionalStacks = REGIONS.map((region) => new Stack(app, `${ID}-${region}`, { env: { account, region } }));
const globalStack = new Stack(app, `${ID}-global`, { env: { account, region: US } });

const site = new MultiRegionBucket(app, ID, {
  regions: REGIONS,
  account,
  regionalStacks,
  globalStack,
  replication: Replication.twoWay({ replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES }),
  distribution: { comment: 'cdk-multi-region-bucket integ active-active', enableLogging: false },
  // Leave nothing behind: the library's default is RETAIN. Server access logs and CloudFront logs
  // are off because their delivery can write into a log bucket after it was emptied.
  removalPolicy: RemovalPolicy.DESTROY,
  serverAccessLogs: false,
});
for (const bucket of site.buckets) emptyOnDelete(bucket.bucket);
const bucketIn = (region: string) => site.bucketIn(region).bucket;

// 1-3: writes and replica checks in each Region, in this order.
const probeUs = probeStack(app, `${ID}-probe-${US}`, account, US, [globalStack]);
putObject(probeUs, bucketIn(US), key(US));

const probeEu = probeStack(app, `${ID}-probe-${EU}`, account, EU, [probeUs]);
waitForReplica(probeEu, bucketIn(EU), key(US));
putObject(probeEu, bucketIn(EU), key(EU));

const probeAp = probeStack(app, `${ID}-probe-${AP}`, account, AP, [probeEu]);
waitForReplica(probeAp, bucketIn(AP), key(US));
waitForReplica(probeAp, bucketIn(AP), key(EU));
putObject(probeAp, bucketIn(AP), key(AP));

// 4: the assertion stack, in the global Region so that it can name the distribution and the
// access point (same-Region references); it deploys after the probes.
const assertions = new Stack(app, `${ID}-assertions`, { env: { account, region: US } });
assertions.addStackDependency(probeAp);

const test = new IntegTest(app, `${ID}Test`, {
  testCases: [...regionalStacks, globalStack],
  assertionStack: assertions,
  // The update workflow would first deploy the committed snapshot, whose account is integ-runner's
  // placeholder: it cannot deploy anywhere.
  stackUpdateWorkflow: false,
});

waitForReplica(assertions, bucketIn(US), key(EU));
waitForReplica(assertions, bucketIn(US), key(AP));

for (const region of REGIONS) {
  test.assertions
    .httpApiCall(`https://${site.distribution!.domainName}/${key(region)}`)
    .expect(ExpectedResult.objectLike({ status: 200, body: bodyOf(key(region), region) }))
    .waitForAssertions(WAIT);
}

// Every Region active (S3's default: this app writes no routes). One assertion per Region,
// because the order of the routes in the response is not documented.
for (const region of REGIONS) {
  test.assertions
    .awsApiCall('S3Control', 'getMultiRegionAccessPointRoutes', { AccountId: account, Mrap: site.accessPoint.multiRegionAccessPointArn })
    .expect(ExpectedResult.objectLike({ Routes: Match.arrayWith([Match.objectLike({ Region: region, TrafficDialPercentage: 100 })]) }));
}

app.synth();
