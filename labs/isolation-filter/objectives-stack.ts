/**
 * Objectives of lab `isolation-filter` about the filter's place in a stack it
 * does not own: a network share (no shared access on the native file), two
 * instances of itself (a name suffix vs an ECP to know its own opens), and
 * teardown while an operation is in flight (its own remove lock). Graded from
 * the events the redirector and the filter record, never from typed text.
 */
import type { LabEventOf } from '../../src/base/events.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { choiceQuestion, met, notYet, whenEvent } from '../../src/lab/objectives.ts';
import type { Objective, ObjectiveContext } from '../../src/lab/schema.ts';

const STATUS_SHARING_VIOLATION = '0xC0000043';
/** The filter's own native opens are made by the system (its FltCreateFile): pid 4. */
const SYSTEM_PID = 4;

type Isolated = LabEventOf<'isofilter.isolatedOpen'>;

/** A create on the share refused because the isolation filter holds the file with no shared access. */
function refusedByFilter(e: LabEventOf<'rdr.create'>, ctx: ObjectiveContext): boolean {
  if (e.status !== STATUS_SHARING_VIOLATION || !e.holders.some((h) => h.pid === SYSTEM_PID && h.share === 0)) return false;
  const rest = e.path.toLowerCase().replace(/^\\\\fileserver\\share/, '');
  return ctx.events.of('isofilter.isolatedOpen').some((o) => o.seq < e.seq && o.network && o.path.toLowerCase() === rest);
}

/** An application's isolated open (not an instance's own open it failed to recognize), with two IsoFilter instances on its volume. */
const twoInstances = (e: Isolated) => e.instances >= 2 && !e.joined && e.image.toLowerCase() === 'isoview.exe';

function coexist(ctx: ObjectiveContext) {
  const k = kernelOf(ctx.machine);
  const opens = ctx.events.of('isofilter.isolatedOpen').filter(twoInstances);
  const wrong = opens.some((e) => e.mark === 'suffix' && e.dataLength === 0 && (k?.fs.file(`C:${e.path}`)?.size ?? 0) > 0);
  if (!wrong) return notYet('No isolated open has yet come back empty with two IsoFilter instances on C: and the suffix build (ReentryMark Suffix).');
  const right = opens.some((e) => e.mark === 'ecp' && e.dataLength > 0);
  return right ? met : notYet('The suffix build gave an empty view; now make the same open with two instances and the ECP build (ReentryMark Ecp).');
}

export const STACK_OBJECTIVES: readonly Objective[] = [
  whenEvent(
    {
      id: 'network-share',
      title: 'Open a file on the network share in the isolated view and see another opener refused',
      why: 'No open of a file on \\\\fileserver\\share has been refused yet because the isolation filter holds it with no shared access.',
      hints: [
        'Z: is \\\\fileserver\\share (net use lists it), reached through the redirector \\Device\\Mup; fltmc volumes lists that too, and IsoFilter has an instance there.',
        'On a network file system the filter cannot see other clients’ writes, so the sample opens the native file with no shared access while it has an isolated view.',
        'Open Z:\\Vault\\report.txt from IsoView.exe, keep the handle, then open the same file from any other process.',
        'Type: filetest open Z:\\Vault\\report.txt /as:IsoView.exe, then filetest open Z:\\Vault\\report.txt',
      ],
    },
    'rdr.create',
    refusedByFilter,
  ),
  {
    kind: 'task',
    id: 'coexist',
    title: 'Run two instances of the filter: see the name-suffix build give a wrong view and the ECP build a right one',
    hints: [
      'Parameters\\ReentryMark makes the sample open the native file through the top of the stack and mark that open: Suffix or Ecp.',
      'A second instance of the same filter on C: (fltmc attach at a lower altitude) must recognize the first one’s marked open and leave it alone.',
      'With each build and two instances, open and read plan.txt from IsoView.exe; dbgview shows which instance did what.',
      'Type: reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\IsoFilter\\Parameters /v ReentryMark /t REG_SZ /d Suffix /f, fltmc attach IsoFilter C: -i Second -a 145100, filetest open plan.txt /as:IsoView.exe, filetest read <h>, filetest close <h>; then the same with /d Ecp',
    ],
    check: coexist,
  },
  choiceQuestion({
    id: 'coexist-why',
    title: 'Say why the suffix build gave an empty view',
    question: 'With two IsoFilter instances and ReentryMark Suffix, IsoView.exe read nothing from plan.txt; with Ecp it read the file. Why?',
    choices: [
      {
        key: 'a',
        text: 'The upper instance stripped the suffix before the lower one saw it, so the lower one took the filter’s own open for an application’s and answered it from the isolated view.',
        correct: true,
        feedback:
          'The suffix must be gone before the file system parses the name, so the first instance to see it removes it, and nothing below can tell the open was a filter’s. The lower instance answered it from the control block the upper one had just made and not yet filled, so the upper one read its own empty block back. An ECP is not part of the name: every instance below finds it and nobody has to remove it.',
      },
      {
        key: 'b',
        text: 'Two instances of one filter cannot be attached to one volume.',
        feedback: 'fltmc attached the second instance at its own altitude, and the ECP build worked with both of them there.',
      },
      {
        key: 'c',
        text: 'Ntfs cannot open a name that ends in ;IsoNative.',
        feedback: 'Ntfs never saw the suffix: dbgview shows the instance that stripped it. The trouble is which instance stripped it.',
      },
    ],
    hints: [
      'Read the dbgview lines of the suffix run: which instance says it stripped the suffix, and what did the other instance do next?',
      'What does the lower instance have to go on once the name is plain \\Vault\\plan.txt again?',
      'One choice is about who removes the mark, one about attaching, one about the file system.',
    ],
    evidence: coexist,
    maxAttempts: 2,
  }),
  whenEvent(
    {
      id: 'teardown',
      title: 'Detach the filter while an operation is in flight and see teardown wait for it',
      why: 'No IsoFilter instance has yet been torn down, with its remove lock, while a pended operation was in flight.',
      hints: [
        'A byte-range lock request that has to wait is pended by the filter in the isolated view: it stays in flight, using the filter’s control block.',
        'The sample keeps its own remove lock (an ERESOURCE held shared by such operations); InstanceTeardownStart must finish them before it frees anything.',
        'Hold a lock on plan.txt from one IsoView.exe handle, ask for the same range with /wait from another, then detach the instance that holds the request.',
        'Type: filetest open plan.txt /as:IsoView.exe, filetest lock <h1> 0 10, filetest open plan.txt /as:IsoView.exe, filetest lock <h2> 0 10 /wait, fltmc detach IsoFilter C: "IsoFilter Instance", dbgview',
      ],
    },
    'isofilter.teardown',
    (e) => e.teardownLock && e.inFlight > 0 && e.cancelledFirst === e.inFlight,
  ),
];
