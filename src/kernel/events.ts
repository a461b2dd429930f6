/** Typed events the simulated Windows machine records for grading. All payloads are JSON. */
export {};

declare module '../base/events.ts' {
  interface LabEventMap {
    /**
     * A driver's DriverEntry succeeded. `legacy`: no AddDevice (not part of PnP). `image`: the
     * module's name ('swlegacy' for swlegacy.sys), whatever the service is called.
     */
    'kernel.driverLoaded': { driver: string; service: string; legacy: boolean; image: string };
    /** A driver was unloaded (its DriverUnload ran, or it was a PnP driver whose last device went). */
    'kernel.driverUnloaded': { driver: string; service: string; legacy: boolean; image: string };
    /** A driver failed to load: the NTSTATUS (hex) DriverEntry or the loader returned. */
    'kernel.driverLoadFailed': { service: string; status: string };
    /** An IRP was delivered to a driver's dispatch routine by IoCallDriver. */
    'kernel.irp': { driver: string; major: string; minor: string | null; device: string; power: string | null };
    /** Windows restarted (shutdown /r or /s, or after a bug check); `boot` counts the boots, the first being 1. */
    'kernel.restarted': { reason: 'restart' | 'shutdown' | 'bugcheck'; boot: number };
    /** The machine stopped with a bug check. Parameters are 16-digit hex. */
    'kernel.bugCheck': { code: number; name: string; params: string[]; module: string | null };
    /** A device node was created and its driver installed from an INF. */
    'pnp.deviceInstalled': { instance: string; hardwareId: string; service: string | null; inf: string };
    /** IRP_MN_START_DEVICE succeeded for a devnode. */
    'pnp.deviceStarted': { instance: string; service: string | null };
    /** A devnode was removed (orderly or after surprise removal). */
    'pnp.deviceRemoved': { instance: string; surprise: boolean };
    /** An orderly removal was vetoed. */
    'pnp.removeVetoed': { instance: string; reason: string };
    /** The system entered a power state (S0 on resume). */
    'po.systemPowerState': { state: string };
    /** A sleep attempt was vetoed by a driver failing IRP_MN_QUERY_POWER. */
    'po.sleepVetoed': { state: string; driver: string };
    'scm.serviceCreated': { service: string; serviceType: number; start: number; imagePath: string };
    'scm.serviceDeleted': { service: string; pending: boolean };
    /** A start or control request to the SCM, with the Win32 result (0 = success). */
    'scm.serviceStarted': { service: string; error: number };
    'scm.serviceControl': { service: string; control: string; error: number };
    /** QueryServiceStatus(Ex) answered for a service. */
    'scm.statusQueried': { service: string; state: number };
    /** QueryServiceConfig answered for a service. */
    'scm.configQueried': { service: string; serviceType: number; start: number };
    /**
     * A program's request reached a driver as an IRP (the I/O manager built it for a system call):
     * the top driver, the major function, for an I/O control its code and transfer method, where
     * the I/O manager put the caller's data (`systemBuffer`, `mdl`, `userBuffer`, `type3` as hex
     * addresses or null), and the requesting process id.
     */
    'io.request': {
      driver: string;
      major: string;
      code: number | null;
      method: string | null;
      systemBuffer: string | null;
      mdl: string | null;
      userBuffer: string | null;
      type3: string | null;
      process: number | null;
    };
    /** IoCancelIrp found a cancel routine on a program's IRP and called it. */
    'io.cancelled': { driver: string; routine: string; process: number | null };
    /** DbgView displayed the debug print buffer from sequence `from`, optionally filtered. */
    'dbgview.displayed': { from: number; to: number; filter: string | null; shown: number };
  }
}
