import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DATA, classroomCommand, parseClassroomArgs } from '../../src/cli/classroom.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ntlab classroom options', () => {
  it('defaults to every network on port 4321 with the data under .cache', () => {
    expect(parseClassroomArgs([])).toEqual({ port: 4321, host: '0.0.0.0', data: DEFAULT_DATA, name: undefined, newToken: false, help: false });
  });

  it('reads --port, --host, --data and --name, with a space or =', () => {
    expect(parseClassroomArgs(['--port', '8080', '--host=127.0.0.1', '--data', 'class.db', '--name', 'Kernel week'])).toEqual({
      port: 8080,
      host: '127.0.0.1',
      data: resolve('class.db'),
      name: 'Kernel week',
      newToken: false,
      help: false,
    });
    expect(parseClassroomArgs(['--new-token'])).toMatchObject({ newToken: true });
  });

  it('names what is wrong with the options', () => {
    expect(parseClassroomArgs(['--port', 'abc'])).toBe('--port needs a number from 1 to 65535');
    expect(parseClassroomArgs(['--port', '70000'])).toBe('--port needs a number from 1 to 65535');
    expect(parseClassroomArgs(['--port'])).toBe('--port needs a number from 1 to 65535');
    expect(parseClassroomArgs(['--data', '--port', '1'])).toBe('--data needs a file name');
    expect(parseClassroomArgs(['--verbose'])).toBe("unknown option '--verbose'");
    expect(parseClassroomArgs(['--new-token=yes'])).toBe('--new-token takes no value');
  });

  it('prints a usage error tool-style and exits 2, without building or starting anything', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await classroomCommand(['--port', 'abc'])).toBe(2);
    const text = err.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toBe(
      'ntlab classroom: --port needs a number from 1 to 65535.\nUsage: ntlab classroom [--port N] [--host H] [--data FILE] [--name "Class name"] [--new-token]\n',
    );
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('prints its usage for --help', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await classroomCommand(['--help'])).toBe(0);
    expect(String(out.mock.calls[0][0])).toContain('Usage: ntlab classroom');
  });
});
