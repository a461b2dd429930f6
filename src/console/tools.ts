/** The Windows tools a driver lab's console offers, over the machine's kernel (cmd.exe's built-ins are the Console's own). */
import type { ConsoleCommand } from './command.ts';
import { dbgview } from './commands/dbgview.ts';
import { devcon } from './commands/devcon.ts';
import { driverquery } from './commands/driverquery.ts';
import { objdir } from './commands/objdir.ts';
import { pnputil } from './commands/pnputil.ts';
import { pwrtest } from './commands/pwrtest.ts';
import { reg } from './commands/reg.ts';
import { sc } from './commands/sc.ts';
import { kd } from './commands/kd.ts';
import { tasklist } from './commands/tasklist.ts';
import { bcdedit } from './commands/bcdedit.ts';
import { shutdown } from './commands/shutdown.ts';
import { net } from './commands/net.ts';
import { ioctlapp } from './commands/ioctlapp.ts';
import { verifier } from './commands/verifier.ts';
import { fltmc } from './commands/fltmc.ts';
import { fsutil } from './commands/fsutilcmd.ts';

export const windowsTools: readonly ConsoleCommand[] = [
  sc,
  devcon,
  pnputil,
  driverquery,
  dbgview,
  pwrtest,
  objdir,
  reg,
  kd,
  tasklist,
  bcdedit,
  shutdown,
  net,
  ioctlapp,
  verifier,
  fltmc,
  fsutil,
];
