import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// npm run lint, last: every relative link of the repository's Markdown files leads somewhere. For each
// [text](target) and [label]: target that is not a URL (http:, https:, mailto: or any other scheme), the file or
// folder must exist, relative to the Markdown file (or to the repository with a leading /), and a #anchor on a
// Markdown page (the same one, or another) must be the GitHub slug of one of that page's headings.
// Prints each broken link as file:line: target (why) and exits 1.

const ROOT = path.resolve(import.meta.dirname, '..');
/** Folders that hold no Markdown of this repository: packages, and what builds and runs write. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'build', 'playwright-report', 'blob-report', 'all-blob-reports', 'matrix-report', 'test-results']);

interface Link {
  line: number;
  target: string;
}

/** The repository's Markdown files, as paths relative to ROOT, outside SKIPPED_FOLDERS. */
function markdownFiles(folder = ''): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : markdownFiles(relative);
    return entry.isFile() && entry.name.endsWith('.md') ? [relative] : [];
  });
}

/** Text with its characters replaced by spaces, its line breaks kept, so offsets still give line numbers. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** The lines of a file that are Markdown rather than code: fenced code blocks and HTML comments blanked out. */
function proseOf(markdown: string): string {
  let fence: { char: string; length: number } | undefined;
  const lines = markdown.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (marker && marker[1][0] === fence.char && marker[1].length >= fence.length && line.trim() === marker[1]) fence = undefined;
      return blank(line);
    }
    if (marker) {
      fence = { char: marker[1][0], length: marker[1].length };
      return blank(line);
    }
    return line;
  });
  return lines.join('\n').replace(/<!--[\s\S]*?-->/g, blank);
}

/** Prose with the code spans blanked out: a link written inside backticks is text, not a link. */
function withoutCodeSpans(prose: string): string {
  return prose.replace(/(?<![`\\])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, blank);
}

/** GitHub's anchor for a heading's text: lower case, punctuation but hyphens, underscores and spaces dropped, spaces as hyphens. */
function slugOf(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .replace(/<[^>]+>/g, '') // HTML tags show nothing
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a Markdown page offers: its headings' slugs (a repeated one gets -1, -2, ...) and its HTML ids and names. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const add = (slug: string) => {
    let unique = slug;
    for (let n = 1; anchors.has(unique); n++) unique = `${slug}-${n}`;
    anchors.add(unique);
  };
  const lines = proseOf(markdown).split('\n');
  lines.forEach((line, index) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) add(slugOf(atx[1] ?? ''));
    else if (/^ {0,3}(=+|-+)[ \t]*$/.test(line) && index > 0 && isParagraphLine(lines[index - 1])) add(slugOf(lines[index - 1]));
  });
  for (const match of markdown.matchAll(/<a\s[^>]*\b(?:id|name)=["']([^"']+)["']/gi)) anchors.add(match[1]);
  return anchors;
}

/** A line that can be the text of a setext heading (underlined with === or ---): plain text, not a list, quote, table or heading. */
function isParagraphLine(line: string): boolean {
  return line.trim() !== '' && !/^ {0,3}([-*+>#|]|\d+[.)])/.test(line) && !/^ {4}/.test(line);
}

/** Every link of a Markdown page, with the line it is on: inline links and images, and reference definitions. */
function linksOf(markdown: string): Link[] {
  const prose = withoutCodeSpans(proseOf(markdown));
  const lineAt = (offset: number) => prose.slice(0, offset).split('\n').length;
  const links: Link[] = [];
  const inline = /(?<!\\)\[((?:[^[\]\\]|\\.|\[(?:[^[\]\\]|\\.)*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
  for (const match of prose.matchAll(inline)) {
    links.push({ line: lineAt(match.index + match[0].indexOf('](') + 2), target: match[2].replace(/^<|>$/g, '') });
  }
  for (const match of prose.matchAll(/^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm)) {
    links.push({ line: lineAt(match.index), target: match[1].replace(/^<|>$/g, '') });
  }
  return links;
}

/** Why a link of `file` does not lead anywhere, or undefined when it does. */
function brokenBecause(file: string, target: string, anchorsOfPage: (page: string) => Set<string>): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined; // a URL: not checked here
  const hashAt = target.indexOf('#');
  const pathPart = (hashAt === -1 ? target : target.slice(0, hashAt)).replace(/\?.*$/, '');
  const anchor = hashAt === -1 ? undefined : target.slice(hashAt + 1);
  let page = file;
  if (pathPart !== '') {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathPart);
    } catch {
      return 'not a valid URL path';
    }
    page = decoded.startsWith('/') ? path.join(decoded.slice(1)) : path.join(path.dirname(file), decoded);
    if (page.startsWith('..')) return 'outside the repository';
    if (!existsSync(path.join(ROOT, page))) return `no such file: ${page}`;
  }
  if (anchor === undefined || anchor === '' || !page.endsWith('.md')) return undefined;
  let wanted: string;
  try {
    wanted = decodeURIComponent(anchor);
  } catch {
    return 'not a valid anchor';
  }
  return anchorsOfPage(page).has(wanted) ? undefined : `no heading in ${page} has the anchor #${wanted}`;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfPage(page: string): Set<string> {
  let anchors = anchorCache.get(page);
  if (!anchors) {
    anchors = anchorsOf(readFileSync(path.join(ROOT, page), 'utf8'));
    anchorCache.set(page, anchors);
  }
  return anchors;
}

const files = markdownFiles();
const broken: string[] = [];
let checked = 0;
for (const file of files) {
  for (const { line, target } of linksOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
    checked++;
    const why = brokenBecause(file, target, anchorsOfPage);
    if (why) broken.push(`${file}:${line}: ${target} (${why})`);
  }
}

if (broken.length > 0) {
  for (const line of broken) console.error(line);
  console.error(`${broken.length} broken link${broken.length === 1 ? '' : 's'} in the Markdown files.`);
  process.exitCode = 1;
} else {
  console.log(`Markdown links: ${checked} in ${files.length} file${files.length === 1 ? '' : 's'}, none broken.`);
}
