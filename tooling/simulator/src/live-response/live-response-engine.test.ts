import { describe, expect, it } from '@jest/globals';
import { SimWorld } from '../state.js';
import { LiveResponseEngine } from './live-response-engine.js';
import { LiveResponseRequestError } from './live-response-request-error.js';

function world(): SimWorld {
  return new SimWorld({ seed: 7, sensors: 6, offlineSensors: 1 });
}

describe('LiveResponseEngine', () => {
  it('rejects out-of-range options with a RangeError naming the option', () => {
    expect(() => new LiveResponseEngine(world(), { maxSessions: 0 })).toThrow(/maxSessions/);
    expect(() => new LiveResponseEngine(world(), { commandMs: -1 })).toThrow(RangeError);
    expect(() => new LiveResponseEngine(world(), { sessionTimeoutMs: Number.NaN })).toThrow(/sessionTimeoutMs/);
    expect(() => new LiveResponseEngine(world(), { clock: 5 as unknown as () => number })).toThrow(/clock/);
  });

  it('uses the injected clock for create_time and command times', () => {
    const engine = new LiveResponseEngine(world(), { clock: () => 1_517_942_461_155, sessionStartMs: 10_000 });
    try {
      const session = engine.createSession(1, {});
      expect(session.createTime).toBe(1_517_942_461_155);
      const command = engine.postCommand(session, { name: 'process list' });
      expect(command.wire['create_time']).toBe(1_517_942_461.155);
    } finally {
      engine.close();
    }
  });

  it('close() releases held long polls at once and refuses new sessions', async () => {
    const engine = new LiveResponseEngine(world(), { sessionStartMs: 60_000, longPollMs: 60_000 });
    const session = engine.createSession(1, {});
    const command = engine.postCommand(session, { name: 'process list' });
    const waits = Promise.all([engine.waitForSession(session, new AbortController().signal), engine.waitForCommand(command, new AbortController().signal)]);
    engine.close();
    await waits;
    expect(session.status).toBe('pending');
    expect(() => engine.createSession(2, {})).toThrow(LiveResponseRequestError);
  });

  it('an aborted signal ends a wait immediately', async () => {
    const engine = new LiveResponseEngine(world(), { sessionStartMs: 60_000, longPollMs: 60_000 });
    try {
      const session = engine.createSession(1, {});
      const controller = new AbortController();
      const wait = engine.waitForSession(session, controller.signal);
      controller.abort();
      await wait;
      expect(session.status).toBe('pending');
    } finally {
      engine.close();
    }
  });

  it('keeps endpoint changes across sessions of the same sensor', async () => {
    const engine = new LiveResponseEngine(world(), { sessionStartMs: 0, commandMs: 0 });
    try {
      const first = engine.createSession(1, {});
      await engine.waitForSession(first, new AbortController().signal);
      const mkdir = engine.postCommand(first, { name: 'create directory', object: 'C:\\Evidence' });
      await engine.waitForCommand(mkdir, new AbortController().signal);
      engine.closeSession(first);
      const second = engine.createSession(1, {});
      await engine.waitForSession(second, new AbortController().signal);
      const list = engine.postCommand(second, { name: 'directory list', object: 'C:\\Evidence' });
      await engine.waitForCommand(list, new AbortController().signal);
      expect(list.wire['status']).toBe('complete');
      expect((list.wire['files'] as { filename: string }[])[0]?.filename).toBe('Evidence');
      expect(engine.stats).toMatchObject({ sessionsCreated: 2, sessionsClosed: 1, openSessions: 1, commands: 2, commandsByName: { 'create directory': 1, 'directory list': 1 } });
    } finally {
      engine.close();
    }
  });

  it('runs a session\'s commands one after another, in order', async () => {
    const engine = new LiveResponseEngine(world(), { sessionStartMs: 0, commandMs: 1 });
    try {
      const session = engine.createSession(1, {});
      const a = engine.postCommand(session, { name: 'create directory', object: 'C:\\Seq' });
      const b = engine.postCommand(session, { name: 'create directory', object: 'C:\\Seq\\Inner' });
      const c = engine.postCommand(session, { name: 'directory list', object: 'C:\\Seq\\' });
      await engine.waitForCommand(c, new AbortController().signal);
      expect([a.status, b.status, c.status]).toEqual(['complete', 'complete', 'complete']);
      expect((c.wire['files'] as { filename: string }[]).map((f) => f.filename)).toEqual(['.', '..', 'Inner']);
      expect((a.wire['completion'] as number) <= (b.wire['completion'] as number)).toBe(true);
    } finally {
      engine.close();
    }
  });
});
