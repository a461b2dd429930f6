/**
 * Lab `user-state`: "Analyst's perspective", on the article's own machine. A live
 * kernel connection to a 32-bit Windows XP SP3 machine (two processors, Notepad,
 * VMwareUser, svchost…): find Notepad, get into its context the live way, see
 * why lmu lies until .reload /user, plant a breakpoint in shared ntdll that stops
 * only in Notepad, walk a Notepad thread's stack into user mode, then look at a
 * dump of the same machine where nothing can run.
 */
import { XpHostShell } from '../../src/debugger/x86/host-shell.ts';
import { xpDebugger } from '../../src/debugger/x86/session.ts';
import type { Machine } from '../../src/kernel/machine.ts';
import { PROCESSES, USER_IMAGES } from '../../src/kernel/xp/data.ts';
import { bootXp, type XpSystem, xpOf } from '../../src/kernel/xp/machine.ts';
import { choiceQuestion, met, notYet } from '../../src/lab/objectives.ts';
import { defineLab, type ObjectiveContext } from '../../src/lab/schema.ts';

const NOTEPAD = 0x863c22f0;
const VMWAREUSER = 0x86182878;
const NOTEPAD_THREADS = new Set(PROCESSES.find((p) => p.eprocess === NOTEPAD)?.threads.map((t) => t.ethread));
const NTDLL = USER_IMAGES.ntdll;
/** A kd.command event's resolved address as a number (x86: the low 32 bits). */
const USER_LIMIT_ = 0x80000000;
/** A process's image name, for the reasons shown beside an objective. */
const nameOf = (eprocess: number | null | undefined): string => PROCESSES.find((p) => p.eprocess === eprocess)?.name ?? 'no process';
const resolved = (address: string | undefined): number | null => (address === undefined ? null : Number(BigInt(`0x${address}`) & 0xffffffffn));
/** The seed with which the machine's scheduler gives the article's processors. */
const SEED = 8;

function system(machine: Machine): XpSystem {
  const sys = xpOf(machine);
  if (!sys) throw new Error('user-state: the machine is not the XP machine');
  return sys;
}

function xp(ctx: ObjectiveContext): XpSystem | undefined {
  return xpOf(ctx.machine);
}

