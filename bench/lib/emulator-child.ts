/**
 * The emulator in its own process, for the per-call overhead measurement: in the client's process
 * its request handling would share one event loop with the code being timed. Talks over IPC only;
 * the client secret goes to the parent through the IPC channel and is never printed.
 */
import { startEmulator } from '../../src/emulator/index.js';

const ttl = Number(process.env.BENCH_TOKEN_TTL ?? '3600');
const emulator = await startEmulator({ port: 0, auth: 'oidc', tokenTtlSeconds: ttl });
const [task] = emulator.store.allTasks();
process.send?.({
  type: 'ready',
  baseUrl: emulator.baseUrl,
  graphqlUrl: emulator.graphqlUrl,
  clientId: emulator.auth.clientId,
  clientSecret: emulator.auth.clientSecret,
  tokenUrl: emulator.auth.tokenUrl,
  audience: emulator.auth.audience,
  taskId: task?.id,
});
process.on('message', (message: unknown) => {
  if (message === 'token-requests') process.send?.({ type: 'token-requests', count: emulator.auth.identity?.tokenRequests() ?? 0 });
  if (message === 'close') void emulator.close().then(() => process.exit(0));
});
// The parent went away without saying so: do not linger.
process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));
