/**
 * Runs before every test file. Most files share a worker process with the files before them
 * (vitest.config.ts: isolate: false), so what a file may count on from a fresh process is made
 * fresh here: the process-wide token cache strategies use by default (a token cached for a
 * server of an earlier file, on a port the OS hands out again, must not answer for this file's).
 */
import { sharedTokenCache } from '../../src/auth/token-cache.js';

sharedTokenCache.clear();
