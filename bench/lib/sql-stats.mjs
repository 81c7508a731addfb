// Statements per cycle from pg_stat_statements (the cluster must preload it): reset before a run, read after.
// Split by database role, so the app servers' statements (the worker's tap) and the job worker's (the quality
// evaluator) are counted apart when they connect as different roles.
import pg from 'pg';

export async function startSqlStats(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await client.query('SELECT pg_stat_statements_reset()');
  return {
    /** Per role: totals, and every statement run at least once per 4 cycles, most calls first, per completed cycle. */
    async read(cycles) {
      const per = (n) => Math.round((Number(n) / Math.max(1, cycles)) * 100) / 100;
      const { rows } = await client.query(`
        SELECT userid::regrole::text AS role, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query, calls, total_exec_time AS ms
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC`);
      await client.end();
      // pg-boss's own queue polling is not the product's work per cycle; BEGIN and COMMIT are round trips, counted.
      const relevant = rows.filter((row) => !/pg_stat_statements/.test(row.query));
      const summarize = (list) => ({
        statements: per(list.reduce((sum, row) => sum + Number(row.calls), 0)),
        execMs: per(list.reduce((sum, row) => sum + row.ms, 0)),
        statementsByCalls: list
          .map((row) => ({ callsPerCycle: per(row.calls), msPerCycle: per(row.ms), query: row.query }))
          .filter((row) => row.callsPerCycle >= 0.05)
          .sort((a, b) => b.callsPerCycle - a.callsPerCycle),
      });
      const byRole = {};
      for (const role of new Set(relevant.map((row) => row.role))) byRole[role] = summarize(relevant.filter((row) => row.role === role && !/pgboss\./.test(row.query)));
      return { ...summarize(relevant.filter((row) => !/pgboss\./.test(row.query))), byRole };
    },
  };
}
