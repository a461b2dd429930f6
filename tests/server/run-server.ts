/**
 * A classroom server in its own process, for tests and the bench that need to
 * kill it: `node tests/server/run-server.ts <site> <data> [--fast] [--port N]`.
 * Prints one JSON line (origin, join code, instructor token) once it listens.
 * `--fast` lifts the per-student rate limits (for tests that post as fast as
 * they can); `--port` picks the port (default: any free one). Joins are never
 * limited here: every simulated student comes from the same address.
 */
import { startClassroom } from '../../src/server/start.ts';
import { STUDENT_RATE } from '../../src/server/student-routes.ts';

const [site, data, ...rest] = process.argv.slice(2);
if (!site || !data) {
  process.stderr.write('usage: node tests/server/run-server.ts <site-dir> <data-file> [--fast] [--port N]\n');
  process.exit(2);
}
// Every simulated student comes from 127.0.0.1: what is limited per address is not limited here.
const ONE_ADDRESS = { joinBurst: 1e6, joinsPerSecond: 1e6, addressBytesBurst: 1e12, addressBytesPerSecond: 1e12 };
const portAt = rest.indexOf('--port');
const running = await startClassroom({
  site,
  data,
  host: '127.0.0.1',
  port: portAt >= 0 ? Number(rest[portAt + 1]) : 0,
  name: 'Child class',
  studentRate: rest.includes('--fast')
    ? { burst: 1000, perSecond: 1000, bytesBurst: 1e12, bytesPerSecond: 1e12, ...ONE_ADDRESS }
    : { ...STUDENT_RATE, ...ONE_ADDRESS },
});
process.stdout.write(`${JSON.stringify({ origin: running.origin, code: running.classroom.code, token: running.classroom.token, pid: process.pid })}\n`);
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
