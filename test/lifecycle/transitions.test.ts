import { checkDestroy, checkTransition, Finding, FindingKind, Verdict } from './checker';
import { synthesize, synthStats } from './synth';
import { TRANSITIONS, TransitionRow, twoWay3Activated, twoWay3Backfill, westGlobalDomain } from './transitions';
import { synthExample } from '../util/examples';

/**
 * Findings that make a row fail besides 'fails' and 'silent': monitoring rebuilt for a pair that
 * exists before and after (alarm ids or names keyed by position) deploys, but restarts the alarms.
 */
const UNWANTED: FindingKind[] = ['monitoring-replaced'];
const problem = (f: Finding) => f.severity === 'fails' || f.severity === 'silent' || UNWANTED.includes(f.kind);

/**
 * Each deploy of a row: the row's transition, or each checked step of its runbook. A runbook's
 * steps run against what is deployed at that point (stacks a step left behind stay deployed until
 * a step deletes them), so a name an old stack still holds, or its Delete, is seen by later steps.
 */
function deploys(row: TransitionRow): Array<{ what: string; verdict: Verdict }> {
  if (row.expect === 'runbook') {
    let deployed = synthesize(row.from);
    const out: Array<{ what: string; verdict: Verdict }> = [];
    for (const step of row.steps ?? []) {
      if (step.destroy) {
        const { verdict, after } = checkDestroy(deployed, step.destroy);
        out.push({ what: step.what, verdict });
        deployed = after;
      } else if (step.to) {
        const verdict = checkTransition(deployed, synthesize(step.to));
        out.push({ what: step.what, verdict });
        deployed = verdict.deployed;
      }
    }
    return out;
  }
  return [{ what: row.change, verdict: checkTransition(synthesize(row.from), synthesize(row.to)) }];
}

const summary: string[] = [];
afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`${summary.join('\n')}\nsynthesized ${synthStats.count} configurations in ${(synthStats.ms / 1000).toFixed(1)} s`);
});

describe.each(TRANSITIONS.map((row) => [row.change, row] as const))('%s', (_, row) => {
  test(`${row.expect}`, () => {
    if (row.expect === 'refused at synth time') {
      // The error names what changed and the way out; nothing is deployed.
      expect(() => synthesize(row.to)).toThrow(row.refusal);
      summary.push(`ok   ${row.change}: refused at synth time`);
      return;
    }
    const results = deploys(row);
    if (row.expect === 'not yet safe') {
      // An open defect: the checker must still find the loss the row names (and this fails once it is fixed).
      const kinds = results.flatMap(({ verdict }) => verdict.findings.filter(problem).map((f) => f.kind));
      summary.push(`open ${row.change}: ${[...new Set(kinds)].join(', ')}`);
      expect(kinds).toEqual(expect.arrayContaining(row.defect ?? []));
      expect(row.defect?.length).toBeGreaterThan(0);
      return;
    }
    for (const { what, verdict } of results) {
      const bad = verdict.findings.filter(problem);
      summary.push(`${bad.length === 0 ? 'ok  ' : 'FAIL'} ${row.change}${results.length > 1 ? ` (step: ${what})` : ''}: ${verdict.classification}`
        + bad.map((f) => `\n       ${f.severity} ${f.kind} ${f.stack}${f.resource ? `/${f.resource}` : ''}: ${f.message}`).join(''));
    }
    expect(results.map(({ what, verdict }) => ({ what, classification: verdict.classification, problems: verdict.findings.filter(problem).map((f) => `${f.kind}: ${f.message}`) })))
      .toEqual(results.map(({ what }) => ({ what, classification: 'deploys safely', problems: [] })));
  });
});

test('the active-active-site rows start from that example\'s configuration: same stacks, same resources and properties', () => {
  const row = TRANSITIONS.find((r) => r.change.startsWith('`active-active-site`'))!;
  const strip = (template: any) => Object.fromEntries(Object.entries<any>(template.Resources ?? {})
    .map(([id, r]) => [id, { ...r, Metadata: undefined }]));
  const fromTable = synthesize(row.from).stacks.map((s) => [s.stackName, strip(s.template)]);
  const example = synthExample('active-active-site').stacks.map((s) => [s.stackName, strip(s.template)]);
  expect(fromTable).toEqual(example);
});

