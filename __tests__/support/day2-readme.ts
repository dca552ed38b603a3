import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { Day2Platform } from "./day2-stacks";

/**
 * The README "Day 2" table of rehearsed changes: one row per change, one line per platform with
 * what the rehearsal prints (`timelineDigest`). `npm run docs:day2` writes it; each rehearsal test
 * checks its own line, so the README and the rehearsals cannot drift.
 */

const README = join(__dirname, "..", "..", "README.md");
const BEGIN = "<!-- day2-rehearsals:begin (npm run docs:day2 writes this table) -->";
const END = "<!-- day2-rehearsals:end -->";

/** A change's README lines: per platform, what its rehearsal prints. */
export type Day2ReadmeRows = Map<string, Map<Day2Platform, string>>;

const escape = (s: string) => s.replace(/\|/g, "\\|");
const unescape = (s: string) => s.replace(/\\\|/g, "|");

/** The table as Markdown. */
export function renderDay2Table(rows: Day2ReadmeRows): string {
  const lines = ["| Change | What the rehearsal prints (summary; events: how many, which nodes) |", "|---|---|"];
  for (const [name, platforms] of rows) {
    const cells = [...platforms].map(([platform, digest]) => `**${platform}**: ${escape(digest)}`);
    lines.push(`| ${escape(name)} | ${cells.join("<br>")} |`);
  }
  return lines.join("\n");
}

/** The table the README holds now. */
export function readmeDay2Rows(text = readFileSync(README, "utf8")): Day2ReadmeRows {
  const rows: Day2ReadmeRows = new Map();
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return rows;
  for (const line of text.slice(start + BEGIN.length, end).split("\n")) {
    const m = /^\| (.+?) \| (.+) \|$/.exec(line);
    if (!m || m[1] === "Change" || m[1] === "---") continue;
    const platforms = new Map<Day2Platform, string>();
    for (const cell of m[2].split("<br>")) {
      const p = /^\*\*(\w+)\*\*: (.*)$/.exec(cell);
      if (p) platforms.set(p[1] as Day2Platform, unescape(p[2]));
    }
    rows.set(unescape(m[1]), platforms);
  }
  return rows;
}

/** Writes the table into the README between its markers. */
export function writeReadmeDay2Rows(rows: Day2ReadmeRows): void {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} ... ${END} markers`);
  writeFileSync(README, `${text.slice(0, start + BEGIN.length)}\n${renderDay2Table(rows)}\n${text.slice(end)}`);
}
