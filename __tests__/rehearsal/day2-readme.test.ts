import { DAY2_ROWS } from "../support/day2-rehearsals";
import { readmeDay2Rows, renderDay2Table } from "../support/day2-readme";

/**
 * The README "Day 2" table lists exactly the rehearsed changes, each on exactly its platforms (the
 * rehearsal tests check each line's text; this checks that none is missing or left over).
 */
describe("README Day 2 table", () => {
  const readme = readmeDay2Rows();

  test("has one row per rehearsed change, with a line per platform it is rehearsed on", () => {
    expect([...readme].map(([name, platforms]) => [name, [...platforms.keys()]])).toEqual(DAY2_ROWS.map((r) => [r.name, [...r.platforms]]));
  });

  test("round-trips: what the README holds renders to the same table (pipes in names escaped)", () => {
    const rows = new Map([["a | b", new Map([["aws" as const, "0 resets; x | y"]])]]);
    expect(readmeDay2Rows(`<!-- day2-rehearsals:begin (npm run docs:day2 writes this table) -->\n${renderDay2Table(rows)}\n<!-- day2-rehearsals:end -->`)).toEqual(rows);
  });
});
