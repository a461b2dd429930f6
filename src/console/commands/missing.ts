/**
 * Real Windows commands that this console does not offer. Rather than cmd.exe's
 * "is not recognized", which would teach that Windows lacks them, the console
 * says so as a lab message. Words that are not Windows commands stay unrecognized.
 */

/** cmd.exe built-ins this console does not implement. */
const BUILTINS = ['assoc', 'break', 'call', 'color', 'dpath', 'endlocal', 'for', 'ftype', 'goto', 'setlocal', 'shift', 'start', 'verify', 'label', 'cmd'];

/** Programs of a Windows 7 installation this lab's machine does not offer. */
const PROGRAMS = [
  'arp',
  'at',
  'attrib',
  'auditpol',
  'bcdedit',
  'cacls',
  'certutil',
  'chcp',
  'chkdsk',
  'choice',
  'cipher',
  'clip',
  'comp',
  'compact',
  'control',
  'convert',
  'defrag',
  'diskpart',
  'dism',
  'driverquery',
  'eventvwr',
  'expand',
  'explorer',
  'fc',
  'fltmc',
  'fsutil',
  'getmac',
  'gpresult',
  'gpupdate',
  'icacls',
  'ipconfig',
  'logman',
  'mmc',
  'mode',
  'mountvol',
  'msconfig',
  'msiexec',
  'msinfo32',
  'mstsc',
  'nbtstat',
  'net',
  'netsh',
  'netstat',
  'notepad',
  'nslookup',
  'openfiles',
  'pathping',
  'ping',
  'pnputil',
  'powercfg',
  'powershell',
  'print',
  'qprocess',
  'query',
  'quser',
  'reg',
  'regedit',
  'regedt32',
  'regsvr32',
  'replace',
  'robocopy',
  'route',
  'runas',
  'rundll32',
  'sc',
  'schtasks',
  'secedit',
  'setx',
  'sfc',
  'shutdown',
  'sigverif',
  'subst',
  'systeminfo',
  'takeown',
  'taskkill',
  'tasklist',
  'taskmgr',
  'timeout',
  'tracert',
  'tree',
  'typeperf',
  'verifier',
  'vssadmin',
  'wevtutil',
  'wmic',
  'wscript',
  'cscript',
  'wusa',
  'xcopy',
  'diskmgmt',
  'devmgmt',
  'perfmon',
  'resmon',
  'winver',
  'calc',
  'mspaint',
  'write',
];

const KIND = new Map<string, 'builtin' | 'program'>([...BUILTINS.map((n) => [n, 'builtin'] as const), ...PROGRAMS.map((n) => [n, 'program'] as const)]);

/** The lab message for a Windows command this console lacks, or null for any other word. */
export function missingCommandMessage(word: string): string | null {
  const name = word.toLowerCase().replace(/\.(exe|com|msc)$/, '');
  const kind = KIND.get(name);
  if (!kind) return null;
  const upper = name.toUpperCase();
  return kind === 'builtin'
    ? `lab: ${upper} is a cmd.exe command that this lab's console does not implement.\n`
    : `lab: ${upper} is part of Windows, but this lab's machine does not offer it.\n`;
}
