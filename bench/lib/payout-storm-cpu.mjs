// CPU spent during the storm, per process: this one (the lanes and the wallets), the LNURL server process (the
// callbacks and the payments they start), the job worker, PostgreSQL (postmaster and its backends), and the whole machine (other users' work
// shows up as the rest). Linux /proc only; elsewhere every figure is null. BENCH_PROFILE_DIR=dir also writes a
// CPU profile of this process for the storm alone (the job worker takes BENCH_WORKER_NODE_ARGS="--cpu-prof ...").
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function readProcTicks(pid) {
  try {
    // Fields after the command (which may contain spaces) start at the last ')'.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1).trim().split(' ');
    return { ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null;
  }
}

function postgresTicks(dataDir) {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const root = readProcTicks(postmaster);
  if (!root) return null;
  let total = root.own + root.children; // children: backends that have exited
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ticks = readProcTicks(entry);
    if (ticks?.ppid === postmaster) total += ticks.own;
  }
  return total;
}

function machineBusyTicks() {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = values[3] + values[4];
  return values.reduce((sum, value) => sum + value, 0) - idle;
}

export async function startCpuWatch({ dataDir, workerPid, appPid }) {
  const safe = (read) => {
    try {
      return read();
    } catch {
      return null;
    }
  };
  const take = () => ({
    self: process.cpuUsage(),
    worker: workerPid ? readProcTicks(workerPid)?.own ?? null : null,
    app: appPid ? readProcTicks(appPid)?.own ?? null : null,
    postgres: safe(() => postgresTicks(dataDir)),
    machine: safe(machineBusyTicks),
  });
  const profileDir = process.env.BENCH_PROFILE_DIR;
  let session = null;
  if (profileDir) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const before = take();
  const loadBefore = fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').trim() : null;
  return async function stop(payouts) {
    const after = take();
    const perPayout = (ms) => (ms === null ? null : Math.round((ms / payouts) * 10) / 10);
    const ticksMs = (key) => (before[key] === null || after[key] === null ? null : ((after[key] - before[key]) * 1000) / TICKS_PER_SECOND);
    const selfMs = (after.self.user + after.self.system - before.self.user - before.self.system) / 1000;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(profileDir, { recursive: true });
      fs.writeFileSync(path.join(profileDir, `payout-storm-${process.pid}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    const machine = ticksMs('machine');
    const parts = { benchProcess: selfMs, lnurlServer: ticksMs('app'), jobWorker: ticksMs('worker'), postgres: ticksMs('postgres') };
    const known = Object.values(parts).reduce((sum, ms) => sum + (ms ?? 0), 0);
    return {
      loadavgBefore: loadBefore,
      loadavgAfter: fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').trim() : null,
      msPerPayout: {
        ...Object.fromEntries(Object.entries(parts).map(([name, ms]) => [name, perPayout(ms)])),
        machine: perPayout(machine),
        rest: machine === null ? null : perPayout(machine - known),
      },
    };
  };
}
