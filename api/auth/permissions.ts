import type { userRoles } from '../../db/schema';

/** A role a user holds: `admin`, `operator` or `viewer`. */
export type Role = (typeof userRoles)[number];

/** What a route acts on. */
export type Resource =
  'agents' | 'trees' | 'syncs' | 'conflicts' | 'schedules' | 'query' | 'events' | 'metrics';

/** What a route does to its resource. */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'run' | 'resolve';

/** The authenticated caller, as read from a verified access token. */
export interface AuthUser {
  id: string;
  role: Role;
}

const everything: readonly Action[] = ['read', 'create', 'update', 'delete', 'run', 'resolve'];

/**
 * The one policy table: which role may do what. Viewers read; operators run the service day to
 * day; only admins change the schedule or delete trees.
 */
const policy: Record<Role, Record<Resource, readonly Action[]>> = {
  admin: {
    agents: everything,
    trees: everything,
    syncs: everything,
    conflicts: everything,
    schedules: everything,
    query: everything,
    events: everything,
    metrics: everything,
  },
  operator: {
    agents: ['read', 'create', 'update', 'delete'],
    trees: ['read', 'create'],
    syncs: ['read', 'run'],
    conflicts: ['read', 'resolve'],
    schedules: ['read', 'run'],
    query: ['read', 'run'],
    events: ['read'],
    metrics: ['read'],
  },
  viewer: {
    agents: ['read'],
    trees: ['read'],
    syncs: ['read'],
    conflicts: ['read'],
    schedules: ['read'],
    query: ['read', 'run'],
    events: ['read'],
    metrics: ['read'],
  },
};

/** True when `user` may perform `action` on `resource`; unknown roles may do nothing. */
export function checkPermissions(user: AuthUser, resource: Resource, action: Action): boolean {
  return policy[user.role]?.[resource]?.includes(action) ?? false;
}
