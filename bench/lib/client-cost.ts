/**
 * Client-side cost per call with no network: the generated function, openapi-fetch or the GraphQL
 * client, the transport and the OAuth strategy, over a `fetch` that answers at once from memory —
 * against calling that same in-memory `fetch` directly. On a busy machine the loopback numbers
 * swing by milliseconds; this isolates the microseconds our code adds to every call, which is
 * what the ≤ 5 % goal is about.
 */
import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats.js';

export interface ClientCost {
  api: 'REST' | 'GraphQL';
  calls: number;
  /** Per call, ms. */
  ours: Summary;
  bare: Summary;
}

const task = { id: '2251799813685251', name: 'Review order', taskState: 'CREATED', assignee: null, sortValues: ['1', '2'] };

/** Answers the token endpoint with a long-lived token and every API call with one task, from memory. */
export function inMemoryFetch(tokenUrl: string): typeof fetch {
  const tokenBody = JSON.stringify({ access_token: 'x'.repeat(800), token_type: 'Bearer', expires_in: 3600 });
  const restBody = JSON.stringify(task);
  const graphqlBody = JSON.stringify({ data: { task } });
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    // Read the body as a real server would, so body handling is part of both sides.
    if (input instanceof Request) await input.arrayBuffer();
    else if (init?.body) await new Response(init.body).arrayBuffer();
    const body = url === tokenUrl ? tokenBody : url.endsWith('/graphql') ? graphqlBody : restBody;
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

export async function timeCalls(call: () => Promise<unknown>, calls: number): Promise<number[]> {
  for (let i = 0; i < Math.min(1000, calls); i++) await call();
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await call();
    out.push(performance.now() - t);
  }
  return out;
}

export function costOf(api: ClientCost['api'], ours: number[], bare: number[]): ClientCost {
  return { api, calls: ours.length, ours: summarize(ours), bare: summarize(bare) };
}
