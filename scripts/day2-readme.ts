/**
 * Rehearses every README "Day 2" change on each of its platforms and writes what the rehearsal
 * prints into the README table (`npm run docs:day2`). The rehearsal tests check each line.
 */
import { DAY2_ROWS, disposeBaselines, rehearseRow } from "../__tests__/support/day2-rehearsals";
import { Day2ReadmeRows, writeReadmeDay2Rows } from "../__tests__/support/day2-readme";
import { Day2Platform } from "../__tests__/support/day2-stacks";
import { timelineDigest } from "../lib/rehearsal/rehearsal-text";

const rows: Day2ReadmeRows = new Map();
try {
  for (const row of DAY2_ROWS) {
    const platforms = new Map<Day2Platform, string>();
    for (const platform of row.platforms) {
      platforms.set(platform, timelineDigest(rehearseRow(row, platform).result));
      process.stderr.write(".");
    }
    rows.set(row.name, platforms);
  }
} finally {
  disposeBaselines();
}
writeReadmeDay2Rows(rows);
process.stderr.write(`\nREADME.md: ${rows.size} day-2 changes written\n`);