describe('what a user sees on active-active-site (the README says so)', () => {
  const row = (prefix: string) => TRANSITIONS.find((r) => r.change.startsWith(prefix))!;
  const ofType = (verdict: Verdict, type: string) => verdict.changes.filter((c) => c.type === type).map((c) => `${c.action} ${c.properties.join(',')}`.trim());

  test('adding a Region: a new stack, a new access point (new alias), the same distribution updated in the same deploy', () => {
    const { from, to } = row('`active-active-site`: add');
    const verdict = checkTransition(synthesize(from), synthesize(to));
    expect(verdict.order).toEqual(expect.arrayContaining(['ActiveActiveSite-us-west-2']));
    expect(verdict.order.indexOf('ActiveActiveSite-us-west-2')).toBeLessThan(verdict.order.indexOf('ActiveActiveSite-global'));
    expect(verdict.changes.filter((c) => c.stack === 'ActiveActiveSite-us-west-2').every((c) => c.action === 'create')).toBe(true);
    expect(ofType(verdict, 'AWS::S3::MultiRegionAccessPoint')).toEqual([expect.stringMatching(/^replace .*Name.*Regions|^replace .*Regions/)]);
    expect(ofType(verdict, 'AWS::CloudFront::Distribution')).toEqual(['update DistributionConfig']);
  });

  test("removing a Region: a new access point, the distribution updated, the removed Region's stack left with its retained bucket", () => {
    const { from, to } = row('`active-active-site`: remove');
    const before = synthesize(from);
    const verdict = checkTransition(before, synthesize(to));
    expect(ofType(verdict, 'AWS::S3::MultiRegionAccessPoint')).toEqual([expect.stringMatching(/^replace .*Regions/)]);
    expect(ofType(verdict, 'AWS::CloudFront::Distribution')).toEqual(['update DistributionConfig']);
    const left = verdict.findings.filter((f) => f.kind === 'stack-left');
    expect(left.map((f) => f.stack)).toEqual(['ActiveActiveSite-ap-southeast-2']);
    expect(left[0].message).toMatch(/leaves it deployed, with .*AWS::S3::Bucket/);
    const sydney = before.stacks.find((s) => s.stackName === 'ActiveActiveSite-ap-southeast-2')!;
    const buckets = Object.values(sydney.template.Resources ?? {}).filter((r) => r.Type === 'AWS::S3::Bucket');
    expect(buckets.map((b) => b.DeletionPolicy)).toEqual(['Retain', 'Retain']);
    // Deleting it then, as the README says, leaves the buckets (retained) and undoes nothing the app configures.
    const { verdict: deletion, after } = checkDestroy(verdict.deployed, [{ stackName: 'ActiveActiveSite-ap-southeast-2', region: 'ap-southeast-2' }]);
    expect(deletion.classification).toBe('deploys safely');
    expect(deletion.findings.map((f) => f.kind)).toEqual(deletion.findings.map(() => 'stateful-deleted'));
    expect(deletion.findings.filter((f) => f.message.startsWith('AWS::S3::Bucket')).map((f) => f.message)).toEqual([
      expect.stringMatching(/retained \(Retain\)/), expect.stringMatching(/retained \(Retain\)/),
    ]);
    expect(after.stacks.map((s) => s.stackName)).not.toContain('ActiveActiveSite-ap-southeast-2');
  });
});

