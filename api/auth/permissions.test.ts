import { describe, expect, it } from 'vitest';

import { checkPermissions, type Role } from './permissions';

const user = (role: Role) => ({ id: '0b6c1f9e-8d7a-4c55-9a51-2f3e7d1c4b20', role });

describe('checkPermissions', () => {
  it('lets a viewer read everything and change nothing', () => {
    expect(checkPermissions(user('viewer'), 'agents', 'read')).toBe(true);
    expect(checkPermissions(user('viewer'), 'agents', 'create')).toBe(false);
    expect(checkPermissions(user('viewer'), 'syncs', 'run')).toBe(false);
    expect(checkPermissions(user('viewer'), 'conflicts', 'resolve')).toBe(false);
  });

  it('lets an operator run syncs and resolve conflicts but not re-time the schedule', () => {
    expect(checkPermissions(user('operator'), 'syncs', 'run')).toBe(true);
    expect(checkPermissions(user('operator'), 'conflicts', 'resolve')).toBe(true);
    expect(checkPermissions(user('operator'), 'schedules', 'update')).toBe(false);
  });

  it('lets an admin do everything and an unknown role nothing', () => {
    expect(checkPermissions(user('admin'), 'schedules', 'update')).toBe(true);
    expect(checkPermissions(user('root' as Role), 'agents', 'read')).toBe(false);
  });
});
