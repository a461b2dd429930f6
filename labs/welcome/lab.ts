/** Lab `welcome`: learn the lab terminal itself. */
import { Console } from '../../src/console/console.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows } from '../../src/kernel/nt.ts';
import { choiceQuestion, met, notYet, whenEvent } from '../../src/lab/objectives.ts';
import { defineLab } from '../../src/lab/schema.ts';

export default defineLab({
  id: 'welcome',
  title: 'Using the labs',
  summary: 'A first look at the lab terminal: list the commands, ask for help, recall a line, clear the screen.',
  machine: (seed) => {
    const m = new Machine({ seed });
    bootWindows(m);
    return m;
  },
  program: (machine) => new Console(machine),
  objectives: [
    whenEvent(
      {
        id: 'list-commands',
        title: 'List the commands this console offers',
        why: 'No complete list of commands has been printed yet.',
        hints: [
          'cmd.exe has a built-in that lists its commands, one line each.',
          'Type the command that asks for help, with nothing after it.',
          'A command that lists everything cannot need an argument: the bare name is the whole line.',
          'Type: help',
        ],
      },
      'console.command',
      // HELP.EXE exits with 1 after showing help (0 only for a topic it does not know).
      (e) => e.command === 'help' && e.args.length === 0,
    ),
    whenEvent(
      {
        id: 'command-help',
        title: 'Get the usage of one command',
        why: 'You have not yet asked for the usage of a particular command.',
        hints: [
          'Every command can describe its own syntax.',
          'Either put a command name after help, or put /? after a command.',
          'Pick any command from the list help printed; its usage tells you the switches it takes.',
          'Type: help ver   (or: ver /?)',
        ],
      },
      'console.command',
      (e) => e.args.length === 1 && ((e.command === 'help' && e.status === 1) || (e.args[0] === '/?' && e.status === 0)),
    ),
    whenEvent(
      {
        id: 'recall-history',
        title: 'Run an earlier line again by recalling it with the Up arrow',
        why: 'No line has been recalled from history and run yet (typing it again does not count).',
        hints: [
          'The terminal keeps every line you typed in this lab, even across reloads.',
          'The arrow keys at an empty prompt move through the lines you typed.',
          'Up goes back in time; the line comes back as you typed it, ready to run.',
          'Press Up once, then Enter: the last command runs again.',
        ],
      },
      'session.line',
      (e) => e.recalled && e.line.trim() !== '',
    ),
    {
      kind: 'task',
      id: 'clear-screen',
      title: 'Clear the screen',
      hints: [
        'cmd.exe has a short built-in command that wipes the screen; so does a key.',
        'It is listed by help, under a name short for "clear screen"; Ctrl-L does the same from the keyboard.',
        'The screen is cleared, not the lab: your lines stay in history and the objectives stay met.',
        'Type: cls',
      ],
      check: (ctx) => (ctx.events.of('terminal.clear').length > 0 ? met : notYet('The screen has not been cleared yet.')),
    },
    choiceQuestion({
      id: 'aids',
      title: 'Know how to ask the lab for help',
      question: 'You are stuck on an objective. Which line asks the lab for the next hint?',
      choices: [
        { key: 'a', text: 'help', feedback: 'HELP lists the console commands, as cmd.exe does; it knows nothing about the lab.' },
        {
          key: 'b',
          text: 'lab hint',
          correct: true,
          feedback: 'LAB is the lab aid: it is not a Windows command, and its name says so. In the debugger the same aid is .lab hint.',
        },
        { key: 'c', text: 'hint', feedback: 'There is no HINT command in Windows; the console would say it is not recognized. Lab aids all start with lab.' },
        { key: 'd', text: 'sc hint', feedback: 'SC talks to the Service Control Manager; it has no hints to give. Lab aids all start with lab.' },
      ],
      hints: [
        'Everything that real Windows lacks is marked as a lab aid.',
        'Look at the list help printed: is there anything about hints in it? What does help know about?',
        'A command Windows does not have would be "not recognized" unless it is a lab aid, and every lab aid starts with the same word.',
      ],
      evidence: (ctx) =>
        ctx.events.of('console.command').some((e) => e.command === 'help' && e.args.length === 0)
          ? { done: true }
          : { done: false, why: 'list the console’s commands with help: the question is about what that list holds and what it lacks.' },
    }),
  ],
  solution: ['help', 'help ver', 'ver', '\x1b[A', 'cls', 'lab answer aids b'],
  debrief: [
    {
      title: 'A console that behaves like cmd.exe',
      objectives: ['list-commands', 'command-help', 'recall-history', 'clear-screen'],
      claims: [],
      shows: 'help lists the commands and each one explains its own syntax; lines come back with Up, and the screen clears without losing them.',
      realMachine: 'The same keys and built-ins work in cmd.exe on Windows 7 (doskey keeps the history there).',
    },
    {
      title: 'Lab aids are marked',
      objectives: ['aids'],
      claims: [],
      shows: 'Everything the course adds starts with lab (or .lab in the debugger), so nothing you learn here is a command Windows lacks.',
      realMachine: 'On a real machine there is no lab command: the hints are in the lessons and in the tools’ own help.',
    },
  ],
  wrong: [
    {
      name: 'retypes the line instead of recalling it, and guesses a hint command',
      input: ['help', 'help ver', 'ver', 'ver', 'cls', 'hint', 'lab answer aids c'],
      unmet: ['recall-history', 'aids'],
    },
    {
      name: 'asks for help the wrong way',
      input: ['commands', '?', 'help foo', 'echo hello'],
      unmet: ['list-commands', 'command-help', 'recall-history', 'clear-screen'],
    },
  ],
});
