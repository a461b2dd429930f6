/**
 * What the two terminals of a host-debugger lab say about the machine (a lab aid beside each
 * terminal, and the live announcement when it stops or runs again).
 */
import type { LabSession, Pane } from '../../lab/session.ts';

/** The line beside a pane's title: what the pane takes now. */
export function paneStateText(pane: Pane, stopped: boolean): string {
  if (pane === 'console') return stopped ? 'stopped in the debugger: does not respond until g' : 'running';
  return stopped ? 'target stopped: kd> takes commands, g lets it run' : 'target running: Ctrl+C breaks in';
}

/** What to announce when the machine stopped or runs again ('' when nothing changed). */
export function runNews(session: LabSession, wasStopped: boolean): string {
  const stopped = session.host?.stopped ?? false;
  if (stopped === wasStopped) return '';
  if (!stopped) return 'The lab machine runs again.';
  const events = session.events;
  let stop: (typeof events)[number] | undefined;
  for (let i = events.length - 1; i >= 0 && !stop; i--) if (events[i].type === 'kd.stop') stop = events[i];
  const why =
    stop?.type === 'kd.stop'
      ? stop.kind === 'breakpoint'
        ? `Breakpoint ${stop.breakpoint} hit in ${stop.routine}.`
        : stop.kind === 'bugcheck'
          ? 'A bug check.'
          : 'Broken in.'
      : '';
  return `The lab machine stopped in the host debugger. ${why} Its console does not respond until g.`.replace(/\s+/g, ' ');
}
