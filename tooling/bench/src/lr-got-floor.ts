/**
 * The `lr-makespan` schedule run by a bare got loop: the limit a got-based client can reach here.
 * Each of the `slots` lanes takes its sensors in turn (sensor s on lane s mod slots, a perfect static
 * schedule with no queueing, retries, deadlines or reuse check) and, per sensor, opens a session
 * (POST, long-poll GET), runs the sensor's jobs as two commands each (POST, long-poll GET) and
 * closes it (PUT). What the job runner adds beyond this is its own cost.
 */
import got from 'got';

interface Session {
  id: number;
  current_working_directory?: string;
  [field: string]: unknown;
}

/** Runs the schedule against `url`; resolves with the makespan in ms. */
export async function gotFloorMakespan(url: string, token: string, options: { jobs: number; sensors: number; slots: number }): Promise<number> {
  const client = got.extend({
    prefixUrl: `${url}/api/v1/cblr/`, headers: { 'x-auth-token': token }, https: { rejectUnauthorized: false }, responseType: 'json', retry: { limit: 0 },
  });
  const jobsOf = (sensor: number): number => Math.floor(options.jobs / options.sensors) + (sensor <= options.jobs % options.sensors ? 1 : 0);
  const command = async (sid: number, name: string, object?: string): Promise<void> => {
    const posted = await client.post(`session/${sid}/command`, { json: { name, object, session_id: sid } }).json<{ id: number }>();
    await client.get(`session/${sid}/command/${posted.id}`, { searchParams: { wait: true } }).json();
  };
  const lane = async (first: number): Promise<void> => {
    for (let sensor = first; sensor <= options.sensors; sensor += options.slots) {
      const created = await client.post('session', { json: { sensor_id: sensor } }).json<Session>();
      const session = await client.get(`session/${created.id}`, { searchParams: { wait: true } }).json<Session>();
      const cwd = String(session.current_working_directory ?? '/');
      const sep = cwd.includes('\\') ? '\\' : '/';
      for (let j = 0; j < jobsOf(sensor); j++) {
        await command(session.id, 'process list');
        await command(session.id, 'directory list', cwd.endsWith(sep) ? cwd : cwd + sep);
      }
      await client.put(`session/${session.id}`, { json: { ...session, status: 'close' } });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.slots, options.sensors) }, (_, i) => lane(i + 1)));
  return performance.now() - started;
}
