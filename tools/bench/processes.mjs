// Process helpers for the gateway benchmark (Linux /proc): CPU pinning, the process tree of a gateway, its memory
// (RSS) and CPU time, child processes that are waited for until ready and stopped by their own id.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU pinning: on a machine with at least 2 cores the gateway under test runs on core 1 alone, and the load generator,
 * the upstream test servers and Gennai's PostgreSQL on core 0, so "per core" means one core. BENCH_PIN=0 turns it off.
 */
export const pinning = process.env.BENCH_PIN !== '0' && cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
export const GATEWAY_CORE = 1;
export const HARNESS_CORE = 0;

/** Pins this process (all its threads) to the harness core; children inherit it unless started with `onGatewayCore`. */
export function pinHarness() {
  if (pinning) spawnSync('taskset', ['-a', '-p', '-c', String(HARNESS_CORE), String(process.pid)], { stdio: 'ignore' });
}

/** A command line that runs on the gateway's core. */
export function onGatewayCore(command, args) {
  return pinning ? ['taskset', ['-c', String(GATEWAY_CORE), command, ...args]] : [command, args];
}

/**
 * Spawns a child. Its stdout and stderr go straight to `logFile` (a file descriptor, not a pipe: a gateway that logs
 * synchronously must not wait for the load generator to read its pipe). With `onLine`, stdout is a pipe read line by line.
 */
export function startProcess(command, args, { env, cwd, logFile, onLine } = {}) {
  const fd = openSync(logFile ?? '/dev/null', 'w');
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', onLine ? 'pipe' : fd, fd] });
  closeSync(fd);
  let pending = '';
  child.stdout?.on('data', (data) => {
    pending += data;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return {
    child,
    /** The end of what the child wrote. */
    get output() {
      try {
        return logFile ? readFileSync(logFile, 'utf8').slice(-4000) : '';
      } catch {
        return '';
      }
    },
    /** SIGTERM, then SIGKILL after `graceMs`; resolves when it exited. Only this child (and what it stops itself). */
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        for (const pid of processTree(child.pid).reverse()) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers with a status below 500; throws with the process's output if it exits or times out. */
export async function waitForHttp(url, processHandle, { timeoutMs = 90_000, name = url } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (processHandle.child.exitCode !== null) throw new Error(`${name} exited with code ${processHandle.child.exitCode}:\n${processHandle.output.slice(-2000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s:\n${processHandle.output.slice(-2000)}`);
}

/** `pid` and all its descendants (parents before children). */
export function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  const tree = [];
  const queue = [pid];
  while (queue.length) {
    const next = queue.shift();
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** Resident memory of the processes, in bytes. */
export function rssOf(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // exited
    }
  }
  return total;
}

/** CPU time (user + system) the processes have used, in seconds. */
export function cpuSecondsOf(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks / CLOCK_TICKS;
}

/** Established TCP connections whose local port is `port` (the server side of them). */
export function establishedTo(port) {
  const out = spawnSync('ss', ['-Htn', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.split('\n').filter(Boolean).length : null;
}
