/**
 * Extra create parameters (ECPs): entries attached to one IRP_MJ_CREATE
 * (Irp->ExtraCreateParameters, keyed here by each entry's type GUID) that
 * every filter below the one that attached an entry can find, and that no
 * name parsing touches. FltAllocateExtraCreateParameter,
 * FltInsertExtraCreateParameter, FltFindExtraCreateParameter and
 * FltAcknowledgeEcp under their Windows names.
 */
import type { Json, JsonRecord } from '../io/types.ts';
import { STATUS_NOT_FOUND, STATUS_OBJECT_NAME_COLLISION, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';

/** One ECP: its type GUID, the context its owner put in it, and whether a filter acknowledged it. */
export interface Ecp {
  Guid: string;
  Context: JsonRecord;
  Acknowledged: boolean;
}

const isEcp = (v: Json | undefined): v is Json & Ecp =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v['Guid'] === 'string' && typeof v['Context'] === 'object';

export function FltAllocateExtraCreateParameter(guid: string, context: JsonRecord): Ecp {
  return { Guid: guid.toLowerCase(), Context: context, Acknowledged: false };
}

/** Insert an ECP into the list a create will carry; one entry per GUID. */
export function FltInsertExtraCreateParameter(list: JsonRecord, ecp: Ecp): NTSTATUS {
  if (list[ecp.Guid] !== undefined) return STATUS_OBJECT_NAME_COLLISION;
  list[ecp.Guid] = ecp as unknown as Json;
  return STATUS_SUCCESS;
}

/** Find the ECP of a GUID in a create's list: the entry, or STATUS_NOT_FOUND. */
export function FltFindExtraCreateParameter(list: JsonRecord | null, guid: string): { status: NTSTATUS; ecp: Ecp | null } {
  const v = list?.[guid.toLowerCase()];
  const ecp = isEcp(v) ? v : null;
  return { status: ecp ? STATUS_SUCCESS : STATUS_NOT_FOUND, ecp };
}

/** Mark an ECP as seen by the filter it was meant for (the list itself travels on unchanged). */
export function FltAcknowledgeEcp(ecp: Ecp): void {
  ecp.Acknowledged = true;
}
