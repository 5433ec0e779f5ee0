/** What the numbers were measured on: they mean nothing without the machine and the versions. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, repoRoot } from './paths.js';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: [number, number, number];
  /** Other busy processes at the time (a shared machine), top few by CPU. */
  busyProcesses: string[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100) as [number, number, number],
    busyProcesses: busyProcesses(),
  };
}

function busyProcesses(): string[] {
  try {
    const out = execFileSync('ps', ['-eo', 'pcpu=,comm=', '--sort=-pcpu'], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && Number.parseFloat(l) >= 5 && !/\bps$/.test(l))
      .slice(0, 6);
  } catch {
    return [];
  }
}

/** Installed version of a package, looked up from the root or the bench's own node_modules. */
export function packageVersion(name: string): string {
  for (const base of [path.join(benchDir, 'node_modules'), path.join(repoRoot, 'node_modules')]) {
    const file = path.join(base, name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'not installed';
}

export const measuredPackages = [
  'tasklist-codegen',
  '@graphql-codegen/cli',
  '@graphql-codegen/typescript',
  '@graphql-codegen/typescript-operations',
  '@graphql-codegen/typed-document-node',
  'openapi-typescript',
  'openapi-fetch',
  '@hey-api/openapi-ts',
  'orval',
  'typescript',
  'graphql',
  'esbuild',
] as const;

export function toolVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of measuredPackages) {
    versions[name] =
      name === 'tasklist-codegen'
        ? `${(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version} (${gitHead()})`
        : packageVersion(name);
  }
  return versions;
}

function gitHead(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'no git';
  }
}
