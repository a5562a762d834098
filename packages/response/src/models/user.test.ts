import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ApiError, InvalidObjectError, hydrate } from '@cbapi/core';
import { capture, connect, server } from '../__fixtures__/part2-nock.js';
import { SensorGroup } from './sensor-group.js';
import { Team } from './team.js';
import { User } from './user.js';

const userDoc = { username: 'jgarman', first_name: 'Jason', last_name: 'Garman', email: 'jgarman@carbonblack.com', global_admin: false, teams: [{ id: 1, name: 'Analysts' }], id: 'jgarman', auth_token: 'abc' };

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('User', () => {
  it('creates (seed 4.5.9): POST /api/user with username and team ids, then GET /api/user/<username>', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/user', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/user/jgarman').reply(200, userDoc);
    const user = cb.create(User);
    user.username = 'jgarman';
    user.password = 'cbisawesome';
    user.first_name = 'Jason';
    user.last_name = 'Garman';
    user.email = 'jgarman@carbonblack.com';
    user.teams = [{ id: 1, name: 'Analysts' }];
    user.global_admin = false;
    await user.save();
    expect(bodies).toEqual([{ username: 'jgarman', password: 'cbisawesome', first_name: 'Jason', last_name: 'Garman', email: 'jgarman@carbonblack.com', teams: [1], global_admin: false }]);
    expect(user.get('auth_token')).toBe('abc');
    expect(user.isDirty()).toBe(false);
    await cb.close();
  });

  it('names the missing fields before any request', async () => {
    const cb = await connect();
    const err = await cb.create(User, { username: 'x' }).save().catch((e: unknown) => e);
    expect(InvalidObjectError.isInstance(err)).toBe(true);
    expect((err as InvalidObjectError).missingFields).toEqual(['first_name', 'last_name', 'email', 'teams', 'global_admin']);
    await cb.close();
  });

  it('addTeam / removeTeam (Team, id or name), PUT the whole document with team objects, delete', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .get('/api/user/jgarman').reply(200, userDoc)
      .get('/api/teams').reply(200, [{ id: 1, name: 'Analysts' }, { id: 2, name: 'Responders' }])
      .put('/api/user/jgarman', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/user/jgarman').reply(200, { ...userDoc, teams: [{ id: 1, name: 'Analysts' }, { id: 2, name: 'Responders' }, { id: 3 }] })
      .put('/api/user/jgarman', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/user/jgarman').reply(200, { ...userDoc, teams: [] })
      .delete('/api/user/jgarman').reply(200, { result: 'success' });
    const user = await cb.select(User, 'jgarman');
    await user.addTeam('Responders');
    await user.addTeam(3);
    await user.addTeam(1);
    await user.save();
    expect(bodies[0]).toEqual({ ...userDoc, teams: [{ id: 1, name: 'Analysts' }, { id: 2, name: 'Responders' }, { id: 3 }] });
    await user.removeTeam(hydrate(Team, cb, { id: 1, name: 'Analysts' }));
    await user.removeTeam(2);
    await user.removeTeam(3);
    await user.save();
    expect(bodies[1]).toEqual({ ...userDoc, teams: [] });
    await expect(user.addTeam({} as never)).rejects.toThrow(ApiError);
    await user.delete();
    await cb.close();
  });

  it('lists /api/users and filters on the client', async () => {
    const cb = await connect();
    server().get('/api/users').reply(200, [userDoc, { ...userDoc, username: 'admin', id: 'admin' }]);
    expect((await cb.select(User).where('username:ADMIN').one()).username).toBe('admin');
    await cb.close();
  });
});

describe('Team', () => {
  it('lists partial teams, loads one before changing it, sets access per group and saves', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    const full = { id: 1, name: 'Analysts', group_access: [{ group_id: 1, access_category: 'Viewer', group_name: 'Default Group' }] };
    server()
      .get('/api/teams').reply(200, [{ id: 1, name: 'Analysts' }])
      .get('/api/team/1').reply(200, full)
      .put('/api/team/1', capture(bodies)).reply(200, { result: 'success' })
      .get('/api/team/1').reply(200, full);
    const team = await cb.select(Team).where('name:Analysts').one();
    expect(team.isFullyLoaded).toBe(false);
    await team.addAdministratorAccess(hydrate(SensorGroup, cb, { id: 1, name: 'Default Group', site_id: 1 }));
    await team.addViewerAccess(2);
    await team.save();
    expect(bodies).toEqual([{ id: 1, name: 'Analysts', group_access: [
      { group_id: 1, access_category: 'Administrator', group_name: 'Default Group' }, { group_id: 2, access_category: 'Viewer' },
    ] }]);
    await expect(team.addViewerAccess(cb.create(SensorGroup, { name: 'new' }))).rejects.toThrow(/saved SensorGroup/);
    await cb.close();
  });

  it('creates: POST /api/team, a status reply with the id, then GET', async () => {
    const cb = await connect();
    const bodies: unknown[] = [];
    server()
      .post('/api/team', capture(bodies)).reply(200, { result: 'success', id: 5 })
      .get('/api/team/5').reply(200, { id: 5, name: 'IR', group_access: [] })
      .delete('/api/team/5').reply(200, { result: 'success' });
    const t = cb.create(Team, { name: 'IR', group_access: [] });
    await t.save();
    expect(bodies).toEqual([{ name: 'IR', group_access: [] }]);
    expect(t.id).toBe(5);
    expect(t.name).toBe('IR');
    await t.delete();
    await cb.close();
  });
});
