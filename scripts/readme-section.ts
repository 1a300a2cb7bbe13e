/**
 * Generated sections of the README: the text between a `<!-- name:begin (...) -->` marker and a
 * `<!-- name:end -->` marker, which a script rewrites and a test compares with what it would write
 * (the Performance tables, the transition table).
 */

/** The two markers of one generated section. */
export interface ReadmeMarkers {
  readonly begin: string;
  readonly end: string;
}

/** Where the section sits in `readme`: the offsets just after `begin` and of `end`, if both are there. */
function locate(readme: string, markers: ReadmeMarkers): { start: number; end: number } | undefined {
  const begin = readme.indexOf(markers.begin);
  const end = readme.indexOf(markers.end);
  return begin >= 0 && end > begin ? { start: begin + markers.begin.length, end } : undefined;
}

/** The generated text of `readme` between `markers`, or undefined when it has no markers. */
export function readmeSection(readme: string, markers: ReadmeMarkers): string | undefined {
  const at = locate(readme, markers);
  return at && readme.slice(at.start, at.end).trim();
}

/** `readme` with the text between `markers` replaced by `content`, or undefined when it has no markers. */
export function withReadmeSection(readme: string, markers: ReadmeMarkers, content: string): string | undefined {
  const at = locate(readme, markers);
  return at && `${readme.slice(0, at.start)}\n${content}\n${readme.slice(at.end)}`;
}
