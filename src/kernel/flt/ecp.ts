/**
 * Extra create parameters (ECPs): a list attached to one IRP_MJ_CREATE that
 * every filter below the one that attached an entry can find by the entry's
 * GUID, and that no name parsing touches. FltAllocateExtraCreateParameter,
 * FltInsertExtraCreateParameter, FltFindExtraCreateParameter and
 * FltAcknowledgeEcp under their Windows names; the list rides in the create's
 * parameters as 'Ecps'.
 */
import type { Json, JsonRecord } from '../io/types.ts';
import { STATUS_NOT_FOUND, STATUS_OBJECT_NAME_COLLISION, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';

/** One ECP: its type GUID, the context its owner put in it, and whether a filter acknowledged it. */
export interface Ecp {
  Guid: string;
  Context: JsonRecord;
  Acknowledged: boolean;
}

const isEcp = (v: Json): v is Json & Ecp => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v['Guid'] === 'string';

/** The ECP list of a create's parameters ([] when it has none). */
export function ecpList(p: JsonRecord): Ecp[] {
  const raw = p['Ecps'];
  return Array.isArray(raw) ? raw.filter(isEcp) : [];
}

export function FltAllocateExtraCreateParameter(guid: string, context: JsonRecord): Ecp {
  return { Guid: guid.toLowerCase(), Context: context, Acknowledged: false };
}

/** Insert an ECP into the list a create will carry; one entry per GUID. */
export function FltInsertExtraCreateParameter(list: Ecp[], ecp: Ecp): NTSTATUS {
  if (list.some((e) => e.Guid === ecp.Guid)) return STATUS_OBJECT_NAME_COLLISION;
  list.push(ecp);
  return STATUS_SUCCESS;
}

/** Find the ECP of a GUID on a create: its context, or STATUS_NOT_FOUND. */
export function FltFindExtraCreateParameter(p: JsonRecord, guid: string): { status: NTSTATUS; ecp: Ecp | null } {
  const ecp = ecpList(p).find((e) => e.Guid === guid.toLowerCase()) ?? null;
  return { status: ecp ? STATUS_SUCCESS : STATUS_NOT_FOUND, ecp };
}

/** Mark an ECP as seen by the filter it was meant for (the list itself travels on unchanged). */
export function FltAcknowledgeEcp(ecp: Ecp): void {
  ecp.Acknowledged = true;
}
