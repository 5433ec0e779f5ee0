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
  /** Ours minus bare of the medians of adjacent blocks, over every pair of blocks, ms (see `timeAlternating`). */
  added: Summary;
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

/**
 * Both sides timed in alternating short blocks (the side that goes first swapping from pair to
 * pair) after 1,000 warm-up calls each: timed one after the other, a few seconds apart, the two
 * medians moved by ±15 µs from run to run with the machine's load, as much as the difference
 * they are there to show. Each pair of adjacent blocks also gives one difference of the two
 * blocks' medians (ms): their median is the added cost with that drift taken out.
 */
export async function timeAlternating(
  ours: () => Promise<unknown>,
  bare: () => Promise<unknown>,
  calls: number,
  block = 100,
): Promise<{ ours: number[]; bare: number[]; pairDifferences: number[] }> {
  for (let i = 0; i < Math.min(1000, calls); i++) {
    await ours();
    await bare();
  }
  const out = { ours: [] as number[], bare: [] as number[], pairDifferences: [] as number[] };
  for (let done = 0, pair = 0; done < calls; done += block, pair++) {
    const n = Math.min(block, calls - done);
    const medians = { ours: 0, bare: 0 };
    for (const side of pair % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)) {
      const call = side === 'ours' ? ours : bare;
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await call();
        times.push(performance.now() - t);
      }
      medians[side] = summarize(times).median;
      out[side].push(...times);
    }
    out.pairDifferences.push(medians.ours - medians.bare);
  }
  return out;
}

export function costOf(api: ClientCost['api'], timed: { ours: number[]; bare: number[]; pairDifferences: number[] }): ClientCost {
  return { api, calls: timed.ours.length, ours: summarize(timed.ours), bare: summarize(timed.bare), added: summarize(timed.pairDifferences) };
}
