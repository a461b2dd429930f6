/** The kdexts extensions over kernel objects (I/O and object manager, PnP, pool), registered together. */
import type { KdCommand } from '../command.ts';
import { devnode } from './devnode.ts';
import { devobj } from './devobj.ts';
import { devstack } from './devstack.ts';
import { FLTKD_COMMANDS } from './fltkd.ts';
import { drvobj } from './drvobj.ts';
import { handle } from './handle.ts';
import { irp } from './irp.ts';
import { irpfind } from './irpfind.ts';
import { object } from './object.ts';
import { poolfind } from './poolfind.ts';

export const KERNEL_EXTENSIONS: readonly KdCommand[] = [drvobj, devobj, devstack, devnode, object, irp, irpfind, poolfind, handle, ...FLTKD_COMMANDS];
