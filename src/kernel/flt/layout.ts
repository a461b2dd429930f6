/**
 * How the Filter Manager's objects sit in their pool allocations: each
 * structure (fltmgr!_FLTP_FRAME, _FLT_FILTER, _FLT_VOLUME, _FLT_INSTANCE)
 * first, the characters of its counted strings after it, as FltMgr allocates
 * names with the object they belong to.
 */
export const FLT_FRAME_ALLOCATION = 0x1a0;
export const FLT_FILTER_ALLOCATION = 0x2a0;
export const FLT_VOLUME_ALLOCATION = 0x1a0;
export const FLT_INSTANCE_ALLOCATION = 0x2c0;

/** _FLT_OBJECT.Flags: the kind of object. */
export const FLT_OBJECT_INSTANCE = 0x01000000;
export const FLT_OBJECT_FILTER = 0x02000000;
export const FLT_OBJECT_VOLUME = 0x04000000;

/** Where each string's characters start inside its object's allocation, and the room they have (bytes). */
export const STRINGS = {
  frameLow: { at: 0x158, room: 0x10 },
  frameHigh: { at: 0x168, room: 0x20 },
  filterName: { at: 0x198, room: 0xc0 },
  filterAltitude: { at: 0x258, room: 0x40 },
  volumeName: { at: 0x110, room: 0x90 },
  instanceAltitude: { at: 0x220, room: 0x20 },
  instanceName: { at: 0x240, room: 0x80 },
} as const;
