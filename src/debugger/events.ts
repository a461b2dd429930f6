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
    /** The register context changed (`.cxr`, `.trap`, or a reset). `address` is null on reset. */
    'kd.context': { kind: 'cxr' | 'trap' | 'reset'; address: string | null };
  }
}

export {};
