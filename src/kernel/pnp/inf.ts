/**
 * A small INF reader: sections, %string% substitution, and the parts device
 * installation needs (class, models with hardware ids, install sections with
 * decorations, AddService and CopyFiles).
 */
export interface InfServiceInstall {
  name: string;
  flags: number;
  serviceType: number;
  startType: number;
  errorControl: number;
  serviceBinary: string;
  displayName: string | null;
}

export interface InfModel {
  description: string;
  installSection: string;
  hardwareIds: string[];
}

export interface InfFile {
  signature: string;
  className: string;
  classGuid: string;
  provider: string;
  driverVer: string;
  manufacturer: string;
  models: InfModel[];
  /** Section lines by lower-case section name. */
  sections: Map<string, string[]>;
}

function unquote(s: string): string {
  return s.trim().replace(/^"(.*)"$/, '$1');
}

/** Parse INF text; returns null when it has no [Version] section. */
export function parseInf(text: string): InfFile | null {
  const sections = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '').trim();
    if (line === '') continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      const name = head[1].toLowerCase();
      cur = sections.get(name) ?? [];
      sections.set(name, cur);
      continue;
    }
    cur?.push(line);
  }
  const strings = new Map<string, string>();
  for (const line of sections.get('strings') ?? []) {
    const m = /^([^=]+)=(.*)$/.exec(line);
    if (m) strings.set(m[1].trim().toLowerCase(), unquote(m[2]));
  }
  const subst = (s: string) => s.replace(/%([^%]+)%/g, (w, name: string) => strings.get(name.toLowerCase()) ?? w);
  for (const [name, lines] of sections) if (name !== 'strings') sections.set(name, lines.map(subst));
  const version = sections.get('version');
  if (!version) return null;
  const kv = (lines: string[] | undefined, key: string) => {
    for (const l of lines ?? []) {
      const m = /^([^=]+)=(.*)$/.exec(l);
      if (m && m[1].trim().toLowerCase() === key.toLowerCase()) return unquote(m[2]);
    }
    return '';
  };
  const inf: InfFile = {
    signature: kv(version, 'Signature'),
    className: kv(version, 'Class'),
    classGuid: kv(version, 'ClassGuid'),
    provider: kv(version, 'Provider'),
    driverVer: kv(version, 'DriverVer'),
    manufacturer: '',
    models: [],
    sections,
  };
  for (const line of sections.get('manufacturer') ?? []) {
    const m = /^([^=]+)=(.*)$/.exec(line);
    if (!m) continue;
    inf.manufacturer = unquote(m[1]);
    const [modelsName, ...decorations] = m[2].split(',').map((s) => s.trim());
    const candidates = [...decorations.map((d) => `${modelsName}.${d}`), modelsName];
    const section = candidates.map((c) => sections.get(c.toLowerCase())).find((s) => s !== undefined);
    for (const ml of section ?? []) {
      const mm = /^([^=]+)=(.*)$/.exec(ml);
      if (!mm) continue;
      const [install, ...ids] = mm[2].split(',').map((s) => s.trim());
      inf.models.push({ description: unquote(mm[1]), installSection: install, hardwareIds: ids });
    }
  }
  return inf;
}

/** The decorated install section Windows (x64) would pick, e.g. Install.NTamd64 or Install.NT. */
export function decoratedSection(inf: InfFile, base: string): string | null {
  for (const d of [`${base}.NTamd64`, `${base}.NT`, base]) if (inf.sections.has(d.toLowerCase())) return d;
  return null;
}

function directive(lines: string[] | undefined, key: string): string[] {
  const out: string[] = [];
  for (const l of lines ?? []) {
    const m = /^([^=]+)=(.*)$/.exec(l);
    if (m && m[1].trim().toLowerCase() === key.toLowerCase()) out.push(m[2].trim());
  }
  return out;
}

/** The AddService directives of `<install>.Services`. */
export function serviceInstalls(inf: InfFile, install: string): InfServiceInstall[] {
  const out: InfServiceInstall[] = [];
  for (const value of directive(inf.sections.get(`${install}.services`.toLowerCase()), 'AddService')) {
    const [name, flags, section] = value.split(',').map((s) => s.trim());
    const lines = inf.sections.get((section ?? '').toLowerCase());
    const num = (key: string) => {
      const v = directive(lines, key)[0];
      return v === undefined ? NaN : Number(v);
    };
    out.push({
      name,
      flags: Number(flags || 0),
      serviceType: num('ServiceType'),
      startType: num('StartType'),
      errorControl: num('ErrorControl'),
      serviceBinary: directive(lines, 'ServiceBinary')[0] ?? '',
      displayName: directive(lines, 'DisplayName')[0] ? unquote(directive(lines, 'DisplayName')[0]) : null,
    });
  }
  return out;
}

export interface InfRegEntry {
  name: string;
  type: 'REG_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD';
  data: string | string[] | number;
}

/**
 * The HKR entries of the AddReg sections `<install>.HW` names: the values written
 * under the device's own key (Enum\<instance>), such as UpperFilters.
 */
export function hardwareAddReg(inf: InfFile, install: string): InfRegEntry[] {
  const out: InfRegEntry[] = [];
  for (const value of directive(inf.sections.get(`${install}.hw`.toLowerCase()), 'AddReg')) {
    for (const section of value.split(',').map((s) => s.trim().toLowerCase())) {
      for (const line of inf.sections.get(section) ?? []) {
        const [root, subkey, name, flags, ...rest] = line.split(',').map((s) => s.trim());
        if (root?.toUpperCase() !== 'HKR' || (subkey ?? '') !== '' || !name) continue;
        const f = Number(flags || 0);
        const values = rest.map(unquote);
        if ((f & 0x00010001) === 0x00010001) out.push({ name: unquote(name), type: 'REG_DWORD', data: Number(values[0] ?? 0) });
        else if (f & 0x00010000) out.push({ name: unquote(name), type: 'REG_MULTI_SZ', data: values });
        else out.push({ name: unquote(name), type: 'REG_SZ', data: values[0] ?? '' });
      }
    }
  }
  return out;
}

/** Files named by the install section's CopyFiles directives. */
export function copyFiles(inf: InfFile, install: string): string[] {
  const out: string[] = [];
  for (const value of directive(inf.sections.get(install.toLowerCase()), 'CopyFiles')) {
    for (const item of value.split(',').map((s) => s.trim())) {
      if (item.startsWith('@')) out.push(item.slice(1));
      else for (const f of inf.sections.get(item.toLowerCase()) ?? []) out.push(f.split(',')[0].trim());
    }
  }
  return out;
}

/** %12% and friends: DIRID to a Win32 directory. */
export function dirid(value: string): string {
  return value
    .replace(/%12%|^12$/i, 'C:\\Windows\\System32\\drivers')
    .replace(/%11%|^11$/i, 'C:\\Windows\\System32')
    .replace(/%10%|^10$/i, 'C:\\Windows');
}
