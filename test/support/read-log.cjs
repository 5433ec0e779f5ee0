/**
 * A preload (`node --require`) that appends the path of every file read through `node:fs` to the
 * file named by READ_LOG, one per line, on every thread (worker threads run `--require` preloads,
 * eval'd ones included, which `--import` ones are not on Node 20).
 * test/cli/one-engine-run.test.ts counts how often a generator read its input: once per run.
 */
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const { threadId } = require('node:worker_threads');

const log = process.env.READ_LOG;
if (log) {
  const appendFileSync = fs.appendFileSync.bind(fs);
  const note = (file) => {
    if (typeof file === 'string' || file instanceof URL) appendFileSync(log, `${threadId} ${file instanceof URL ? file.pathname : file}\n`);
  };
  const { readFileSync, readFile } = fs;
  const readFilePromise = fs.promises.readFile;
  fs.readFileSync = function (file, ...rest) {
    note(file);
    return readFileSync.call(this, file, ...rest);
  };
  fs.readFile = function (file, ...rest) {
    note(file);
    return readFile.call(this, file, ...rest);
  };
  fs.promises.readFile = function (file, ...rest) {
    note(file);
    return readFilePromise.call(this, file, ...rest);
  };
  // ES modules' `import { readFile } from 'node:fs/promises'` bindings see the wrappers too.
  syncBuiltinESMExports();
}
