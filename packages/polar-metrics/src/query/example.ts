// Apart from the parser, so that importing the example does not load node-sql-parser (about 7 MB of memory and
// 30 ms at start): the parser loads on the first query.

/** A query to copy when one is rejected. */
export const QUERY_EXAMPLE =
  "SELECT period, revenue, net_revenue / orders AS net_aov FROM metrics WHERE time_range = 'last_90_days' GROUP BY month ORDER BY revenue DESC LIMIT 3";
