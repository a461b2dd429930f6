/**
 * The course's claims index: every technical claim of the four source articles
 * (by its id in the course's claims list), the lesson that teaches it, a term
 * that lesson must use when it does, and whether a lab must let the student
 * observe it. tests/lab/claims-coverage.test.ts holds the course to it: each
 * lesson names its claims' terms, and each observable claim is named by a part
 * of some lab's debrief whose objectives grade it.
 */
export interface ClaimEntry {
  readonly id: string;
  /** The lesson's file name under content/lessons, without `.mdx`. */
  readonly lesson: string;
  readonly observable: boolean;
  /** Words the lesson uses where it teaches the claim (matched case-insensitively). */
  readonly term: string;
}

export const CLAIMS: readonly ClaimEntry[] = [
  { id: 'A1', lesson: '02-software-drivers', observable: false, term: 'hardware resources' },
  { id: 'A2', lesson: '02-software-drivers', observable: false, term: 'image load' },
  { id: 'A3', lesson: '02-software-drivers', observable: true, term: 'PnP' },
  { id: 'A4', lesson: '02-software-drivers', observable: false, term: 'deprecated' },
  { id: 'A5', lesson: '02-software-drivers', observable: true, term: 'DriverEntry' },
  { id: 'A6', lesson: '05-how-an-irp-travels', observable: true, term: 'METHOD_NEITHER' },
  { id: 'A7', lesson: '02-software-drivers', observable: true, term: 'WdfDriverCreate' },
  { id: 'A8', lesson: '02-software-drivers', observable: true, term: 'root-enumerated' },
  { id: 'A9', lesson: '02-software-drivers', observable: true, term: 'power IRP' },
  { id: 'A10', lesson: '02-software-drivers', observable: true, term: 'IRP_MJ_PNP' },
  { id: 'A11', lesson: '02-software-drivers', observable: true, term: 'IoRegisterPlugPlayNotification' },
  { id: 'A12', lesson: '02-software-drivers', observable: false, term: 'power' },
  { id: 'A13', lesson: '02-software-drivers', observable: false, term: 'monitoring' },
  { id: 'A14', lesson: '02-software-drivers', observable: false, term: 'filter' },
  { id: 'A15', lesson: '02-software-drivers', observable: false, term: 'filter' },
  { id: 'A16', lesson: '02-software-drivers', observable: false, term: 'registry' },
  { id: 'B1', lesson: '04-isolation-filters', observable: true, term: 'fulfillment' },
  { id: 'B2', lesson: '04-isolation-filters', observable: true, term: 'IRP_SYNCHRONOUS_API' },
  { id: 'B3', lesson: '04-isolation-filters', observable: false, term: 'carried out synchronously' },
  { id: 'B4', lesson: '04-isolation-filters', observable: true, term: 'FltIsOperationSynchronous' },
  { id: 'B5', lesson: '04-isolation-filters', observable: false, term: 'change notification' },
  { id: 'B6', lesson: '04-isolation-filters', observable: false, term: 'asynchronous' },
  { id: 'B7', lesson: '04-isolation-filters', observable: true, term: 'FILE_SUPERSEDE' },
  { id: 'B8', lesson: '04-isolation-filters', observable: true, term: 'FILE_OVERWRITE' },
  { id: 'B9', lesson: '04-isolation-filters', observable: true, term: 'FILE_DELETE_ON_CLOSE' },
  { id: 'B10', lesson: '04-isolation-filters', observable: true, term: 'FileDispositionInformation' },
  { id: 'B11', lesson: '04-isolation-filters', observable: true, term: 'section' },
  { id: 'B12', lesson: '04-isolation-filters', observable: true, term: 'ReplaceIfExists' },
  { id: 'B13', lesson: '04-isolation-filters', observable: true, term: 'stream' },
  { id: 'B14', lesson: '04-isolation-filters', observable: false, term: 'cannot know that a file is gone' },
  { id: 'B15', lesson: '04-isolation-filters', observable: true, term: 'byte-range lock' },
  { id: 'B16', lesson: '04-isolation-filters', observable: true, term: 'paging' },
  { id: 'B17', lesson: '04-isolation-filters', observable: true, term: 'network' },
  { id: 'B18', lesson: '04-isolation-filters', observable: false, term: 'oplock' },
  { id: 'B19', lesson: '04-isolation-filters', observable: true, term: 'FILE_RENAME_INFORMATION' },
  { id: 'B20', lesson: '04-isolation-filters', observable: false, term: 'FltGetRequestorProcessId' },
  { id: 'B21', lesson: '04-isolation-filters', observable: true, term: 'dismount' },
  { id: 'B22', lesson: '04-isolation-filters', observable: true, term: 'ECP' },
  { id: 'B23', lesson: '04-isolation-filters', observable: true, term: 'transaction' },
  { id: 'C1', lesson: '03-race-condition', observable: false, term: 'race' },
  { id: 'C2', lesson: '03-race-condition', observable: false, term: 'summary dump' },
  { id: 'C3', lesson: '03-race-condition', observable: true, term: '!analyze -v' },
  { id: 'C4', lesson: '03-race-condition', observable: true, term: 'rsi' },
  { id: 'C5', lesson: '03-race-condition', observable: true, term: 'test rsi,rsi' },
  { id: 'C6', lesson: '03-race-condition', observable: true, term: 'race' },
  { id: 'C7', lesson: '03-race-condition', observable: true, term: '!pool' },
  { id: 'C8', lesson: '03-race-condition', observable: true, term: 'OpenedNameCache' },
  { id: 'C9', lesson: '03-race-condition', observable: true, term: 'NAME_CACHE_NODE' },
  { id: 'C10', lesson: '03-race-condition', observable: false, term: 'CPU' },
  { id: 'D1', lesson: '06-user-mode-state', observable: false, term: '2 GB' },
  { id: 'D2', lesson: '06-user-mode-state', observable: true, term: 'context' },
  { id: 'D3', lesson: '06-user-mode-state', observable: true, term: '.thread' },
  { id: 'D4', lesson: '06-user-mode-state', observable: true, term: '.reload' },
  { id: 'D5', lesson: '06-user-mode-state', observable: true, term: 'Idle' },
  { id: 'D6', lesson: '06-user-mode-state', observable: true, term: '.process /i' },
  { id: 'D7', lesson: '06-user-mode-state', observable: true, term: 'copy-on-write' },
  { id: 'D8', lesson: '06-user-mode-state', observable: true, term: '/p' },
  { id: 'D9', lesson: '06-user-mode-state', observable: true, term: '.reload /user' },
  { id: 'D10', lesson: '06-user-mode-state', observable: true, term: '.process /r /p' },
  { id: 'D11', lesson: '06-user-mode-state', observable: true, term: '.thread /r /p' },
  { id: 'D12', lesson: '06-user-mode-state', observable: true, term: '0x10' },
];
