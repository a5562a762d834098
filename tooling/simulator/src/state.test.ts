import { describe, expect, it } from '@jest/globals';
import { SimWorld } from './state.js';
import { parseGuid } from './world/guid.js';

describe('SimWorld', () => {
  it('builds the same estate for the same seed', () => {
    const a = new SimWorld({ seed: 7, sensors: 20, offlineSensors: 3 });
    const b = new SimWorld({ seed: 7, sensors: 20, offlineSensors: 3 });
    expect(a.sensors.map((s) => s.doc)).toEqual(b.sensors.map((s) => s.doc));
    expect([...a.allProcesses()].map((p) => p.guid)).toEqual([...b.allProcesses()].map((p) => p.guid));
    expect(a.sensors.filter((s) => s.doc.status === 'Offline').map((s) => s.doc.id)).toEqual([18, 19, 20]);
  });

  it('builds GUIDs from sensor id, pid and start, children after parents', () => {
    const world = new SimWorld({ seed: 3, sensors: 12 });
    for (const p of world.allProcesses()) {
      expect(parseGuid(p.guid)).toEqual({ sensorId: p.sensorId, pid: p.pid, startMs: p.startMs });
      const parent = world.process(p.parentGuid);
      if (parent) expect(p.startMs).toBeGreaterThan(parent.startMs);
    }
    const names = world.processesOf(1).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['ntoskrnl.exe', 'smss.exe', 'winlogon.exe', 'userinit.exe', 'explorer.exe', 'services.exe', 'svchost.exe']));
  });

  it('spawns and terminates processes', () => {
    const world = new SimWorld({ seed: 1, sensors: 2 });
    const p = world.spawnProcess(1, { path: 'c:\\windows\\system32\\notepad.exe' });
    expect(world.runningProcesses(1)).toContain(p);
    expect(world.terminateProcess(1, p.pid)).toBe(true);
    expect(world.runningProcesses(1)).not.toContain(p);
  });
});
