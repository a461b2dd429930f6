/**
 * dbgview: the kernel's DbgPrint output, as Sysinternals DebugView captures
 * it. The real DebugView is a GUI; this console version prints its capture
 * window, and its switches are lab conventions named after DebugView's menu
 * items (Edit > Clear Display, Edit > Filter).
 */
import type { ConsoleCommand } from '../command.ts';
import { selectEntries } from '../../kernel/rtl/dbgprint.ts';
import { isSwitch, withKernel } from './ntcommon.ts';

/**
 * What DebugView itself remembers: where its display was last cleared (a sequence number of
 * the boot it was cleared in). A restart starts a new capture, so an older boot's mark is void.
 */
interface DbgViewState {
  readonly boot: number;
  readonly mark: number;
}

function savedMark(tools: Map<string, unknown>, boot: number): number {
  const s = tools.get('dbgview') as DbgViewState | undefined;
  return s && s.boot === boot ? s.mark : 0;
}

const HELP = `Shows the kernel debug output (DbgPrint, DbgPrintEx) captured since boot,
or since the display was last cleared, with the time of each message.

DBGVIEW [/all] [/f text]
DBGVIEW /clear

  /all      Show everything since boot, ignoring the last /clear.
  /f text   Show only the lines that contain text (case-insensitive).
  /clear    Clear the display (DebugView's Edit > Clear Display): later
            runs start after this point.

The real DebugView is a Windows GUI program; these switches are lab
conventions for its Clear Display and Filter commands. Time is seconds since
boot on this machine's clock. Messages a driver prints with DbgPrint are kept
only when the Debug Print Filter allows them (this lab sets DEFAULT = 0xF).
`;

export const dbgview: ConsoleCommand = {
  name: 'dbgview',
  summary: 'Shows kernel debug output (DbgPrint) with timestamps (DebugView).',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'dbgview', (k) => {
      let all = false;
      let clear = false;
      let filter: string | null = null;
      for (let i = 0; i < args.length; i++) {
        if (isSwitch(args[i], 'all')) all = true;
        else if (isSwitch(args[i], 'clear')) clear = true;
        else if (isSwitch(args[i], 'f') && i + 1 < args.length) filter = args[++i];
        else {
          ctx.out(`dbgview: invalid switch - ${args[i]}`);
          ctx.out('Type "dbgview /?" for usage.');
          return 87;
        }
      }
      const rtl = k.rtl.state;
      const boot = k.ke.state.boots;
      if (clear) {
        const state: DbgViewState = { boot, mark: rtl.nextSeq };
        ctx.state.tools.set('dbgview', state);
        ctx.out('Display cleared.');
        return 0;
      }
      const from = all ? 0 : savedMark(ctx.state.tools, boot);
      const shown = selectEntries(rtl.entries, from, filter);
      ctx.out('#        Time            Debug Print');
      for (const e of shown) {
        ctx.out(`${String(e.seq + 1).padEnd(8)} ${(e.time / 1000).toFixed(8).padStart(14)}  ${e.text}`);
      }
      ctx.host.emit('dbgview.displayed', { from, to: rtl.nextSeq, filter, shown: shown.length });
      return 0;
    });
  },
};
