/**
 * Integration test: a Region added to a bucket that already holds data, with `backfill`.
 *
 * The deploy is ordered so that an object exists in us-east-1 before any replication configuration
 * names the us-west-2 bucket, exactly as when a Region is added to a deployed setup:
 *   1. the Regional stacks (both buckets, no replication yet);
 *   2. probe us-east-1 (before)  writes integ/before-us-west-2.txt into the us-east-1 bucket;
 *   3. the global stack          applies two-way replication (live replication does not copy the
 *                                object written in step 2), creates the S3 Batch Replication job
 *                                in us-east-1 (backfill), and writes the routes with us-west-2
 *                                passive (traffic dial 0);
 *   4. probe us-west-2           waits (up to two hours: a Batch Operations job prepares its
 *                                manifest first) until the object is a REPLICA in the new bucket,
 *                                and reads it back: the object written before the Region was added
 *                                is readable from the new bucket;
 *   5. assertions (us-east-1)    us-west-2 is at dial 0 and us-east-1 at 100 (no traffic to the new
 *                                Region until the user activates it).
 *
 * Snapshot only (no account): npx projen integ:snapshot. Deploy: see README "Integration tests".
 */
import { AwsApiCall, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { allow, bodyOf, emptyOnDelete, integAccount, integApp, probeStack, putObject, waitForReplica } from './helpers';
import { Backfill, MultiRegionBucket } from '../../src';

const ID = 'IntegBackfill';
const OLD = 'us-east-1';
const NEW = 'us-west-2';
const KEY = `integ/before-${NEW}.txt`;
/** A Batch Operations job prepares its manifest before it runs: allow it hours, not minutes. */
const BACKFILL_WAIT = { totalTimeout: Duration.hours(2), interval: Duration.minutes(1) };

const app = integApp();
const account = integAccount();

// The stacks under test, top-level so that integ-runner compares their snapshots (helpers.ts).
const regionalStacks = [OLD, NEW].map((region) => new Stack(app, `${ID}-${region}`, { env: { account, region } }));
const globalStack = new Stack(app, `${ID}-global`, { env: { account, region: OLD } });

const site = new MultiRegionBucket(app, ID, {
  regions: [OLD, NEW],
  account,
  regionalStacks,
  globalStack,
  // us-west-2 is the Region being added: its bucket receives the objects us-east-1 already holds.
  backfill: Backfill.existingObjects({ regions: [NEW] }),
  removalPolicy: RemovalPolicy.DESTROY,
});
for (const bucket of site.buckets) emptyOnDelete(bucket.bucket);
const bucketIn = (region: string) => site.bucketIn(region).bucket;

// Written after the buckets exist and before the global stack configures replication.
const before = probeStack(app, `${ID}-probe-before-${OLD}`, account, OLD, regionalStacks);
putObject(before, bucketIn(OLD), KEY);
globalStack.addStackDependency(before, 'the object must exist before replication names the new bucket');

const probeNew = probeStack(app, `${ID}-probe-${NEW}`, account, NEW, [globalStack]);
const read = new AwsApiCall(probeNew, 'ReadBackfilled', { service: 'S3', api: 'getObject', parameters: { Bucket: bucketIn(NEW).bucketName, Key: KEY } });
read.expect(ExpectedResult.objectLike({ Body: bodyOf(KEY, OLD) }));
allow(read, ['s3:GetObject']);
waitForReplica(probeNew, bucketIn(NEW), KEY, BACKFILL_WAIT).next(read);

const assertions = new Stack(app, `${ID}-assertions`, { env: { account, region: OLD } });
assertions.addStackDependency(probeNew);

const test = new IntegTest(app, `${ID}Test`, {
  testCases: [...regionalStacks, globalStack],
  assertionStack: assertions,
  // The update workflow would first deploy the committed snapshot, whose account is integ-runner's
  // placeholder: it cannot deploy anywhere.
  stackUpdateWorkflow: false,
});

const target = { AccountId: account, Mrap: site.accessPoint.multiRegionAccessPointArn };
const routeIs = (region: string, dial: number) => test.assertions
  .awsApiCall('S3Control', 'getMultiRegionAccessPointRoutes', target)
  .expect(ExpectedResult.objectLike({ Routes: Match.arrayWith([Match.objectLike({ Region: region, TrafficDialPercentage: dial })]) }));

routeIs(NEW, 0).next(routeIs(OLD, 100));

app.synth();
