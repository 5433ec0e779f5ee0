/**
 * Reads V8 `.cpuprofile` files (`node --cpu-prof`) and adds up self time by where the code lives:
 * a package under node_modules, one of our folders under dist/, Node's internals, GC. This answers
 * "where does the time go" at the level the generator engineers can act on (which dependency to
 * load less, later, or not at all).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTimeEntry {
  where: string;
  ms: number;
}

export function categorize(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(idle)') return '(idle: waiting on I/O or timers)';
    if (functionName === '(program)') return '(program: V8 parsing/compiling, native)';
    return `(${functionName || 'native'})`;
  }
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const dist = /\/dist\/([^/]+)\//.exec(url);
  if (dist) return `ours: dist/${dist[1]}`;
  return url.replace(/^file:\/\//, '');
}

const isInternal = (where: string) => where === 'node internals' || (where.startsWith('(') && !where.startsWith('(garbage') && !where.startsWith('(idle') && !where.startsWith('(program'));

/**
 * Self time per place, summed over every profile in `dir` (the main thread and any workers).
 * `attributed` also charges time spent inside Node's internals (module loading, fs, compiling a
 * `require`d file) to the nearest caller outside them — the package that asked for the work.
 */
export function selfTimeByPlace(dir: string): {
  total: number;
  entries: SelfTimeEntry[];
  attributed: SelfTimeEntry[];
  /** Distinct source files of each place that ran at least one sampled function: what got loaded. */
  filesRun: Record<string, number>;
  profiles: number;
} {
  const files_ = new Map<string, Set<string>>();
  const totals = new Map<string, number>();
  const attributed = new Map<string, number>();
  let total = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) {
      for (const c of n.children ?? []) parent.set(c, n.id);
      if (n.callFrame.url && !n.callFrame.url.startsWith('node:')) {
        const where = categorize(n.callFrame.url, n.callFrame.functionName);
        if (!files_.has(where)) files_.set(where, new Set());
        files_.get(where)!.add(n.callFrame.url);
      }
    }
    const owner = new Map<number, string>();
    const ownerOf = (id: number): string => {
      const known = owner.get(id);
      if (known !== undefined) return known;
      const node = byId.get(id)!;
      const where = categorize(node.callFrame.url, node.callFrame.functionName);
      const up = parent.get(id);
      const result = isInternal(where) ? (up === undefined ? 'node internals (no caller outside Node: ESM loading, event loop)' : ownerOf(up)) : where;
      owner.set(id, result);
      return result;
    };
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      const node = byId.get(id);
      const delta = (profile.timeDeltas[i] ?? 0) / 1000;
      if (!node) continue;
      const where = categorize(node.callFrame.url, node.callFrame.functionName);
      totals.set(where, (totals.get(where) ?? 0) + delta);
      const to = ownerOf(id);
      attributed.set(to, (attributed.get(to) ?? 0) + delta);
      total += delta;
    }
  }
  const sorted = (m: Map<string, number>) => [...m].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms);
  const filesRun = Object.fromEntries([...files_].map(([k, v]) => [k, v.size]));
  return { total, entries: sorted(totals), attributed: sorted(attributed), filesRun, profiles: files.length };
}
