/**
 * Runtime cost against the emulator on loopback (issue 8):
 * - per-call overhead of a generated function with OAuth (token cache, retries, typed client)
 *   vs a bare `fetch` of the same request with the same token: ≥ 10,000 calls each, medians, ratio;
 * - token single-flight under load: 1,000 concurrent calls on a cold cache, 1,000 spread across
 *   the early-refresh point, and 1,000 after the token expired; token requests counted at the
 *   identity provider.
 *
 *   tsx bench/runtime.ts [--quick]     (--quick: 2,000 calls each)
 *
 * Runs from source (tsx): the emulator is not part of the build. The generated functions come
 * from this repo's `generated/`.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent, setGlobalDispatcher } from 'undici';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summarize, type Summary } from './lib/stats.js';
import { costOf, inMemoryFetch, timeAlternating, type ClientCost } from './lib/client-cost.js';
import { captureExchanges, exchangeDifference } from './lib/exchange.js';
import { benchDir, repoRoot, toolBins, workDir } from './lib/paths.js';
import { benchOptions, ratio, table, us, writePartResult, type GoalStatus, goalTable } from './lib/report.js';

interface EmulatorHandle {
  baseUrl: string;
  graphqlUrl: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  audience: string;
  taskId: string;
  tokenRequests(): Promise<number>;
  close(): Promise<void>;
}

async function startEmulatorProcess(tokenTtlSeconds: number): Promise<EmulatorHandle> {
  const child: ChildProcess = fork(path.join(benchDir, 'lib/emulator-child.ts'), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_TOKEN_TTL: String(tokenTtlSeconds) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const msg = m as { type?: string };
      if (msg.type === 'ready') {
        child.off('message', onMessage);
        resolve(m as Record<string, string>);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`emulator process exited with ${code} before it was ready`)));
  });
  return {
    baseUrl: ready.baseUrl!,
    graphqlUrl: ready.graphqlUrl!,
    clientId: ready.clientId!,
    clientSecret: ready.clientSecret!,
    tokenUrl: ready.tokenUrl!,
    audience: ready.audience!,
    taskId: ready.taskId!,
    tokenRequests: () =>
      new Promise((resolve) => {
        const onMessage = (m: unknown) => {
          const msg = m as { type?: string; count?: number };
          if (msg.type === 'token-requests') {
            child.off('message', onMessage);
            resolve(msg.count ?? Number.NaN);
          }
        };
        child.on('message', onMessage);
        child.send('token-requests');
      }),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

/** A token fetched by hand, for the bare-fetch side: the same credentials, the same audience. */
async function fetchToken(e: EmulatorHandle): Promise<string> {
  const res = await fetch(e.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: e.clientId,
      client_secret: e.clientSecret,
      audience: e.audience,
    }),
  });
  if (!res.ok) throw new Error(`token request failed with HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

type Call = () => Promise<unknown>;

const warmUpCalls = 1500;

/**
 * Calls per block. Short blocks, many of them: on this loopback the median of one process's calls
 * drifts by ±10 % over tens of seconds (the machine's load, the server's GC), so both sides' blocks
 * must sit close together in time for their ratio to mean anything; 50 calls take 50–100 ms.
 */
const blockCalls = 50;

interface Alternation {
  /** Every call's wall time (ms), each side. */
  a: number[];
  b: number[];
  /** Per pair of adjacent blocks: median of side a's block / median of side b's block. */
  pairRatios: number[];
  /** Client CPU time (user + system) per call of each side, µs, summed over its blocks. */
  cpu: { a: number; b: number };
}

/**
 * Times `calls` calls of each side, one at a time, in alternating blocks of `blockCalls` so drift
 * in machine load lands on both, the side that goes first swapping from pair to pair (A B, B A,
 * A B …: neither always follows the other's garbage); each call timed on its own. Before that,
 * 1,500 warm-up calls each: on loopback the first 1,000–1,500 calls of either side run 100–300 µs
 * slower while V8 optimises and undici's pool settles, which 200 did not cover. Besides every
 * call's time, each pair of blocks gives one ratio of the two blocks' medians: their median is
 * the overhead with the drift between pairs divided out, their quartiles how far one pair's
 * verdict can be trusted. Also the client process's CPU time (user + system) per call of each
 * side, summed over its blocks: unlike wall time it leaves out the server and the waiting, so it
 * shows what each side costs this process.
 */
async function alternate(a: Call, b: Call, calls: number, block = blockCalls): Promise<Alternation> {
  const out: Alternation = { a: [], b: [], pairRatios: [], cpu: { a: 0, b: 0 } };
  const cpu = { a: 0, b: 0 };
  for (let i = 0; i < Math.min(warmUpCalls, calls); i++) {
    await a();
    await b();
  }
  for (let done = 0, pair = 0; done < calls; done += block, pair++) {
    const n = Math.min(block, calls - done);
    const sides = [
      [a, 'a'],
      [b, 'b'],
    ] as const;
    const medians = { a: 0, b: 0 };
    for (const [fn, side] of pair % 2 === 0 ? sides : ([sides[1], sides[0]] as const)) {
      const times: number[] = [];
      const before = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
      const used = process.cpuUsage(before);
      cpu[side] += used.user + used.system;
      medians[side] = summarize(times).median;
      out[side].push(...times);
    }
    out.pairRatios.push(medians.a / medians.b);
  }
  // µs per call
  out.cpu = { a: cpu.a / calls, b: cpu.b / calls };
  return out;
}

interface OverheadResult {
  api: 'REST' | 'GraphQL';
  calls: number;
  ours?: Summary;
  bare?: Summary;
  /** The client process's CPU time per call (µs), each side. */
  cpu?: { ours: number; bare: number };
  /** Ours / bare of the medians of adjacent blocks, over every pair of blocks (see `alternate`). */
  pairRatio?: Summary;
  notMeasured?: string;
}

type Runtime = typeof import('../src/runtime/index.js');

/**
 * The runtime's entry, as an app imports it in a browser: `createTasklistClient` with a ready
 * strategy. The browser entry rather than the Node one (which adds undici's connection pool under
 * the transport) so that both sides of the loopback comparison go through Node's own fetch.
 */
async function loadRuntime(): Promise<Runtime> {
  return (await import(pathToFileURL(path.join(repoRoot, 'src/runtime/index.ts')).href)) as Runtime;
}

/**
 * The client an app builds: `createTasklistClient` with the OAuth strategy, its token cache a fresh
 * one (the process-wide cache might already hold a token) and its events passed on.
 */
function oauthClient(
  runtime: Runtime,
  config: { baseUrl: string; clientId: string; clientSecret: string; oauthUrl: string; audience: string; refreshWindowSeconds?: number },
  options: { graphqlUrl?: string; retry?: false; onEvent?: (event: import('../src/runtime/index.js').AuthEvent) => void } = {},
) {
  const { baseUrl, ...credentials } = config;
  return runtime.createTasklistClient({
    baseUrl,
    auth: runtime.oauthClientCredentials(credentials, {
      tokenCache: new runtime.TokenCache(),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    }),
    ...(options.graphqlUrl ? { graphql: { endpoint: options.graphqlUrl } } : {}),
    ...(options.retry === false ? { transport: { retry: false } } : {}),
  });
}

/** Tokens are refreshed this long before they expire (the single-flight test crosses that point). */
const refreshWindowSeconds = 5;

function oauthConfig(e: EmulatorHandle) {
  return {
    baseUrl: e.baseUrl,
    clientId: e.clientId,
    clientSecret: e.clientSecret,
    oauthUrl: e.tokenUrl,
    audience: e.audience,
    refreshWindowSeconds,
  };
}

let restFile = path.join(repoRoot, 'generated/rest/index.ts');

/**
 * The REST client to call: this repo's `generated/rest/` when it is there; otherwise one generated
 * here, by the built CLI, from the emulator's own OpenAPI document (the functions are the same
 * generator's output either way). Returns why not, when neither can be had.
 */
async function ensureRestClient(): Promise<string | undefined> {
  if (existsSync(restFile)) return undefined;
  const cli = toolBins.ours;
  if (!existsSync(cli)) return 'generated/rest/index.ts is missing and the CLI is not built to generate one';
  const project = path.join(workDir, 'runtime', 'project');
  rmSync(project, { recursive: true, force: true });
  mkdirSync(path.join(project, 'schemas'), { recursive: true });
  const { buildOpenApiDocument } = (await import(
    pathToFileURL(path.join(repoRoot, 'src/emulator/index.ts')).href
  )) as typeof import('../src/emulator/index.js');
  writeFileSync(path.join(project, 'schemas', 'openapi.json'), JSON.stringify(buildOpenApiDocument({ serverVersion: '8.7.0' }), null, 2));
  const generatedDir = path.join(project, 'generated', 'rest');
  const runtimeImport = path.relative(generatedDir, path.join(repoRoot, 'src/runtime/index.js')).split(path.sep).join('/');
  writeFileSync(
    path.join(project, 'codegen.ts'),
    `export const tasklist = ${JSON.stringify({ outDir: 'generated', runtimeImport, graphql: false, rest: { schemaFile: 'schemas/openapi.json' } })};\n`,
  );
  const r = spawnSync(process.execPath, [cli, 'generate', '--rest'], { cwd: project, encoding: 'utf8' });
  const file = path.join(generatedDir, 'index.ts');
  if (r.status !== 0 || !existsSync(file))
    return `generated/rest/index.ts is missing and generating one failed: ${(r.stderr || r.stdout).split('\n').filter(Boolean).slice(0, 2).join(' / ')}`;
  restFile = file;
  restSource = "generated by this bench from the emulator's OpenAPI document (the repo has no generated/rest/ yet)";
  return undefined;
}

let restSource = "this repo's generated/rest/";
const graphqlFile = path.join(repoRoot, 'generated/graphql/index.ts');
const graphqlOpsFile = path.join(repoRoot, 'generated/graphql/operations.ts');

/** The `accept` the generated GraphQL functions send (src/runtime/graphql.ts). */
export const graphqlAccept = 'application/graphql-response+json, application/json;q=0.9';

/**
 * The bare side of the REST comparison: `fetch` of what the generated `getTaskById` sends. That
 * sends no `accept` (fetch adds its default), so neither does this.
 */
export function bareRestCall(baseUrl: string, taskId: string, token: string): Call {
  const url = `${baseUrl}/v1/tasks/${encodeURIComponent(taskId)}`;
  return async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`bare fetch: HTTP ${res.status}`);
    const task = (await res.json()) as { id: string };
    if (task.id !== taskId) throw new Error('bare fetch returned the wrong task');
  };
}

/**
 * The bare side of the GraphQL comparison: `fetch` of what the generated `getTask` sends: its
 * `accept`, no `operationName` (the document has one operation), the body serialized per call as
 * any call with variables must.
 */
export function bareGraphQLCall(graphqlUrl: string, query: string, taskId: string, token: string): Call {
  return async () => {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { accept: graphqlAccept, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { id: taskId } }),
    });
    const json = (await res.json()) as { data?: { task?: { id: string } }; errors?: unknown[] };
    if (!res.ok || json.errors || json.data?.task?.id !== taskId) throw new Error(`bare GraphQL fetch failed: HTTP ${res.status}`);
  };
}

/**
 * Why the two sides' figures would not be a fair comparison, or undefined: one call of each,
 * relayed to the emulator, must put the same bytes on the wire both ways (the token's value and
 * the answer's Date aside; see lib/exchange.ts).
 */
async function exchangesDiffer(
  e: EmulatorHandle,
  ours: (baseUrl: string) => Promise<unknown>,
  bare: (baseUrl: string) => Promise<unknown>,
): Promise<string | undefined> {
  const [oursSent, bareSent] = await captureExchanges(e.baseUrl, [ours, bare]);
  const difference = exchangeDifference(oursSent!, bareSent!);
  return difference && `the two sides do not make the same call (${difference})`;
}

function overheadOf(t: Alternation): Pick<OverheadResult, 'ours' | 'bare' | 'cpu' | 'pairRatio'> {
  return { ours: summarize(t.a), bare: summarize(t.b), cpu: { ours: t.cpu.a, bare: t.cpu.b }, pairRatio: summarize(t.pairRatios) };
}

async function measureOverhead(calls: number): Promise<OverheadResult[]> {
  if (calls <= 0) return (['REST', 'GraphQL'] as const).map((api) => ({ api, calls, notMeasured: 'skipped (BENCH_CALLS=0)' }));
  const e = await startEmulatorProcess(3600);
  try {
    const runtime = await loadRuntime();
    const tasklist = oauthClient(runtime, oauthConfig(e), { graphqlUrl: e.graphqlUrl });
    const token = await fetchToken(e);
    const out: OverheadResult[] = [];

    const restMissing = await ensureRestClient();
    if (restMissing) {
      out.push({ api: 'REST', calls, notMeasured: restMissing });
    } else {
      console.error(`runtime: REST getTaskById, ${calls} calls each side…`);
      const rest = (await import(pathToFileURL(restFile).href)) as {
        getTaskById(client: unknown, input: { path: { taskId: string } }): Promise<{ id: string }>;
      };
      const oursOf = (client: typeof tasklist) => async () => {
        const task = await rest.getTaskById(client.rest, { path: { taskId: e.taskId } });
        if (task.id !== e.taskId) throw new Error('generated getTaskById returned the wrong task');
      };
      const bareOf = (baseUrl: string) => bareRestCall(baseUrl, e.taskId, token);
      const differs = await exchangesDiffer(
        e,
        (baseUrl) => oursOf(oauthClient(runtime, { ...oauthConfig(e), baseUrl }))(),
        (baseUrl) => bareOf(baseUrl)(),
      );
      if (differs) {
        out.push({ api: 'REST', calls, notMeasured: differs });
      } else {
        const t = await alternate(oursOf(tasklist), bareOf(e.baseUrl), calls);
        out.push({ api: 'REST', calls, ...overheadOf(t) });
      }
    }

    if (!existsSync(graphqlFile) || !existsSync(graphqlOpsFile)) {
      out.push({ api: 'GraphQL', calls, notMeasured: 'generated/graphql/index.ts is missing' });
    } else {
      console.error(`runtime: GraphQL getTask, ${calls} calls each side…`);
      const gql = (await import(pathToFileURL(graphqlFile).href)) as {
        getTask(client: unknown, v: { id: string }): Promise<{ task: { id: string } }>;
      };
      const ops = (await import(pathToFileURL(graphqlOpsFile).href)) as { GetTaskDocument: { toString(): string } };
      const query = ops.GetTaskDocument.toString();
      const oursOf = (client: typeof tasklist) => async () => {
        const r = await gql.getTask(client.graphql, { id: e.taskId });
        if (r.task.id !== e.taskId) throw new Error('generated getTask returned the wrong task');
      };
      const bareOf = (graphqlUrl: string) => bareGraphQLCall(graphqlUrl, query, e.taskId, token);
      const differs = await exchangesDiffer(
        e,
        (baseUrl) => oursOf(oauthClient(runtime, { ...oauthConfig(e), baseUrl }, { graphqlUrl: `${baseUrl}/graphql` }))(),
        (baseUrl) => bareOf(`${baseUrl}/graphql`)(),
      );
      if (differs) {
        out.push({ api: 'GraphQL', calls, notMeasured: differs });
      } else {
        const t = await alternate(oursOf(tasklist), bareOf(e.graphqlUrl), calls);
        out.push({ api: 'GraphQL', calls, ...overheadOf(t) });
      }
    }
    return out;
  } finally {
    await e.close();
  }
}

/** Our code's own cost per call, no network (see lib/client-cost.ts). */
async function measureClientCost(calls: number): Promise<ClientCost[] | { notMeasured: string }> {
  if (calls <= 0) return { notMeasured: 'skipped (BENCH_CALLS=0)' };
  const restMissing = await ensureRestClient();
  const runtime = await loadRuntime();
  const baseUrl = 'http://127.0.0.1:9';
  const tokenUrl = `${baseUrl}/oauth/token`;
  const memory = inMemoryFetch(tokenUrl);
  // The public API has no option for the fetch under the transport (its `fetch` replaces the
  // transport), so the in-memory fetch goes where the transport takes its default from,
  // `globalThis.fetch`, for as long as this part runs.
  const realFetch = globalThis.fetch;
  globalThis.fetch = memory;
  try {
    const tasklist = oauthClient(runtime, {
      baseUrl,
      clientId: 'bench',
      clientSecret: 'bench-secret',
      oauthUrl: tokenUrl,
      audience: 'tasklist-api',
    });
    const token = 'x'.repeat(800);
    const out: ClientCost[] = [];
    if (!restMissing) {
      console.error(`runtime: client-side cost per call, REST, ${calls} calls each, no network…`);
      const rest = (await import(pathToFileURL(restFile).href)) as {
        getTaskById(client: unknown, input: { path: { taskId: string } }): Promise<{ id: string }>;
      };
      const url = `${baseUrl}/v1/tasks/${task}`;
      const timed = await timeAlternating(
        () => rest.getTaskById(tasklist.rest, { path: { taskId: task } }),
        async () => (await memory(url, { headers: { authorization: `Bearer ${token}` } })).json(),
        calls,
      );
      out.push(costOf('REST', timed));
    }
    if (existsSync(graphqlFile) && existsSync(graphqlOpsFile)) {
      console.error(`runtime: client-side cost per call, GraphQL, ${calls} calls each, no network…`);
      const gql = (await import(pathToFileURL(graphqlFile).href)) as { getTask(client: unknown, v: { id: string }): Promise<unknown> };
      const ops = (await import(pathToFileURL(graphqlOpsFile).href)) as { GetTaskDocument: { toString(): string } };
      const client = tasklist.graphql;
      const query = ops.GetTaskDocument.toString();
      const timed = await timeAlternating(
        () => gql.getTask(client, { id: task }),
        async () =>
          (
            await memory(`${baseUrl}/graphql`, {
              method: 'POST',
              headers: { accept: graphqlAccept, 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query, variables: { id: task } }),
            })
          ).json(),
        calls,
      );
      out.push(costOf('GraphQL', timed));
    }
    return out;
  } finally {
    globalThis.fetch = realFetch;
  }
}

const task = '2251799813685251';

interface SingleFlightPhase {
  phase: string;
  calls: number;
  tokenRequests: number;
  failed: number;
  /** Distinct failure reasons of this phase with their counts. */
  failures: Array<{ reason: string; count: number }>;
  ms: number;
}

/** Why calls failed, by error name and first line of the message, counted. */
const failureReasons = new Map<string, number>();

/** Fires `calls` calls at once; returns how many failed. */
async function burst(calls: number, call: Call): Promise<number> {
  const results = await Promise.allSettled(Array.from({ length: calls }, () => call()));
  let failed = 0;
  for (const r of results) {
    if (r.status !== 'rejected') continue;
    failed++;
    const e = r.reason as Error & { code?: string; cause?: { code?: string } };
    const reason = `${e?.name ?? 'Error'}${e?.code ? ` ${e.code}` : ''}: ${String(e?.message ?? e)
      .split('\n')[0]!
      .slice(0, 160)}${e?.cause?.code ? ` (cause ${e.cause.code})` : ''}`;
    failureReasons.set(reason, (failureReasons.get(reason) ?? 0) + 1);
  }
  return failed;
}

async function measureSingleFlight(calls: number): Promise<{ api: string; phases: SingleFlightPhase[] } | { notMeasured: string }> {
  const useRest = (await ensureRestClient()) === undefined;
  if (!useRest && !existsSync(graphqlFile)) return { notMeasured: 'neither generated/rest/index.ts nor generated/graphql/index.ts exists' };
  const ttl = 20;
  const e = await startEmulatorProcess(ttl);
  // Node's fetch otherwise opens one socket per concurrent call; 1,000 simultaneous connects
  // overflow the listen backlog and fail with socket errors that say nothing about tokens. A
  // browser caps connections per host (6 for HTTP/1.1); 64 is generous and still concurrent.
  setGlobalDispatcher(new Agent({ connections: 64 }));
  try {
    const runtime = await loadRuntime();
    let expiresAt = 0;
    const tasklist = oauthClient(runtime, oauthConfig(e), {
      graphqlUrl: e.graphqlUrl,
      retry: false,
      onEvent: (ev) => {
        if (ev.type === 'token-issued') expiresAt = ev.expiresAt;
      },
    });
    let call: Call;
    if (useRest) {
      const rest = (await import(pathToFileURL(restFile).href)) as {
        getTaskById(client: unknown, input: { path: { taskId: string } }): Promise<unknown>;
      };
      call = () => rest.getTaskById(tasklist.rest, { path: { taskId: e.taskId } });
    } else {
      const gql = (await import(pathToFileURL(graphqlFile).href)) as { getTask(client: unknown, v: { id: string }): Promise<unknown> };
      const client = tasklist.graphql;
      call = () => gql.getTask(client, { id: e.taskId });
    }
    const phases: SingleFlightPhase[] = [];
    const phase = async (name: string, run: () => Promise<number>) => {
      const before = await e.tokenRequests();
      failureReasons.clear();
      const t = performance.now();
      const failed = await run();
      const ms = performance.now() - t;
      const failures = [...failureReasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
      phases.push({ phase: name, calls, tokenRequests: (await e.tokenRequests()) - before, failed, failures, ms });
    };
    const sleepUntil = (epochMs: number) => new Promise((r) => setTimeout(r, Math.max(0, epochMs - Date.now())));

    console.error(`runtime: single-flight, ${calls} concurrent calls on a cold cache…`);
    await phase('cold cache: all at once', () => burst(calls, call));

    console.error('runtime: single-flight, calls spread across the early-refresh point…');
    // Early refresh starts `refreshWindowSeconds` before expiry: spread the calls over the second
    // around that point, 10 waves 100 ms apart.
    await sleepUntil(expiresAt - refreshWindowSeconds * 1000 - 500);
    await phase('across the refresh point: 10 waves over 1 s', async () => {
      const waves: Array<Promise<number>> = [];
      for (let w = 0; w < 10; w++) {
        waves.push(burst(calls / 10, call));
        await new Promise((r) => setTimeout(r, 100));
      }
      return (await Promise.all(waves)).reduce((s, v) => s + v, 0);
    });

    console.error('runtime: single-flight, calls after the cached token expired…');
    await sleepUntil(expiresAt + 300);
    await phase('after expiry: all at once', () => burst(calls, call));
    return { api: useRest ? 'REST getTaskById' : 'GraphQL getTask', phases };
  } finally {
    await e.close();
  }
}

export interface RuntimeResults {
  overhead: OverheadResult[];
  clientCost: ClientCost[] | { notMeasured: string };
  singleFlight: { api: string; phases: SingleFlightPhase[] } | { notMeasured: string };
  goals: GoalStatus[];
}

export async function runRuntimeBench(argv: string[] = []): Promise<RuntimeResults> {
  const opts = benchOptions(argv);
  const calls = Number(process.env.BENCH_CALLS ?? (opts.quick ? 2000 : 10_000));
  let overhead: OverheadResult[];
  try {
    overhead = await measureOverhead(calls);
  } catch (error) {
    const why = `failed: ${(error as Error).message.split('\n')[0]}`;
    overhead = [
      { api: 'REST', calls, notMeasured: why },
      { api: 'GraphQL', calls, notMeasured: why },
    ];
  }
  let clientCost: RuntimeResults['clientCost'];
  try {
    clientCost = await measureClientCost(calls);
  } catch (error) {
    clientCost = { notMeasured: `failed: ${(error as Error).message.split('\n')[0]}` };
  }
  let singleFlight: RuntimeResults['singleFlight'];
  try {
    singleFlight = await measureSingleFlight(1000);
  } catch (error) {
    singleFlight = { notMeasured: `failed: ${(error as Error).message.split('\n')[0]}` };
  }
  const goals = runtimeGoals(overhead, singleFlight);
  const result = { overhead, clientCost, singleFlight, goals };
  writePartResult('runtime', renderRuntime(result), result);
  return result;
}

function signedPercent(fraction: number): string {
  return `${fraction >= 0 ? '+' : '−'}${Math.abs(fraction * 100).toFixed(1)} %`;
}

function runtimeGoals(overhead: OverheadResult[], sf: RuntimeResults['singleFlight']): GoalStatus[] {
  const goals: GoalStatus[] = [];
  for (const o of overhead) {
    goals.push(
      o.ours && o.bare
        ? {
            goal: `Runtime overhead ≤ 5 % over a bare fetch (${o.api}, median per call)`,
            measured: `${us(o.ours.median * 1000)} vs ${us(o.bare.median * 1000)}: ${signedPercent(o.ours.median / o.bare.median - 1)}${
              o.pairRatio
                ? `; block pairs: median ${signedPercent(o.pairRatio.median - 1)} (p25–p75 ${signedPercent(o.pairRatio.p25 - 1)} to ${signedPercent(o.pairRatio.p75 - 1)})`
                : ''
            }`,
            // The ratio with the drift between block pairs divided out, when there is one (see `alternate`).
            status: (o.pairRatio?.median ?? o.ours.median / o.bare.median) <= 1.05 ? 'met' : 'not met',
          }
        : { goal: `Runtime overhead ≤ 5 % over a bare fetch (${o.api})`, measured: o.notMeasured ?? '–', status: 'not measured' },
    );
  }
  if ('notMeasured' in sf) {
    goals.push({ goal: 'Exactly one token request per expiry (1,000 concurrent calls)', measured: sf.notMeasured, status: 'not measured' });
  } else {
    goals.push({
      goal: 'Exactly one token request per expiry (1,000 concurrent calls)',
      measured: sf.phases.map((p) => `${p.phase}: ${p.tokenRequests}${p.failed ? ` (${p.failed} calls failed)` : ''}`).join('; '),
      status: sf.phases.every((p) => p.tokenRequests === 1 && p.failed === 0) ? 'met' : 'not met',
    });
  }
  return goals;
}

function renderRuntime(r: RuntimeResults): string {
  const rows = r.overhead.map((o) =>
    o.ours && o.bare
      ? [
          o.api,
          String(o.calls),
          `**${us(o.ours.median * 1000)}** (p25–p75 ${us(o.ours.p25 * 1000)}–${us(o.ours.p75 * 1000)})`,
          `**${us(o.bare.median * 1000)}** (p25–p75 ${us(o.bare.p25 * 1000)}–${us(o.bare.p75 * 1000)})`,
          ratio(o.ours.median, o.bare.median),
          o.pairRatio
            ? `**${signedPercent(o.pairRatio.median - 1)}** (p25–p75 ${signedPercent(o.pairRatio.p25 - 1)} to ${signedPercent(o.pairRatio.p75 - 1)})`
            : '–',
          us((o.ours.median - o.bare.median) * 1000),
          o.cpu ? `${us(o.cpu.ours)} / ${us(o.cpu.bare)} (${signedPercent(o.cpu.ours / o.cpu.bare - 1)})` : '–',
        ]
      : [o.api, String(o.calls), `not measured: ${o.notMeasured}`, '', '', '', '', ''],
  );
  const sf = r.singleFlight;
  return [
    '## Runtime: per-call overhead and token single-flight',
    '',
    'Against the emulator (OAuth 2.0 client credentials, JWT access tokens) in its own process on 127.0.0.1. ' +
      '"Ours" is the generated function through `createTasklistClient` with `oauthClientCredentials` (token cache, retry policy): the client an app builds; ' +
      '"bare" is `fetch` of the same request with a token fetched once by hand, then `res.json()`. ' +
      "Before the timing, one call of each side is relayed to the emulator and the bytes compared both ways (the token's value and the answer's Date aside): a side that sends or gets anything else is not measured. " +
      `Calls one at a time, both sides alternating in short blocks of ${blockCalls} (which side goes first swaps from pair to pair) after ${warmUpCalls} warm-up calls each; every call timed on its own. ` +
      "Loopback medians of one process drift by ±10 % over tens of seconds on a shared machine, more than the difference measured, so each pair of adjacent blocks (taken within a fraction of a second of each other) gives one ratio of the two blocks' medians: " +
      '"overhead, block pairs" is the median of those ratios with their quartiles, and is what the goal is judged by; "ratio" divides the medians of all calls pooled. ' +
      "The last column is this process's CPU time (user + system) per call of each side, summed over its blocks: it leaves out the server and the waiting, which the wall-clock medians include.",
    '',
    table(
      [
        'API',
        'calls each',
        'ours, median per call',
        'bare fetch, median per call',
        'ratio',
        'overhead, block pairs (p25–p75)',
        'overhead per call',
        'client CPU per call, ours / bare',
      ],
      rows,
    ),
    '',
    `REST functions: ${restSource}.`,
    '',
    "### Our code's own cost per call (no network)",
    '',
    "The same generated functions and client over a `fetch` that answers from memory (token endpoint included; put in as `globalThis.fetch`, the transport's default, since the client takes no fetch for under its transport), against calling that in-memory `fetch` directly with the same request, the two alternating in blocks of 100 calls. This is the part of each call our code adds, free of the server's noise; the added cost is the median over pairs of adjacent blocks of the difference of their medians (so the machine's drift between pairs is taken out), with its quartiles; the last column puts it against the bare loopback call above.",
    '',
    'notMeasured' in r.clientCost
      ? `Not measured: ${r.clientCost.notMeasured}`
      : table(
          [
            'API',
            'calls each',
            'ours, median',
            'in-memory fetch alone, median',
            'our added cost per call (block pairs, p25–p75)',
            'as a share of a bare loopback call',
          ],
          r.clientCost.map((c) => {
            const loop = r.overhead.find((o) => o.api === c.api)?.bare?.median;
            const added = c.added.median;
            return [
              c.api,
              String(c.calls),
              us(c.ours.median * 1000),
              us(c.bare.median * 1000),
              `**${us(added * 1000)}** (p25–p75 ${us(c.added.p25 * 1000)}–${us(c.added.p75 * 1000)})`,
              loop ? `${((100 * added) / loop).toFixed(1)} %` : '–',
            ];
          }),
        ),
    '',
    '### Token single-flight under load',
    '',
    `The emulator issues tokens valid for 20 s; the client refreshes ${refreshWindowSeconds} s before expiry (\`refreshWindowSeconds: ${refreshWindowSeconds}\`), a fresh token cache, retries off (a failure shows as a failure), at most 64 connections to the server (undici \`Agent\`; without a cap Node opens 1,000 sockets and the listen backlog overflows). Token requests are counted at the identity provider. A phase that lasts longer than the token's remaining life legitimately needs a second token: compare with the wall column.`,
    '',
    'notMeasured' in sf
      ? `Not measured: ${sf.notMeasured}`
      : `Calls: generated ${sf.api}.\n\n` +
        table(
          ['phase', 'calls', 'token requests', 'failed calls', 'wall', 'why calls failed'],
          sf.phases.map((p) => [
            p.phase,
            String(p.calls),
            `**${p.tokenRequests}**`,
            String(p.failed),
            `${Math.round(p.ms)} ms`,
            p.failures
              .slice(0, 3)
              .map((f) => `${f.count}× ${f.reason.replace(/\|/g, '\\|')}`)
              .join('<br>'),
          ]),
        ),
    '',
    '### Runtime goals',
    '',
    goalTable(r.goals),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await runRuntimeBench(process.argv.slice(2));
  console.log(goalTable(r.goals));
}
