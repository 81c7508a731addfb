// CPU time of a process and all its descendants, from /proc (Linux): user + system, in milliseconds.
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function readStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]), cutime: Number(fields[13]), cstime: Number(fields[14]) };
  } catch {
    return null;
  }
}

/** Milliseconds of CPU used so far by `pid` and its descendants, live or exited (null when it is not running). */
export function cpuMsOfTree(pid) {
  if (!pid) return null;
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const current = stack.pop();
    const stat = readStat(current);
    // cutime/cstime: children that exited and were reaped (a PostgreSQL backend whose connection closed), so the
    // tree's total never goes down when one of them leaves.
    if (stat) total += (stat.utime + stat.stime + stat.cutime + stat.cstime) * TICK_MS;
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}
