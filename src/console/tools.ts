/** The Windows tools a driver lab's console offers, over the machine's kernel. */
import type { ConsoleCommand } from './command.ts';
import { dbgview } from './commands/dbgview.ts';
import { devcon } from './commands/devcon.ts';
import { driverquery } from './commands/driverquery.ts';
import { cd, dir, type } from './commands/files.ts';
import { objdir } from './commands/objdir.ts';
import { pnputil } from './commands/pnputil.ts';
import { pwrtest } from './commands/pwrtest.ts';
import { reg } from './commands/reg.ts';
import { sc } from './commands/sc.ts';
import { kd } from './commands/kd.ts';

export const windowsTools: readonly ConsoleCommand[] = [sc, devcon, pnputil, driverquery, dbgview, pwrtest, objdir, reg, dir, type, cd, kd];
