// What every benchmark report says about the machine it ran on: the numbers mean little without the cores, the CPU
// and how busy the (shared) machine was at the start and at the end.
import { cpus, loadavg, release, totalmem } from 'node:os';

/** The 1-, 5- and 15-minute load averages, to two decimals. */
export function loadAverage() {
  return loadavg().map((n) => Math.round(n * 100) / 100);
}

/** Call with loadAverage() taken when the benchmark started; the end is read now. */
export function machineFacts(loadAverageAtStart) {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAverageAtStart,
    loadAverageAtEnd: loadAverage(),
  };
}
