// --sql-stats: statements per payout during the storm from pg_stat_statements (the cluster must preload it), the job
// queue's own statements included (they are part of a payout's cost here), grouped by what issued them.
import pg from 'pg';

export async function startPayoutSqlStats(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await client.query('SELECT pg_stat_statements_reset()');
  return async function read(payouts) {
    const { rows } = await client.query(`
      SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query, calls, total_exec_time AS ms
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    await client.end();
    const per = (n) => Math.round((Number(n) / payouts) * 100) / 100;
    const relevant = rows.filter((row) => !/pg_stat_statements/.test(row.query));
    const isJobQueue = (row) => /pgboss\./.test(row.query);
    const sum = (list, key) => per(list.reduce((total, row) => total + Number(row[key]), 0));
    const app = relevant.filter((row) => !isJobQueue(row));
    const jobs = relevant.filter(isJobQueue);
    return {
      statementsPerPayout: sum(relevant, 'calls'),
      appStatements: sum(app, 'calls'),
      jobQueueStatements: sum(jobs, 'calls'),
      execMsPerPayout: sum(relevant, 'ms'),
      top: relevant
        .map((row) => ({ perPayout: per(row.calls), msPerPayout: per(row.ms), query: row.query }))
        .filter((row) => row.perPayout >= 0.2)
        .sort((a, b) => b.perPayout - a.perPayout),
    };
  };
}

/**
 * Samples pg_stat_activity every `everyMs` during the storm: how many connections were running, idle in a
 * transaction (waiting for Node) or waiting on a lock, and on which statements the lock waits were.
 */
export async function startActivitySampler(url, everyMs = 100) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const states = {};
  const lockWaits = {};
  const lockWaitsBySecond = {};
  const started = Date.now();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query(`
        SELECT state, wait_event_type AS "waitType", left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
          FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`);
      samples += 1;
      for (const row of rows) {
        const key = row.waitType === 'Lock' ? 'lock wait' : row.state === 'active' && row.waitType === 'Client' ? 'active' : row.state ?? 'unknown';
        states[key] = (states[key] ?? 0) + 1;
        if (row.waitType === 'Lock') {
          lockWaits[row.query] = (lockWaits[row.query] ?? 0) + 1;
          const second = Math.floor((Date.now() - started) / 1000);
          lockWaitsBySecond[second] = (lockWaitsBySecond[second] ?? 0) + 1;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return async function stop() {
    running = false;
    await loop;
    await client.end();
    const mean = (n) => Math.round((n / Math.max(1, samples)) * 10) / 10;
    return {
      samples,
      meanConnections: Object.fromEntries(Object.entries(states).map(([state, n]) => [state, mean(n)])),
      meanLockWaitsByStatement: Object.fromEntries(Object.entries(lockWaits).sort((a, b) => b[1] - a[1]).map(([query, n]) => [query, mean(n)])),
      // [second of the storm, connections seen waiting on a lock in that second's samples], the worst five
      worstLockSeconds: Object.entries(lockWaitsBySecond).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([second, n]) => [Number(second), n]),
    };
  };
}