export default defineLab({
  id: 'user-state',
  title: "Analyst's perspective: user-mode state from a kernel debugger",
  summary:
    "A live kernel connection to the article's 32-bit Windows XP machine. Find Notepad, switch into it the live way, catch lmu lying, stop in shared ntdll only for Notepad, and walk a Notepad stack into user mode; then try the same on a dump.",
  seed: SEED,
  machine: (seed) => bootXp(seed).machine,
  program: (machine) => new XpHostShell(system(machine)),
  programs: { kd: (machine) => xpDebugger(system(machine), 'live').debugger },
  objectives: [
    {
      kind: 'task',
      id: 'find-notepad',
      title: "Find notepad.exe's EPROCESS",
      hints: [
        'The kernel keeps every process on one list; an extension command walks it.',
        '!process takes an address (or 0 for all) and a flags word; flags 0 prints one block per process.',
        'Each block starts with PROCESS and the EPROCESS address; notepad.exe is one of them.',
        'Type: !process 0 0 notepad.exe',
      ],
      // Graded by what kd printed: a PROCESS block for Notepad's EPROCESS.
      check: (ctx) => (xp(ctx)?.state.seen?.processes.includes(NOTEPAD) ? met : notYet('No !process output has shown the notepad.exe block yet.')),
    },
    {
      kind: 'task',
      id: 'notepad-modules',
      title: "Switch into Notepad's context the live way and list its user modules",
      hints: [
        'The debugger reads user addresses through one process at a time; on a live machine the invasive way lets the machine run into that process.',
        '.process /i with the EPROCESS address, then g: the machine breaks in again inside Notepad (maybe on the other processor).',
        'lmu shows the user module list the debugger cached at the last reload, not the current process: refresh it before you trust it.',
        'Type: .process /i 863c22f0, then g, then .reload /user, then lmu',
      ],
      // The machine's state first, so the reason shown names the wrong turn (a plain switch, a stale list).
      check: (ctx) => {
        const s = xp(ctx)?.state;
        if (!s) return notYet('The machine is not running.');
        if (s.stop?.process !== NOTEPAD)
          return notYet(
            `The machine is stopped in ${nameOf(s.stop?.process)}, not notepad.exe. A plain .process only renames the implicit process; .process /i, then g, lets the machine run into Notepad.`,
          );
        const cached = s.debugger.userModules;
        if (cached?.process !== NOTEPAD)
          return notYet(
            cached
              ? `lmu shows the list cached by the last reload, read in ${nameOf(cached.process)}: moving into Notepad did not refresh it (.reload /user does).`
              : 'No user module list has been read in this session yet: .reload /user reads the one of the process in context.',
          );
        const lmu = ctx.events.ofSince('kd.command', ctx.from).some((e) => /^lm/.test(e.command) && e.ok);
        return lmu ? met : notYet("The list is Notepad's now: show it with lmu.");
      },
    },
    choiceQuestion({
      id: 'stale-lmu',
      title: 'Explain why lmu was wrong before .reload /user',
      question: "Right after the switch into Notepad, lmu showed no modules (or another process's). Why?",
      choices: [
        {
          key: 'a',
          text: 'The debugger keeps one user module list, read at the last reload, and a context switch does not refresh it',
          correct: true,
          feedback:
            'Yes: one cached list, from the process that was current at the last .reload. .reload /user re-reads the loader list in the PEB of the process in context.',
        },
        {
          key: 'b',
          text: 'Notepad had not loaded its DLLs yet',
          feedback: 'Notepad was sitting in its message loop; its loader list was full. After .reload /user the same process shows 23 modules.',
        },
        {
          key: 'c',
          text: '.process /i did not switch the process',
          feedback: '!process -1 0 right after the break-in names notepad.exe: the switch worked. Only the cached list was old.',
        },
        {
          key: 'd',
          text: 'A kernel debugger cannot see user-mode modules',
          feedback: "It can: .reload /user reads them from the PEB through the process's page tables.",
        },
      ],
      // The list was read in one process and then in Notepad (the debugger's reloads), and lm listed modules.
      evidence: (ctx) => {
        const reloads = xp(ctx)?.state.seen?.reloads ?? [];
        const listed = ctx.events.ofSince('kd.command', 0).some((e) => /^lm/.test(e.command) && e.ok);
        const inNotepad = reloads.lastIndexOf(NOTEPAD);
        const elsewhereFirst = reloads.slice(0, Math.max(0, inNotepad)).some((p) => p !== NOTEPAD);
        return listed && inNotepad > 0 && elsewhereFirst ? met : notYet('List the user modules with lmu after the switch, then again after .reload /user.');
      },
      hints: [
        'Compare what !process -1 0 says with what lmu says at the same moment.',
        'Then run .reload /user and lmu again, without changing anything else.',
        "Only the debugger's own list changed: where did the old one come from?",
      ],
    }),
    {
      kind: 'task',
      id: 'shared-bp',
      title: 'Watch a breakpoint in shared ntdll stop in a process you did not choose',
      hints: [
        'Get into Notepad first (.process /i, g): a breakpoint set there seems to belong to Notepad.',
        'A plain bp on ntdll!NtCreateFile writes int 3 into the one physical page every process maps.',
        'Resume and look at who stopped: !process -1 0.',
        'Type: bp ntdll!NtCreateFile, then g, then !process -1 0',
      ],
      check: (ctx) => {
        const hits = xp(ctx)?.state.hits ?? [];
        const shared = hits.some((h) => h.limitedTo === null && h.process !== NOTEPAD && h.address >= NTDLL.base && h.address < NTDLL.base + NTDLL.size);
        return shared ? met : notYet('No unlimited breakpoint in ntdll has stopped the machine in another process yet.');
      },
    },
    {
      kind: 'task',
      id: 'bp-notepad-only',
      title: 'Stop in ntdll!NtCreateFile only when Notepad calls it',
      hints: [
        'ntdll is one physical copy shared by every process: an int 3 written there traps in all of them.',
        'A plain bp on ntdll!NtCreateFile stops in whichever process gets there first (try it: svchost is busy).',
        'bp /p <EPROCESS> makes the debugger ignore hits from other processes; @$proc is the current process, so be sure which one that is.',
        'Type: bp /p 863c22f0 ntdll!NtCreateFile, then g',
      ],
      check: (ctx) => {
        const hits = xp(ctx)?.state.hits ?? [];
        if (hits.some((h) => h.process === NOTEPAD && h.limitedTo === NOTEPAD)) return met;
        const last = hits.at(-1);
        if (last && last.process !== NOTEPAD)
          return notYet(
            last.limitedTo === null
              ? `Your breakpoint stopped in ${nameOf(last.process)}: the int 3 is in a page every process shares, and nothing limited the stop to Notepad (bp /p).`
              : `That breakpoint is limited to ${nameOf(last.limitedTo)}, not Notepad: check what @$proc was when you set it.`,
          );
        return notYet('No breakpoint limited to Notepad has stopped the machine in Notepad yet.');
      },
    },
    {
      kind: 'task',
      id: 'user-stack',
      title: "Walk a Notepad thread's stack into user mode with flag 0x10",
      hints: [
        "!process 863c22f0 7 lists Notepad's threads with their kernel stacks; the walk stops at the system call.",
        "Past KiFastCallEntry the frames are user addresses: they need Notepad's context and its module list.",
        'Flag 0x10 makes !thread and !process do the .process /r /p for you before printing stacks.',
        'Type: !thread 86153418 1f',
      ],
      // Graded by the stack kd walked: a Notepad thread's, switched first by flag 0x10, with user frames resolved.
      check: (ctx) =>
        (xp(ctx)?.state.seen?.stacks ?? []).some((st) => NOTEPAD_THREADS.has(st.thread) && st.user && st.switched)
          ? met
          : notYet('No Notepad stack has been walked into user mode with flag 0x10 yet.'),
    },
    {
      kind: 'task',
      id: 'idle-no-user',
      title: 'Show that the Idle process has no user-mode state',
      hints: [
        'Right after the break-in the current process is Idle: !process -1 0 says so.',
        'A process with user-mode state has a PEB and a loader list; look at what Idle has.',
        'Reload the user module list while Idle is the process in context, then list it.',
        'Type: .reload, then lmu (or !peb)',
      ],
      check: (ctx) => {
        const s = xp(ctx)?.state;
        const listed = ctx.events.ofSince('kd.command', ctx.from).some((e) => e.ok && (/^lm/.test(e.command) || e.command === '!peb'));
        const idle = s?.debugger.userModules && [0x8055c0c0, 0x89c3a830].includes(s.debugger.userModules.process);
        return listed && idle ? met : notYet('No user module list read in Idle or System has been shown yet (.reload, then lmu).');
      },
    },
    choiceQuestion({
      id: 'plain-process',
      title: 'Explain what a plain .process does on a live machine',
      question:
        "Stopped in Notepad, you type .process 86182878 (VMwareUser), then k and dd 7ffde008 l1 (VMwareUser's PEB). k still shows Notepad's thread and dd prints ????????. Why?",
      choices: [
        {
          key: 'a',
          text: 'A plain .process only names the implicit process: k walks the current thread, and user addresses still go through the running process, Notepad',
          correct: true,
          feedback:
            "Yes: the warning said forcedecodeuser is not enabled, and no register context changed. .process /p 86182878 (or .cache forcedecodeuser) makes user addresses go through VMwareUser's page tables; .thread picks whose registers k walks.",
        },
        { key: 'b', text: "VMwareUser's PEB is paged out", feedback: "With /p the same dd prints VMwareUser's image base, 00400000: the page is there." },
        { key: 'c', text: '7ffde008 is a kernel address', feedback: 'Everything below 80000000 is the user half of whichever process is in context.' },
        {
          key: 'd',
          text: "A kernel debugger cannot read another process's memory",
          feedback: 'It can, one process at a time: .process /p, .process /i or .thread /p choose which.',
        },
      ],
      hints: [
        'Read the line .process printed after "Implicit process is now".',
        'Try the same dd after .process /p 86182878.',
        "What decides which process's page tables translate an address below 80000000, and whose registers k starts from?",
      ],
      // Resolved by the debugger: a .process to a process with a user half, then a read of a user address.
      evidence: (ctx) => {
        const cmds = ctx.events.ofSince('kd.command', 0);
        const switched = cmds.findIndex((e) => e.command === '.process' && e.ok && PROCESSES.some((p) => p.peb !== 0 && p.eprocess === resolved(e.address)));
        const read = cmds
          .slice(switched + 1)
          .some((e) => /^k/.test(e.command) || (/^d[bwdqpau]?$|^dt$|^!peb$/.test(e.command) && (resolved(e.address) ?? USER_LIMIT_) < USER_LIMIT_));
        return switched >= 0 && read ? met : notYet('Try a plain .process <EPROCESS> on the live machine first, then read a user address of that process.');
      },
    }),
    choiceQuestion({
      id: 'thread-alone',
      title: 'Explain what .thread alone leaves unchanged',
      question:
        'Stopped in Notepad, you type .thread 863e5a60 (a VMwareUser thread), then k and lmu. Whose user half and whose module list does the debugger use?',
      choices: [
        {
          key: 'a',
          text: "Still Notepad's: .thread changes the register context only, not the process whose page tables translate user addresses",
          correct: true,
          feedback:
            "Right: the registers are VMwareUser's, the user half and the cached list are still Notepad's. .thread /p moves the process too, and /r reloads the list.",
        },
        {
          key: 'b',
          text: "VMwareUser's: a thread belongs to one process",
          feedback: "It does, but the debugger keeps the process context separately: look at dd 7ffde008 l1 (VMwareUser's PEB) after the plain .thread.",
        },
        {
          key: 'c',
          text: "The System process's",
          feedback: '.thread did not touch the process context at all; !process -1 0 still names the process you were in.',
        },
        { key: 'd', text: 'None: .thread clears both', feedback: 'lmu still lists the modules of the last reload; nothing was cleared.' },
      ],
      hints: [
        '.thread with a thread of another process, then k: are the user frames named?',
        "Read that process's PEB (dd 7ffde008 l1 for VMwareUser) after the plain .thread.",
        'Compare with .thread /p and the same dd.',
      ],
      // The debugger switched to a thread of another process than the one translating user addresses.
      evidence: (ctx) =>
        (xp(ctx)?.state.seen?.threads ?? []).some((t) => t.context !== null && t.owner !== t.context)
          ? met
          : notYet('Switch with a plain .thread to a thread of another process first (.thread 863e5a60 while in Notepad).'),
    }),
    {
      kind: 'task',
      id: 'thread-context',
      title: 'Switch thread, process and user symbols together to a VMwareUser thread',
      hints: [
        ".thread alone gives you a thread's registers but keeps the process context: its user frames will not be that process's.",
        '.thread takes the same /p and /r switches as .process.',
        'Pick a VMwareUser thread from !process 86182878 2.',
        'Type: .thread /r /p 863e5a60, then k',
      ],
      // Graded by the debugger's state: the register context is a VMwareUser thread's, user addresses go through
      // VMwareUser's page tables, and the cached module list is VMwareUser's.
      check: (ctx) => {
        const sys = xp(ctx);
        const d = sys?.state.debugger;
        const last = sys?.state.seen?.threads.at(-1);
        return last?.owner === VMWAREUSER && d?.userContext === VMWAREUSER && d.userModules?.process === VMWAREUSER
          ? met
          : notYet('No .thread /r /p has put a VMwareUser thread, its process and its user modules in context yet.');
      },
    },
    choiceQuestion({
      id: 'dump-context',
      title: 'On a dump of the machine: what works instead of .process /i?',
      question:
        "Write a dump (.dump /f C:\\xp.dmp), leave kd (q), open it (kd -z C:\\xp.dmp) and try .process /i 863c22f0. What gets you into Notepad's context there?",
      choices: [
        {
          key: 'a',
          text: '.process /r /p 863c22f0',
          correct: true,
          feedback: "Right: /p translates through Notepad's page tables without running anything, and /r reloads the user module list from its PEB.",
        },
        { key: 'b', text: 'g, then break in again', feedback: 'A dump cannot run: g answers "No runnable debuggees".' },
        { key: 'c', text: '.thread 86153418', feedback: '.thread alone changes the register context, not the process whose user addresses you read.' },
        {
          key: 'd',
          text: 'Nothing: user state is not in a dump',
          feedback: "A complete dump holds every process's pages; you only need to pick whose page tables to use.",
        },
      ],
      hints: [
        'The invasive switch needs code to run on the target.',
        'Which .process switches only change how the debugger translates addresses?',
        'The article uses the same pair of switches with .thread too.',
      ],
      // A dump was opened, and in it .process switched to a process (the address as the debugger resolved it).
      evidence: (ctx) => {
        const opened = ctx.events.ofSince('kd.target', 0).at(-1);
        if (!opened) return notYet('Open a dump of the machine first: .dump /f C:\\xp.dmp, q, then kd -z C:\\xp.dmp');
        const inDump = ctx.events.ofSince('kd.command', opened.seq).filter((e) => e.command === '.process');
        if (inDump.some((e) => e.ok && resolved(e.address) !== null)) return met;
        return notYet(
          inDump.some((e) => !e.ok)
            ? ".process /i was refused: it asks the target's kernel to switch at the next g, and a dump never runs. Find the switch that only changes how the debugger translates."
            : 'In the dump, switch to Notepad with a .process that works there.',
        );
      },
    }),
  ],
  debrief: [
    {
      title: 'One process context at a time',
      objectives: ['idle-no-user', 'plain-process', 'thread-alone'],
      claims: ['D1', 'D2', 'D3', 'D5'],
      shows:
        'Kernel addresses read the same from anywhere; a user address meant something only after you chose whose page tables translate it, and Idle and System had no user half at all. A plain .process or .thread changed only a name or the registers: k and user reads stayed where they were.',
      realMachine:
        'On a real target the same .process /i, g sequence needs the machine to schedule the process; on a busy machine that is quick, on a hung one it may never happen.',
    },
    {
      title: 'Getting into a process, and the cached user module list',
      objectives: ['find-notepad', 'notepad-modules', 'stale-lmu', 'thread-context'],
      claims: ['D4', 'D6', 'D9', 'D11'],
      shows:
        '.process /i and g let the machine run until Notepad was scheduled; lmu kept the list read at the last reload until .reload /user (or /r on .process and .thread) read the loader list of the process in context.',
      realMachine: 'The same holds in every WinDbg generation: after any move between processes, reload the user list before trusting user symbols or stacks.',
    },
    {
      title: 'Breakpoints in shared pages',
      objectives: ['shared-bp', 'bp-notepad-only'],
      claims: ['D7', 'D8'],
      shows: 'The int 3 written into ntdll trapped in every process that ran NtCreateFile; /p made the debugger resume silently for all but Notepad.',
      realMachine: 'On a busy real machine an unlimited breakpoint in ntdll stops thousands of times a second in services you never meant to look at.',
    },
    {
      title: 'Stacks across the user boundary, live and in a dump',
      objectives: ['user-stack', 'dump-context'],
      claims: ['D10', 'D12'],
      shows:
        'Flag 0x10 did the .process /r /p for the thread before walking its stack; in the dump .process /i was refused (only a live kernel can switch for the debugger) and only the non-invasive switch was possible.',
      realMachine: 'A kernel summary dump holds no user pages at all; only a complete memory dump lets .process /r /p show user state.',
    },
  ],
  solution: [
    '.reload',
    'lmu',
    '!process 0 0 notepad.exe',
    '.process /i 863c22f0',
    'g',
    '!process -1 0',
    'lmu',
    '.reload /user',
    'lmu',
    '.lab answer stale-lmu a',
    'bp ntdll!NtCreateFile',
    'g',
    '!process -1 0',
    'bc *',
    '.process /i 863c22f0',
    'g',
    'bp /p @$proc ntdll!NtCreateFile',
    'g',
    '!process -1 0',
    'bc *',
    '.thread 863e5a60',
    'k',
    '.lab answer thread-alone a',
    '!thread 86153418 1f',
    '.process 86182878',
    'dd 7ffde008 l1',
    '.process /p 86182878',
    'dd 7ffde008 l1',
    '.lab answer plain-process a',
    '.thread /r /p 863e5a60',
    'k',
    '.dump /f C:\\xp.dmp',
    'q',
    'kd -z C:\\xp.dmp',
    '.process /i 863c22f0',
    '.process /r /p 863c22f0',
    '.lab answer dump-context a',
  ],
  wrong: [
    {
      name: 'switches only the thread: the process context and the user list stay where they were',
      input: ['.thread 863e5a60', 'k', '.thread /p 863e5a60'],
      unmet: ['thread-context'],
    },
    {
      name: 'lists user modules after the switch without reloading (the stale list)',
      input: ['.reload', '!process 0 0 notepad.exe', '.process /i 863c22f0', 'g', 'lmu'],
      unmet: ['notepad-modules'],
    },
    {
      name: 'uses a plain .process, which does not change whose user addresses are read',
      input: ['.process 863c22f0', '.reload /user', 'lmu'],
      unmet: ['notepad-modules'],
    },
    {
      name: 'sets an unlimited breakpoint in shared ntdll: it stops in svchost',
      input: ['.process /i 863c22f0', 'g', 'bp ntdll!NtCreateFile', 'g', '!process -1 0'],
      unmet: ['bp-notepad-only'],
    },
    {
      name: 'walks the stack without flag 0x10 and stops at the system call',
      input: ['.reload', '!thread 86153418 f'],
      unmet: ['user-stack'],
    },
    {
      name: 'switches by hand and walks without flag 0x10: the user frames resolve, but not the way the objective asks',
      input: ['.process /r /p 863c22f0', '!thread 86153418 f'],
      unmet: ['user-stack'],
    },
    {
      name: 'limits the breakpoint to Notepad from the start, so never sees the shared page stop elsewhere',
      input: ['bp /p 863c22f0 ntdll!NtCreateFile', 'g', '!process -1 0'],
      unmet: ['shared-bp'],
    },
    {
      name: 'believes a plain .thread moved the process context too',
      input: ['.process /i 863c22f0', 'g', '.thread 863e5a60', 'k', '.lab answer thread-alone b'],
      unmet: ['thread-alone'],
    },
    {
      name: 'tries the live way in the dump: .process /i fails and nothing switches',
      input: ['.dump /f C:\\xp.dmp', 'q', 'kd -z C:\\xp.dmp', '.process /i 863c22f0', '.lab answer dump-context a'],
      unmet: ['dump-context'],
    },
  ],
});
