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

/** Self time per place, summed over every profile in `dir` (the main thread and any workers). */
export function selfTimeByPlace(dir: string): { total: number; entries: SelfTimeEntry[]; profiles: number } {
  const totals = new Map<string, number>();
  let total = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) {
      const node = byId.get(profile.samples[i]!);
      const delta = (profile.timeDeltas[i] ?? 0) / 1000;
      if (!node) continue;
      const where = categorize(node.callFrame.url, node.callFrame.functionName);
      totals.set(where, (totals.get(where) ?? 0) + delta);
      total += delta;
    }
  }
  const entries = [...totals].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms);
  return { total, entries, profiles: files.length };
}
