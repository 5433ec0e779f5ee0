/**
 * Camunda's vendor extensions on operations of the Orchestration Cluster API, read once for the
 * generator: `x-added-in-version` (the release an operation appeared in), `x-eventually-consistent`
 * (it reads the search index, which lags behind writes) and `x-required-permissions` (which
 * authorizations a caller needs; alternatives in `anyOf`).
 */

export interface CamundaExtensions {
  /** `8.8`, as written. */
  addedInVersion: string | undefined;
  eventuallyConsistent: boolean;
  /** One entry per requirement, alternatives joined: `PROCESS_DEFINITION:READ_USER_TASK or USER_TASK:READ`. */
  requiredPermissions: string[];
}

interface Permission {
  resourceType?: unknown;
  permissionType?: unknown;
}

function permissionText(p: Permission): string | undefined {
  return typeof p.resourceType === 'string' && typeof p.permissionType === 'string' ? `${p.resourceType}:${p.permissionType}` : undefined;
}

export function camundaExtensions(operation: Record<string, unknown>): CamundaExtensions {
  const added = operation['x-added-in-version'];
  const permissions = Array.isArray(operation['x-required-permissions']) ? (operation['x-required-permissions'] as unknown[]) : [];
  const requiredPermissions = permissions
    .map((entry) => {
      if (!entry || typeof entry !== 'object') return undefined;
      const anyOf = (entry as { anyOf?: unknown }).anyOf;
      const options = Array.isArray(anyOf) ? (anyOf as Permission[]).map(permissionText) : [permissionText(entry as Permission)];
      const known = options.filter((o): o is string => o !== undefined);
      return known.length > 0 ? known.join(' or ') : undefined;
    })
    .filter((p): p is string => p !== undefined);
  return {
    addedInVersion: typeof added === 'string' && /^\d+\.\d+/.test(added) ? added : undefined,
    eventuallyConsistent: operation['x-eventually-consistent'] === true,
    requiredPermissions,
  };
}

/** Release order: 8.10 is after 8.9. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
