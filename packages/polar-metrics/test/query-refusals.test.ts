import { describe, expect, test } from "vitest";
import { QueryError } from "../src/index.js";
import { parseQuery } from "../src/query/parse.js";

describe("clauses the plan would drop are refused, never ignored", () => {
  test.each([
    [
      "SELECT revenue FROM metrics UNION SELECT orders FROM metrics",
      /^UNION is not supported: send one SELECT/,
    ],
    ["SELECT revenue FROM metrics UNION ALL SELECT orders FROM metrics", /^UNION ALL is not supported/],
    ["SELECT revenue FROM metrics INTERSECT SELECT orders FROM metrics", /^INTERSECT is not supported/],
    ["SELECT revenue FROM metrics EXCEPT SELECT orders FROM metrics", /^EXCEPT is not supported/],
    ["SELECT revenue INTO copy FROM metrics", /^SELECT … INTO is not supported/],
    ["SELECT revenue FROM metrics TABLESAMPLE SYSTEM (10)", /^TABLESAMPLE is not supported/],
    ["SELECT period, revenue FROM metrics ORDER BY revenue NULLS FIRST", /^NULLS FIRST and NULLS LAST/],
  ])("%s", (query, message) => {
    let error: unknown;
    try {
      parseQuery(query);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
  });

  test("the same queries without the clause are read", () => {
    expect(parseQuery("SELECT revenue FROM metrics").metrics).toEqual(["revenue"]);
    expect(parseQuery("SELECT period, revenue FROM metrics ORDER BY revenue").orderBy).toHaveLength(1);
  });
});
