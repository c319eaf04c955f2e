import path from 'node:path';
import type { Matrix } from './model.ts';
import { plural } from './format-value.ts';

/**
 * Lanes that nobody measured: a project's unverified cells whose expectation file (`expectations/<engine>.json` for
 * an engine's row, `expectations/drivers/<driver>.json` for a driver-reported one: Expectations.fileFor) does not
 * exist at all. MATRIX_STRICT=1 fails an unverified cell only where that file exists; these pass, and the run says
 * so instead, with the one command that pins them (npm run matrix:accept), in the terminal, matrix.md and CI's job
 * summary.
 */
export interface UnmeasuredLane {
  project: string;
  /** The engine or driver the missing file is named after (`playwright-juggler`). */
  lane: string;
  /** The file that does not exist: `expectations/drivers/playwright-juggler.json`. */
  file: string;
  /** The ids of the rows it would hold, in the matrix's order. */
  rows: string[];
}

/** Where `npm run matrix:accept` reads the matrix from, and how a reader gets that file. */
export interface PinSource {
  /** The matrix.json to give --matrix. */
  matrix: string;
  /** Where that file comes from: `this run's matrix`, or a CI run's artifact. */
  from: string;
}

/** The unmeasured lanes of a matrix, by project then file, each with its rows. */
export function unmeasuredLanes(matrix: Matrix, hasFile: (file: string) => boolean): UnmeasuredLane[] {
  const lanes = new Map<string, UnmeasuredLane>();
  for (const row of matrix.rows) {
    for (const [project, cell] of Object.entries(row.cells)) {
      if (cell.state !== 'unverified' || hasFile(cell.expectedIn)) continue;
      const key = `${project}\u0000${cell.expectedIn}`;
      const lane = lanes.get(key) ?? lanes.set(key, { project, lane: path.basename(cell.expectedIn, '.json'), file: cell.expectedIn, rows: [] }).get(key)!;
      lane.rows.push(row.id);
    }
  }
  return [...lanes.values()];
}

/** `unmeasured: 37 rows on firefox (playwright-juggler): no expectations/drivers/playwright-juggler.json` */
function unmeasuredLine({ project, lane, file, rows }: UnmeasuredLane): string {
  return `unmeasured: ${plural(rows.length, 'row')} on ${project} (${lane}): no ${file}`;
}

/** The one command that writes every unmeasured lane's values into its file: each project once. */
function pinCommand(lanes: UnmeasuredLane[], source: PinSource): string {
  const projects = [...new Set(lanes.map(({ project }) => project))];
  return `npm run matrix:accept -- --matrix ${source.matrix} ${projects.map((project) => `--project ${project}`).join(' ')}`;
}

/** What the terminal prints after the matrix's closing line: one line per unmeasured lane, then how to pin them. */
export function unmeasuredText(lanes: UnmeasuredLane[], source: PinSource): string[] {
  if (lanes.length === 0) return [];
  return [
    ...lanes.map(unmeasuredLine),
    `  recorded, not judged, even with MATRIX_STRICT=1; pin them from ${source.from}: ${pinCommand(lanes, source)}`,
  ];
}

/** The same in Markdown, for matrix.md and CI's job summary; nothing when every lane has its files. */
export function unmeasuredMarkdown(lanes: UnmeasuredLane[], source: PinSource): string[] {
  if (lanes.length === 0) return [];
  return [
    '**Unmeasured lanes**: no expectation file judges these cells, so they are recorded and not judged, even with `MATRIX_STRICT=1`.',
    '',
    ...lanes.map((lane) => `- ${unmeasuredLine(lane).replace(lane.file, `\`${lane.file}\``)}`),
    '',
    `Pin them from ${source.from}, then write the reasons the command leaves as \`TODO: reason to be written\`:`,
    '',
    '```sh',
    pinCommand(lanes, source),
    '```',
    '',
  ];
}
