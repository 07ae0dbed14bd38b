// Apart from the parser, so that importing the example does not load node-sql-parser: the parser loads on the
// first query (it is about 2 MB of an idle server's memory).

/** A query to copy when one is rejected. */
export const QUERY_EXAMPLE =
  "SELECT period, revenue, net_revenue / orders AS net_aov FROM metrics WHERE time_range = 'last_90_days' GROUP BY month ORDER BY revenue DESC LIMIT 3";
