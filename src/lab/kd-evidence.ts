/**
 * Debugger evidence shared by the labs' objectives: an address as the events
 * carry it, and "at a stop, the IRP the routine was called with was read with
 * !irp before the machine stopped again".
 */
import type { LabEventOf } from '../base/events.ts';
import type { ObjectiveContext } from './schema.ts';
import '../debugger/events.ts';

type Stop = LabEventOf<'kd.stop'>;

/** An address as 16 lower-case hex digits, without WinDbg's backtick or a 0x prefix. */
export function flatAddress(a: string | undefined | null): string {
  return (a ?? '').replace(/`/g, '').toLowerCase().replace(/^0x/, '').padStart(16, '0');
}

/** The debugger's stops at a breakpoint whose routine matches. */
export function breakpointStops(ctx: ObjectiveContext, routine: (name: string) => boolean): Stop[] {
  return ctx.events.of('kd.stop').filter((e) => e.kind === 'breakpoint' && routine(e.routine.toLowerCase()));
}

/**
 * Whether, at one of `stops`, the student displayed the IRP the routine got as
 * its second argument (a dispatch or completion routine's Irp, in rdx) with
 * !irp, before the machine stopped anywhere else.
 */
export function irpReadAtStop(ctx: ObjectiveContext, stops: readonly Stop[]): boolean {
  const all = ctx.events.all;
  const commands = ctx.events.of('kd.command');
  return stops.some((stop) => {
    const irp = flatAddress(stop.args[1]);
    const next = all.find((e) => e.seq > stop.seq && e.type === 'kd.stop');
    return commands.some((e) => e.seq > stop.seq && (!next || e.seq < next.seq) && e.command === '!irp' && e.ok && flatAddress(e.address) === irp);
  });
}
