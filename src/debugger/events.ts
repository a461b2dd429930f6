/** The debugger's typed events (addresses as 16 lower-case hex digits, no backtick). */

declare module '../base/events.ts' {
  interface LabEventMap {
    /**
     * A command line the debugger ran. `command` is the canonical verb ('dt', '!pool', 'u', 'dq', '.cxr'…);
     * `address` the resolved address operand (start of the range), `end` the end of the range a
     * display or disassembly covered (exclusive); `dataType` dt's resolved type (module!_NAME; named so because `type` is the event's own type);
     * `context` the register context in effect ('processor 2' or 'cxr fffff88005f45960').
     */
    'kd.command': {
      command: string;
      args: string;
      ok: boolean;
      address?: string;
      end?: string;
      dataType?: string;
      context: string;
    };
    /**
     * The host debugger arrived at a stop of the live machine: a breakpoint, a break-in or a bug check.
     * `routine` is where it stopped ('swpnp!SwPnpEvtWdmPreprocessIrp'), `frames` the call stack
     * (innermost first), `args` the routine's first arguments (rcx, rdx…, 16 hex digits).
     */
    'kd.stop': {
      kind: 'breakpoint' | 'break-in' | 'bugcheck' | 'step' | 'prompt';
      breakpoint: number | null;
      routine: string;
      frames: string[];
      args: string[];
    };
    /** The debugger opened another target (a lab aid switching dumps, and later `.opendump`): its name and path. */
    'kd.target': { name: string; path: string };
    /** The register context changed (`.cxr`, `.trap`, or a reset). `address` is null on reset. */
    'kd.context': { kind: 'cxr' | 'trap' | 'reset'; address: string | null };
  }
}

export {};
