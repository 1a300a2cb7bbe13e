import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { anchorsOf, brokenLinks, documentationPages, slug } from '../../scripts/check-links';

test('every relative link and anchor of README.md, CONTRIBUTING.md and docs/ resolves', () => {
  expect(documentationPages()).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', path.join('docs', 'testing.md'), path.join('docs', 'performance.md')]));
  expect(brokenLinks()).toEqual([]);
});

test("anchors are GitHub's heading slugs, repeats numbered", () => {
  expect(slug('What `npx projen example` prints')).toBe('what-npx-projen-example-prints');
  expect(slug('MultiRegionBucket: the whole setup in one call')).toBe('multiregionbucket-the-whole-setup-in-one-call');
  expect(slug('Compliance checks (cdk-nag v3)')).toBe('compliance-checks-cdk-nag-v3');
  expect([...anchorsOf('# A\n## Notes\n```\n# not a heading\n```\n## Notes\n<a name="x"></a>\n')]).toEqual(['a', 'notes', 'notes-1', 'x']);
});

test('a missing file, a missing anchor and a link into a fenced block are told apart', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'links-'));
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'CONTRIBUTING.md'), '# Contributing\n## Integration tests\n');
  fs.writeFileSync(path.join(root, 'docs', 'a.md'), '[up](../README.md#install) [ok](../CONTRIBUTING.md#integration-tests)\n');
  fs.writeFileSync(path.join(root, 'README.md'), [
    '# Title', '## Install', '[fine](#install) [site](https://example.com/x) `[code](nowhere.md)`',
    '[gone](docs/b.md) [bad anchor](CONTRIBUTING.md#development)', '```', '[in a fence](nowhere.md)', '```', '',
  ].join('\n'));
  expect(brokenLinks(root).map((b) => `${b.file}:${b.line} ${b.target}`)).toEqual([
    'README.md:4 docs/b.md',
    'README.md:4 CONTRIBUTING.md#development',
  ]);
});