describe('adding a Region with backfill (the README says so)', () => {
  const resourcesOf = (configuration: typeof twoWay3Backfill, type: string) => {
    const global = synthesize(configuration).stacks.find((st) => st.stackName === 'Site-global')!;
    return Object.values<any>(global.template.Resources ?? {}).filter((r) => r.Type === type);
  };
  /** The traffic dial the routes resource submits for `region` (its Create call, a JSON string or an Fn::Join of one). */
  const dialOf = (configuration: typeof twoWay3Backfill, region: string) => resourcesOf(configuration, 'Custom::MultiRegionAccessPointRoutes')
    .map((r) => JSON.stringify(r.Properties.Create).replace(/\\"/g, '"'))
    .map((text) => new RegExp(`"Region":"${region}","TrafficDialPercentage":(\\d+)`).exec(text)?.[1]);

  test('the new Region has traffic dial 0 until the user activates it; then 100', () => {
    expect(dialOf(twoWay3Backfill, 'ap-southeast-2')).toEqual(['0']);
    expect(dialOf(twoWay3Backfill, 'eu-west-1')).toEqual(['100']);
    expect(dialOf(twoWay3Activated, 'ap-southeast-2')).toEqual(['100']);
  });

  test('activation removes the jobs without a call: their custom resources have no Delete', () => {
    const verdict = checkTransition(synthesize(twoWay3Backfill), synthesize(twoWay3Activated));
    const removedJobs = verdict.changes.filter((c) => c.type === 'Custom::S3BatchReplicationJob');
    expect(removedJobs.map((c) => c.action)).toEqual(['delete', 'delete']);
    expect(resourcesOf(twoWay3Backfill, 'Custom::S3BatchReplicationJob').map((j) => j.Properties.Delete)).toEqual([undefined, undefined]);
  });
});

describe('moving `globalRegion` (the README says so)', () => {
  const row = TRANSITIONS.find((r) => r.change === '`globalRegion` moved')!;

  test('in one deploy it fails: the old global stack, still deployed in us-east-1, holds the account-wide role and dashboard names', () => {
    const verdict = checkTransition(synthesize(row.from), synthesize(row.to));
    expect(verdict.classification).toBe('fails at deploy');
    const clashes = verdict.findings.filter((f) => f.kind === 'name-clash');
    expect(clashes.map((f) => f.message.split(' ')[0]).sort()).toEqual(['AWS::CloudWatch::Dashboard', 'AWS::IAM::Role', 'AWS::IAM::Role']);
    expect(clashes.every((f) => /of Site-global \(111111111111\/us-west-2\) is created .* Site-global \(111111111111\/us-east-1\), a stack no longer in the app/.test(f.message))).toBe(true);
    // ... and deleting the old stack afterwards would delete the configurations the new one put.
    expect(verdict.findings.filter((f) => f.kind === 'left-stack-undoes').map((f) => f.stack)).toEqual(['Site-global', 'Site-global']);
  });

  test('with a domain, the new distribution cannot take the domain while the old one holds it (CNAMEAlreadyExists)', () => {
    const domainRow = TRANSITIONS.find((r) => r.change === '`globalRegion` moved, with CloudFront and a domain')!;
    const verdict = checkTransition(synthesize(domainRow.from), synthesize(westGlobalDomain));
    expect(verdict.findings.filter((f) => f.kind === 'name-clash' && f.message.includes('CNAMEAlreadyExists')).map((f) => f.message)).toEqual([
      expect.stringMatching(/AWS::CloudFront::Distribution \w+ of Site-global \(111111111111\/us-west-2\) is created with the alternate domain name www.example.com, which \w+ of Site-global \(111111111111\/us-east-1\)/),
    ]);
  });

  test('deleting the old global stack after the new one configured replication undoes it: the runbook deletes it before', () => {
    const deleteStep = row.steps!.findIndex((s) => s.destroy);
    const configureStep = row.steps!.findIndex((s) => s.to === row.to);
    expect(deleteStep).toBeGreaterThan(0);
    expect(configureStep).toBeGreaterThan(deleteStep);
    // In the other order (were the names free): the old stack's Delete removes what the new one declares.
    const both = { stacks: [...synthesize(row.to).stacks, ...synthesize(row.from).stacks.filter((s) => s.region !== 'us-west-2' && s.stackName === 'Site-global')] };
    const { verdict } = checkDestroy(both, [{ stackName: 'Site-global', region: 'us-east-1' }]);
    expect(verdict.findings.filter((f) => f.kind === 'replication-undone').length).toBe(2);
  });
});
