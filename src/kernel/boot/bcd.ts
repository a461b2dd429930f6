/**
 * The boot configuration data store (BCD) of a BIOS-booted Windows 7 x64
 * machine: the boot manager, the Windows boot loader entry and the debugger
 * settings, with elements kept in BCD element-type order as bcdedit lists them.
 * The store lives on the System Reserved partition, so it survives a restart;
 * what the loader read from it at the last boot is `active`, and a change
 * takes effect at the next boot.
 */
import { Subsystem } from '../subsystem.ts';

/** One BCD element: bcdedit's name for it and its value as bcdedit prints it. */
export interface BcdElement {
  name: string;
  value: string;
}

export interface BcdObject {
  /** The GUID, or a well-known identifier such as {bootmgr}. */
  id: string;
  /** bcdedit's heading for the entry ('Windows Boot Manager', ...). */
  heading: string;
  elements: BcdElement[];
}

/** What winload and the kernel took from the store at the last boot. */
export interface BootSettings {
  testSigning: boolean;
  noIntegrityChecks: boolean;
  debug: boolean;
}

export interface BcdState {
  objects: BcdObject[];
  active: BootSettings;
}

export const BOOTMGR = '{bootmgr}';
export const DBGSETTINGS = '{dbgsettings}';
/** The Windows 7 loader entry's GUID ({current} while it is the running system, {default} as the boot manager's default). */
export const LOADER_GUID = '{9dea862c-5cdd-4e70-acc1-f32b344d4795}';
const RESUME_GUID = '{9dea862b-5cdd-4e70-acc1-f32b344d4795}';
const RECOVERY_GUID = '{9dea862e-5cdd-4e70-acc1-f32b344d4795}';

/**
 * Elements bcdedit knows, in the order of their BCD element types (how /enum orders them),
 * with the kind of value each takes.
 */
export const ELEMENTS: readonly { name: string; kind: 'device' | 'string' | 'id' | 'ids' | 'integer' | 'boolean' | 'nx' | 'debugtype' }[] = [
  { name: 'device', kind: 'device' },
  { name: 'path', kind: 'string' },
  { name: 'description', kind: 'string' },
  { name: 'locale', kind: 'string' },
  { name: 'inherit', kind: 'ids' },
  { name: 'recoverysequence', kind: 'ids' },
  { name: 'recoveryenabled', kind: 'boolean' },
  { name: 'debugtype', kind: 'debugtype' },
  { name: 'debugport', kind: 'integer' },
  { name: 'baudrate', kind: 'integer' },
  { name: 'channel', kind: 'integer' },
  { name: 'targetname', kind: 'string' },
  { name: 'bootdebug', kind: 'boolean' },
  { name: 'nointegritychecks', kind: 'boolean' },
  { name: 'testsigning', kind: 'boolean' },
  { name: 'osdevice', kind: 'device' },
  { name: 'systemroot', kind: 'string' },
  { name: 'default', kind: 'id' },
  { name: 'resumeobject', kind: 'id' },
  { name: 'displayorder', kind: 'ids' },
  { name: 'toolsdisplayorder', kind: 'ids' },
  { name: 'timeout', kind: 'integer' },
  { name: 'nx', kind: 'nx' },
  { name: 'debug', kind: 'boolean' },
];

/** The elements of each entry that /set may change (the rest belong to other entry types). */
const APPLIES: Readonly<Record<string, readonly string[]>> = {
  [BOOTMGR]: ['description', 'locale', 'default', 'displayorder', 'toolsdisplayorder', 'timeout', 'bootdebug'],
  [LOADER_GUID]: ['path', 'description', 'locale', 'recoveryenabled', 'bootdebug', 'nointegritychecks', 'testsigning', 'systemroot', 'nx', 'debug'],
  [DBGSETTINGS]: ['debugtype', 'debugport', 'baudrate', 'channel', 'targetname'],
};

function initialObjects(testSigning: boolean, debug: boolean): BcdObject[] {
  const loader: BcdElement[] = [
    { name: 'device', value: 'partition=C:' },
    { name: 'path', value: '\\Windows\\system32\\winload.exe' },
    { name: 'description', value: 'Windows 7' },
    { name: 'locale', value: 'en-US' },
    { name: 'inherit', value: '{bootloadersettings}' },
    { name: 'recoverysequence', value: RECOVERY_GUID },
    { name: 'recoveryenabled', value: 'Yes' },
    { name: 'osdevice', value: 'partition=C:' },
    { name: 'systemroot', value: '\\Windows' },
    { name: 'resumeobject', value: RESUME_GUID },
    { name: 'nx', value: 'OptIn' },
  ];
  const store: BcdObject[] = [
    {
      id: BOOTMGR,
      heading: 'Windows Boot Manager',
      elements: [
        { name: 'device', value: 'partition=\\Device\\HarddiskVolume1' },
        { name: 'description', value: 'Windows Boot Manager' },
        { name: 'locale', value: 'en-US' },
        { name: 'inherit', value: '{globalsettings}' },
        { name: 'default', value: LOADER_GUID },
        { name: 'resumeobject', value: RESUME_GUID },
        { name: 'displayorder', value: LOADER_GUID },
        { name: 'toolsdisplayorder', value: '{memdiag}' },
        { name: 'timeout', value: '30' },
      ],
    },
    { id: LOADER_GUID, heading: 'Windows Boot Loader', elements: loader },
    {
      id: DBGSETTINGS,
      heading: 'Debugger Settings',
      elements: [
        { name: 'debugtype', value: 'Serial' },
        { name: 'debugport', value: '1' },
        { name: 'baudrate', value: '115200' },
      ],
    },
  ];
  if (testSigning) setElement(store[1], 'testsigning', 'Yes');
  if (debug) setElement(store[1], 'debug', 'Yes');
  return store;
}

/** Set an element, keeping the entry's elements in element-type order. */
export function setElement(obj: BcdObject, name: string, value: string): void {
  const existing = obj.elements.find((e) => e.name === name);
  if (existing) {
    existing.value = value;
    return;
  }
  obj.elements.push({ name, value });
  const rank = (n: string) => ELEMENTS.findIndex((e) => e.name === n);
  obj.elements.sort((a, b) => rank(a.name) - rank(b.name));
}

export class BootConfiguration extends Subsystem<BcdState> {
  readonly snapshotKey = 'bcd';

  constructor(settings: { testSigning: boolean; debug: boolean }) {
    const objects = initialObjects(settings.testSigning, settings.debug);
    super({ objects, active: { testSigning: false, noIntegrityChecks: false, debug: false } });
    this.state.active = this.pending();
  }

  /** The entry with this identifier ({current} and {default} name the Windows 7 loader). */
  object(id: string): BcdObject | undefined {
    const key = id.toLowerCase();
    const real = key === '{current}' || key === '{default}' ? LOADER_GUID : key;
    return this.state.objects.find((o) => o.id.toLowerCase() === real);
  }

  /** May bcdedit /set give this element to this entry? */
  applies(obj: BcdObject, element: string): boolean {
    return (APPLIES[obj.id] ?? []).includes(element);
  }

  value(id: string, element: string): string | undefined {
    return this.object(id)?.elements.find((e) => e.name === element)?.value;
  }

  /** The settings the next boot will read. */
  pending(): BootSettings {
    const yes = (name: string) => this.value(LOADER_GUID, name) === 'Yes';
    return { testSigning: yes('testsigning'), noIntegrityChecks: yes('nointegritychecks'), debug: yes('debug') };
  }

  /** The boot loader reads the store: its settings take effect for this boot. */
  boot(): void {
    this.state.active = this.pending();
  }
}
