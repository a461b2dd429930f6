/**
 * A classroom server in its own process, for tests and the bench that need to
 * kill it: `node tests/server/run-server.ts <site> <data> [fast]`. Prints one
 * JSON line (origin, join code, instructor token) once it listens. `fast`
 * lifts the per-student rate limit (for tests that post as fast as they can).
 */
import { startClassroom } from '../../src/server/start.ts';

const [site, data, mode] = process.argv.slice(2);
if (!site || !data) {
  process.stderr.write('usage: node tests/server/run-server.ts <site-dir> <data-file>\n');
  process.exit(2);
}
const running = await startClassroom({
  site,
  data,
  host: '127.0.0.1',
  port: 0,
  name: 'Child class',
  studentRate: mode === 'fast' ? { burst: 1000, perSecond: 1000 } : undefined,
});
process.stdout.write(`${JSON.stringify({ origin: running.origin, code: running.classroom.code, token: running.classroom.token, pid: process.pid })}\n`);
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
