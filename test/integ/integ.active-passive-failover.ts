/**
 * Integration test: one-way replication from us-east-1 to us-west-2 with SSE-KMS (a key per
 * Region), an active-passive Multi-Region Access Point (only us-east-1 active, as the library's
 * routes custom resource sets it), CloudFront in front; then a failover to us-west-2.
 *
 * After the stacks under test are deployed:
 *   1. probe us-east-1  writes integ/from-us-east-1.txt into the primary bucket
 *   2. probe us-west-2  waits for it to arrive as a REPLICA; writes integ/from-us-west-2.txt into
 *                       the secondary bucket only (one-way: it never reaches us-east-1)
 *   3. assertions (us-east-1), in this order:
 *      - GetMultiRegionAccessPointRoutes: us-east-1 at 100, us-west-2 at 0;
 *      - CloudFront serves integ/from-us-east-1.txt (200, its body): the KMS-encrypted object is
 *        read through SigV4A OAC, the access point and the key policy written for CloudFront;
 *      - CloudFront does not serve integ/from-us-west-2.txt (the active bucket does not have it);
 *      - SubmitMultiRegionAccessPointRoutes: us-east-1 to 0, us-west-2 to 100 (the failover);
 *      - GetMultiRegionAccessPointRoutes reports the new dials;
 *      - CloudFront serves integ/from-us-west-2.txt (200, "... written in us-west-2"): reads now
 *        go to us-west-2, the only bucket that has it (waits for the routes to take effect).
 *
 * Snapshot only (no account): npx projen integ:snapshot. Deploy: see CONTRIBUTING.md "Integration tests".
 */
import { ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { bodyOf, emptyOnDelete, integAccount, integApp, probeStack, putObject, WAIT, waitForReplica } from './helpers';
import { MultiRegionBucket, Replication } from '../../src';

const ID = 'IntegFailover';
const PRIMARY = 'us-east-1';
const SECONDARY = 'us-west-2';
const key = (region: string) => `integ/from-${region}.txt`;

const app = integApp();
const account = integAccount();

// The stacks under test, top-level so that integ-runner compares their snapshots (helpers.ts).
const regionalStacks = [PRIMARY, SECONDARY].map((region) => new Stack(app, `${ID}-${region}`, { env: { account, region } }));
const globalStack = new Stack(app, `${ID}-global`, { env: { account, region: PRIMARY } });

const site = new MultiRegionBucket(app, ID, {
  regions: [PRIMARY, SECONDARY],
  account,
  regionalStacks,
  globalStack,
  // One-way from the primary; the default routing is then active-passive with the primary active.
  replication: Replication.oneWay(),
  encryption: s3.BucketEncryption.KMS,
  distribution: { comment: 'cdk-multi-region-bucket integ active-passive failover', enableLogging: false },
  removalPolicy: RemovalPolicy.DESTROY,
  serverAccessLogs: false,
});
for (const bucket of site.buckets) emptyOnDelete(bucket.bucket);
const bucketIn = (region: string) => site.bucketIn(region).bucket;

const probePrimary = probeStack(app, `${ID}-probe-${PRIMARY}`, account, PRIMARY, [globalStack]);
putObject(probePrimary, bucketIn(PRIMARY), key(PRIMARY));

const probeSecondary = probeStack(app, `${ID}-probe-${SECONDARY}`, account, SECONDARY, [probePrimary]);
waitForReplica(probeSecondary, bucketIn(SECONDARY), key(PRIMARY))
  .next(putObject(probeSecondary, bucketIn(SECONDARY), key(SECONDARY)));

const assertions = new Stack(app, `${ID}-assertions`, { env: { account, region: PRIMARY } });
assertions.addStackDependency(probeSecondary);

const test = new IntegTest(app, `${ID}Test`, {
  testCases: [...regionalStacks, globalStack],
  assertionStack: assertions,
  // The update workflow would first deploy the committed snapshot, whose account is integ-runner's
  // placeholder: it cannot deploy anywhere.
  stackUpdateWorkflow: false,
});

const target = { AccountId: account, Mrap: site.accessPoint.multiRegionAccessPointArn };
/** Waits until S3 reports `dial` for `region` (one call per Region: the order of routes is not documented). */
const routeIs = (region: string, dial: number): IApiCall => test.assertions
  .awsApiCall('S3Control', 'getMultiRegionAccessPointRoutes', target)
  .expect(ExpectedResult.objectLike({ Routes: Match.arrayWith([Match.objectLike({ Region: region, TrafficDialPercentage: dial })]) }))
  .waitForAssertions(WAIT);
const url = (k: string) => `https://${site.distribution!.domainName}/${k}`;

const steps: IApiCall[] = [
  routeIs(PRIMARY, 100),
  routeIs(SECONDARY, 0),
  test.assertions.httpApiCall(url(key(PRIMARY)))
    .expect(ExpectedResult.objectLike({ status: 200, body: bodyOf(key(PRIMARY), PRIMARY) }))
    .waitForAssertions(WAIT),
  // 403 or 404 from the active bucket, which does not have it (not waited for: it holds at once).
  test.assertions.httpApiCall(url(key(SECONDARY)))
    .expect(ExpectedResult.objectLike({ ok: false })),
  // The failover, as an operator would do it in the console or CLI.
  test.assertions.awsApiCall('S3Control', 'submitMultiRegionAccessPointRoutes', {
    ...target,
    RouteUpdates: [
      { Region: PRIMARY, TrafficDialPercentage: 0 },
      { Region: SECONDARY, TrafficDialPercentage: 100 },
    ],
  }),
  routeIs(PRIMARY, 0),
  routeIs(SECONDARY, 100),
  // Routes take about two minutes; CloudFront caches the earlier error for 10 seconds.
  test.assertions.httpApiCall(url(key(SECONDARY)))
    .expect(ExpectedResult.objectLike({ status: 200, body: bodyOf(key(SECONDARY), SECONDARY) }))
    .waitForAssertions(WAIT),
];
steps.reduce((previous, next) => previous.next(next));

app.synth();
