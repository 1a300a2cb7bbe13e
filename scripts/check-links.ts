/**
 * Checks the relative links of the project's Markdown pages (README.md, CONTRIBUTING.md and every
 * page under docs/): each must name a file or folder of the repository, and each `#anchor` must be
 * a heading (GitHub's slug of it) or an `<a name>` of the page it points to. Links to other sites
 * are not fetched.
 *
 *   npx ts-node --project test/tsconfig.json scripts/check-links.ts
 *
 * test/docs/links.test.ts runs the same check in `npx projen test`.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** One link that does not resolve. */
export interface BrokenLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string;
}

/** The pages checked: README.md, CONTRIBUTING.md and every Markdown file under docs/. */
export function documentationPages(root: string = ROOT): string[] {
  const under = (dir: string): string[] => fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? under(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []);
  return ['README.md', 'CONTRIBUTING.md', ...under('docs').sort()];
}

/** The text of `markdown` outside fenced code blocks, line by line (fenced lines become empty). */
function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      return '';
    }
    return fence === undefined ? line : '';
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/<[^>]*>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page offers: its headings' slugs (repeats numbered as GitHub does) and `<a name>`s. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const base = slug(heading);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

/** The links of one page that do not resolve. */
export function brokenLinksOf(file: string, root: string = ROOT): BrokenLink[] {
  const text = fs.readFileSync(path.join(root, file), 'utf-8');
  const broken: BrokenLink[] = [];
  proseLines(text).forEach((line, i) => {
    // Inline code is not a link: `[a](b)` inside backticks stays as written.
    const prose = line.replace(/`[^`]*`/g, '``');
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = pathPart === '' ? path.join(root, file) : path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(pathPart));
      const at = { file, line: i + 1, target };
      if (!resolved.startsWith(root) || !fs.existsSync(resolved)) {
        broken.push({ ...at, problem: `no such file: ${path.relative(root, resolved)}` });
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(fs.readFileSync(resolved, 'utf-8')).has(anchor)) {
        broken.push({ ...at, problem: `no heading or <a name> '#${anchor}' in ${path.relative(root, resolved)}` });
      }
    }
  });
  return broken;
}

/** Every broken link of the documentation pages. */
export function brokenLinks(root: string = ROOT): BrokenLink[] {
  return documentationPages(root).flatMap((file) => brokenLinksOf(file, root));
}

if (require.main === module) {
  const broken = brokenLinks();
  for (const b of broken) console.error(`${b.file}:${b.line}: (${b.target}) ${b.problem}`);
  console.log(`links: ${documentationPages().length} pages, ${broken.length} broken`);
  if (broken.length > 0) process.exit(1);
}
