/** Lab `isolation-filter`: a file system stack with the Filter Manager, an isolation filter with two views of one file, and the rules it must follow. */
import { Console } from '../../src/console/console.ts';
import { kernelFiles } from '../../src/console/kernel-files.ts';
import { windowsTools } from '../../src/console/tools.ts';
import { filetest } from '../../src/console/commands/filetest.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows } from '../../src/kernel/nt.ts';
import { installIsolationSample } from '../../src/kernel/drivers/isosample.ts';
import { installNetworkShare } from '../../src/kernel/rdr/share.ts';
import { defineLab } from '../../src/lab/schema.ts';
import { OBJECTIVES } from './objectives.ts';
import { SOLUTION, WRONG } from './solution.ts';
import { DEBRIEF } from './debrief.ts';

export default defineLab({
  id: 'isolation-filter',
  title: 'Isolation filters: two views of one file',
  summary:
    'Load an isolation filter under the Filter Manager, open one file through both views, and watch the file system rules it must keep: delete-pending, dispositions, supersede, byte-range locks, renames, 32-bit callers and transactions.',
  machine: (seed) => {
    const m = new Machine({ seed });
    const k = bootWindows(m, { debugPrintFilter: 0xf });
    installIsolationSample(k);
    installNetworkShare(k);
    return m;
  },
  program: (machine) => new Console(machine, { commands: [...windowsTools, filetest], cwd: 'C:\\Vault', files: kernelFiles(machine) }),
  objectives: OBJECTIVES,
  solution: SOLUTION,
  debrief: DEBRIEF,
  wrong: WRONG,
});
