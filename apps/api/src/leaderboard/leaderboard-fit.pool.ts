import type { FitProblem, FitTask, FitTaskResult, Leaderboard, StyleControlledLeaderboard } from '@gennai/arena-stats';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How a leaderboard's bootstrap runs: rounds, the seed of its random streams, and the interval's coverage. */
export interface BootstrapSettings {
  readonly rounds: number;
  readonly seed: number;
  readonly level: number;
}

/**
 * The worker's whole program: run each task with @gennai/arena-stats and send the result back. It is evaluated
 * source, not a file beside this one, so the same worker starts from the TypeScript sources under Vitest, from
 * dist/ under `npm start` and in the container image; every line of the statistics it runs is the typed, tested
 * library (fit-task.ts there), resolved here to an absolute path so the worker's working directory does not matter.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { runFitTask } = require(${JSON.stringify(createRequire(__filename).resolve('@gennai/arena-stats'))});
parentPort.on('message', (task) => {
  let reply;
  try {
    reply = { result: runFitTask(task) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.stack || error.message : String(error) };
  }
  parentPort.postMessage(reply, reply.result instanceof Float64Array ? [reply.result.buffer] : []);
});
`;

type Reply = { result: FitTaskResult; error?: undefined } | { result?: undefined; error: string };

interface QueuedTask {
  readonly task: FitTask;
  readonly transfer: ArrayBuffer[];
  readonly resolve: (result: FitTaskResult) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly thread: Worker;
  current: QueuedTask | null;
}

/**
 * Fits leaderboards on worker threads, off the event loop that answers requests. One leaderboard is split into one
 * range of bootstrap rounds per worker, then assembled around the merged samples on one worker — the intervals are
 * identical to a single-threaded run, since round r always draws from random stream (seed, r). Tasks of several
 * leaderboards queue first come, first served. Threads start on first use and do not keep the process alive; a
 * thread that dies fails its task and is replaced.
 *
 * A plain class (no Nest), so `npm run bench -- arena` times exactly this path from the built api.
 */
export class LeaderboardFitPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: QueuedTask[] = [];
  private closed = false;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`a fit pool needs at least one worker, got ${size}`);
  }

  /** Bradley–Terry ratings with bootstrap intervals. */
  async leaderboard(problem: Extract<FitProblem, { model: 'bradley-terry' }>, bootstrap: BootstrapSettings): Promise<Leaderboard> {
    return (await this.solve(problem, bootstrap)) as Leaderboard;
  }

  /** Ratings controlled for answer length and markdown, with intervals for the two style coefficients too. */
  async styleControlledLeaderboard(problem: Extract<FitProblem, { model: 'style-control' }>, bootstrap: BootstrapSettings): Promise<StyleControlledLeaderboard> {
    return (await this.solve(problem, bootstrap)) as StyleControlledLeaderboard;
  }

  /** Stops every thread; queued and running tasks fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.reject(new Error('the leaderboard fit pool was closed'));
    await Promise.all(this.workers.splice(0).map((worker) => worker.thread.terminate()));
  }

  private async solve(problem: FitProblem, { rounds, seed, level }: BootstrapSettings): Promise<FitTaskResult> {
    const parts = splitRounds(rounds, this.size);
    const samples = await Promise.all(parts.map(([fromRound, toRound]) => this.run({ op: 'samples', problem, seed, fromRound, toRound })));
    const length = (samples[0] as Float64Array).length / (parts[0][1] - parts[0][0]);
    const merged = new Float64Array(rounds * length);
    samples.forEach((part, i) => merged.set(part as Float64Array, parts[i][0] * length));
    return this.run({ op: 'leaderboard', problem, samples: merged, seed, level }, [merged.buffer]);
  }

  private run(task: FitTask, transfer: ArrayBuffer[] = []): Promise<FitTaskResult> {
    if (this.closed) return Promise.reject(new Error('the leaderboard fit pool was closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, transfer, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.workers.find((candidate) => candidate.current === null) ?? (this.workers.length < this.size ? this.start() : undefined);
      if (!worker) return;
      const queued = this.queue.shift() as QueuedTask;
      worker.current = queued;
      worker.thread.ref(); // a running fit keeps the process alive until it answers
      worker.thread.postMessage(queued.task, queued.transfer);
    }
  }

  private start(): PoolWorker {
    const worker: PoolWorker = { thread: new Worker(WORKER_SOURCE, { eval: true, name: 'leaderboard-fit' }), current: null };
    worker.thread.unref();
    worker.thread.on('message', (reply: Reply) => {
      const queued = worker.current;
      worker.current = null;
      worker.thread.unref();
      if (queued) {
        if (reply.error !== undefined) queued.reject(new Error(`leaderboard fit failed in a worker thread: ${reply.error}`));
        else queued.resolve(reply.result);
      }
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.workers.indexOf(worker);
      if (index < 0) return;
      this.workers.splice(index, 1);
      worker.current?.reject(error);
      worker.current = null;
      if (!this.closed) this.dispatch();
    };
    worker.thread.on('error', fail);
    worker.thread.on('exit', (code) => fail(new Error(`a leaderboard fit worker thread exited (code ${code})`)));
    this.workers.push(worker);
    return worker;
  }
}

/** [from, to) ranges of rounds, one per worker, as even as possible (fewer ranges than workers for few rounds). */
export function splitRounds(rounds: number, parts: number): [number, number][] {
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new RangeError(`bootstrap needs at least one round, got ${rounds}`);
  const count = Math.min(parts, rounds);
  return Array.from({ length: count }, (_, i) => [Math.floor((i * rounds) / count), Math.floor(((i + 1) * rounds) / count)]);
}
