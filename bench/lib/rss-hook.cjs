// Preloaded into every measured Node process (NODE_OPTIONS=--require) to record its peak resident
// memory and CPU time: Node cannot read a child's rusage, but the child can read its own at exit.
// Each process of a tool that forks appends one line "<maxRSS KB> <user+system CPU µs>"; the
// harness takes the largest RSS and the sum of CPU. CPU time matters on a shared machine: wall time
// grows with other people's load, CPU time much less.
'use strict';
const file = process.env.BENCH_RSS_FILE;
// NODE_OPTIONS reaches worker threads too, and there `process.resourceUsage()` is the whole
// process's: a worker's line would count the process's CPU a second time. One line per process.
if (file && require('node:worker_threads').isMainThread) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      require('node:fs').appendFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}\n`);
    } catch {
      // Measuring must never change the measured program's outcome.
    }
  });
}
