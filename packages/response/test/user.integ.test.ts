import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ObjectNotFoundError } from '@cbapi/core';
import { SensorGroup } from '../src/models/sensor-group.js';
import { Team } from '../src/models/team.js';
import { User } from '../src/models/user.js';
import { served, startSim, type SimSession } from './seed-simulator.js';

let env: SimSession;
beforeAll(async () => {
  env = await startSim();
});
afterAll(async () => {
  await env.close();
});

describe('Users and teams against the simulator', () => {
  it('creates a user (seed 4.5.9), adds a team, changes and deletes it', async () => {
    const { cb, sim } = env;
    const team = cb.create(Team, { name: 'Incident Responders', group_access: [] });
    await team.addViewerAccess(await cb.select(SensorGroup, 1));
    await team.save();
    expect(typeof team.id).toBe('number');
    expect(team.group_access).toEqual([expect.objectContaining({ group_id: 1, access_category: 'Viewer' })]);
    await team.addAdministratorAccess(1);
    await team.save();
    expect((await cb.select(Team, team.id, { forceInit: true })).group_access.map((a) => a.access_category)).toEqual(['Administrator']);

    const user = cb.create(User);
    user.username = 'jgarman';
    user.password = 'cbisawesome';
    user.first_name = 'Jason';
    user.last_name = 'Garman';
    user.email = 'jgarman@carbonblack.com';
    user.teams = [];
    user.global_admin = false;
    const mark = sim.requests.length;
    await user.save();
    expect(served(sim, mark)).toEqual(['POST /api/user', 'GET /api/user/jgarman']);
    expect(sim.requests[mark]?.body).toEqual({
      username: 'jgarman', password: 'cbisawesome', first_name: 'Jason', last_name: 'Garman', email: 'jgarman@carbonblack.com', teams: [], global_admin: false,
    });
    await user.addTeam('Incident Responders');
    const m2 = sim.requests.length;
    await user.save();
    expect(served(sim, m2)).toEqual(['PUT /api/user/jgarman', 'GET /api/user/jgarman']);
    expect((await cb.select(User, 'jgarman', { forceInit: true })).teams.map((t) => Number(t.id))).toEqual([team.id]);
    await user.removeTeam(team);
    await user.save();
    expect(user.teams).toEqual([]);
    expect((await cb.select(User).where('username:jgarman').toArray()).length).toBe(1);
    await user.delete();
    await expect(cb.select(User, 'jgarman', { forceInit: true })).rejects.toThrow(ObjectNotFoundError);
    const listed = await cb.select(Team).where('name:Incident Responders').one();
    expect(listed.isFullyLoaded).toBe(false);
    await listed.delete();
  });
});
