/**
 * cmd.exe behaviour in the lab console, phrased from Wine's cmd test suite expectations
 * (programs/cmd/tests/test_builtins.cmd.exp, recorded on Windows) and Microsoft's docs.
 */
import { describe, expect, it } from 'vitest';
import welcome from '../../labs/welcome/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

function session() {
  const s = new LabSession(welcome);
  const run = (line: string) => s.submit(line).output;
  const status = () => s.machine.events.of('console.command').at(-1)?.status;
  return { s, run, status };
}

describe('echo', () => {
  it('prints the text after one delimiter exactly, trailing blanks included', () => {
    const { run } = session();
    expect(run('echo word')).toBe('word\n\n');
    expect(run('echo word  ')).toBe('word  \n\n');
    expect(run('echo\tword')).toBe('word\n\n');
    expect(run('echo \tword')).toBe('\tword\n\n');
    expect(run('echo  \tword')).toBe(' \tword\n\n');
    expect(run('echo "/?"')).toBe('"/?"\n\n');
    expect(run('echo off now')).toBe('off now\n\n');
  });

  it('echo. echo: echo/ print an empty line or the rest; echo . and echo : print the character', () => {
    const { run } = session();
    expect(run('echo.')).toBe('\n\n');
    expect(run('echo:')).toBe('\n\n');
    expect(run('echo/')).toBe('\n\n');
    expect(run('echo.word')).toBe('word\n\n');
    expect(run('echo:word')).toBe('word\n\n');
    expect(run('echo/word')).toBe('word\n\n');
    expect(run('echo .')).toBe('.\n\n');
    expect(run('echo :word')).toBe(':word\n\n');
    expect(run('echo /word')).toBe('/word\n\n');
  });

  it('echo off hides the prompt and the blank line; echo alone tells the state; @ changes nothing at the prompt', () => {
    const { s, run } = session();
    expect(run('echo')).toBe('ECHO is on.\n\n');
    expect(run('@echo off')).toBe('');
    expect(s.prompt()).toBe('');
    expect(run('echo')).toBe('ECHO is off.\n');
    expect(run('echo at-echoed-word')).toBe('at-echoed-word\n');
    expect(run('echo \t on  ')).toBe('\n');
    expect(s.prompt()).toBe('C:\\Windows\\system32>');
    expect(run('@echo hi & @ver')).toBe('hi \n\nMicrosoft Windows [Version 6.1.7601]\n\n');
  });
});

describe('operators', () => {
  it('| binds tighter than &&, && than ||, || than & (Wine: "Testing chains")', () => {
    const { run } = session();
    // 'echo k1||echo k2&&echo k3' is k1 || (k2 && k3): only k1.
    expect(run('echo k1||echo k2&&echo k3')).toBe('k1\n\n');
    expect(run('echo j1||echo j2&echo j3')).toBe('j1\nj3\n\n');
    expect(run('nope1&&nope2||echo i3').split('\n').at(-3)).toBe('i3');
    expect(run('echo c1&&echo c2|echo c3')).toBe('c1\nc3\n\n');
    expect(run('echo d1||echo d2|echo d3')).toBe('d1\n\n');
  });

  it('parentheses group commands and take redirections like a command', () => {
    const { run } = session();
    expect(run('echo a1&(echo a2&echo a3)')).toBe('a1\na2\na3\n\n');
    expect(run('echo g1||(echo g2&echo g3)')).toBe('g1\n\n');
    expect(run('(echo one & echo two) > C:\\Users\\student\\p.txt')).toBe('\n');
    expect(run('type C:\\Users\\student\\p.txt')).toBe('one \ntwo\n\n');
    expect(run('(echo a')).toBe('The syntax of the command is incorrect.\n\n');
  });

  it('REM takes the rest of the line, operators included', () => {
    const { run } = session();
    expect(run('rem echo foo & echo bar')).toBe('\n');
    expect(run('rem\techo foo & echo bar')).toBe('\n');
  });

  it('self-referencing redirections answer as cmd.exe does instead of overflowing the stack', () => {
    const { run } = session();
    expect(run('echo x >&1')).toBe('x \n\n');
    expect(run('echo x 1>&1')).toBe('x \n\n');
    expect(run('echo x 2>&2')).toBe('x \n\n');
    expect(run('echo x >&2 2>&1')).toBe('x  \n\n');
    expect(run('echo x 2>&1 1>&2 2>&1')).toBe('x   \n\n');
    expect(run('echo x >&3')).toBe('The handle could not be duplicated\nduring redirection of handle 1.\n\n');
    expect(run('echo x <&1')).toBe('The handle could not be duplicated\nduring redirection of handle 0.\n\n');
  });

  it('refuses a line longer than 8191 characters, typed or expanded, at once', () => {
    const { run } = session();
    expect(run('echo ' + 'x'.repeat(200_000))).toBe('The input line is too long.\n\n');
    expect(run('&'.repeat(200_000))).toBe('The input line is too long.\n\n');
    expect(run('echo ' + 'x'.repeat(8186))).toBe('x'.repeat(8186) + '\n\n');
    expect(run('set L=' + 'y'.repeat(8000))).toBe('\n');
    expect(run('echo %L%%L%')).toBe('The input line is too long.\n\n');
    expect(run('(('.repeat(4000))).toBe('The syntax of the command is incorrect.\n\n');
  });
});

describe('ERRORLEVEL', () => {
  it('echo, cls, title, rem and rd leave it; || sets it from the failure', () => {
    const { run } = session();
    run('nope');
    expect(run('echo %ERRORLEVEL%')).toBe('9009\n\n');
    run('cls');
    run('title x');
    run('rem x');
    run('rd C:\\NoSuchDir');
    expect(run('echo %ERRORLEVEL%')).toBe('9009\n\n');
    expect(run('rd C:\\NoSuchDir || echo %ERRORLEVEL%')).toContain('9009');
    run('rd C:\\NoSuchDir || rem');
    expect(run('echo %ERRORLEVEL%')).toBe('2\n\n');
  });

  it('a failed redirection fails the command without changing it, unless || handles the failure', () => {
    const { run } = session();
    run('ver');
    expect(run('echo foo >> Q:\\i\\dont\\exist.txt')).toBe('The system cannot find the path specified.\n\n');
    expect(run('echo %ERRORLEVEL%')).toBe('0\n\n');
    expect(run('echo foo > Q:\\x.txt && echo SUCCESS || echo FAILURE')).toBe('The system cannot find the path specified.\nFAILURE\n\n');
    expect(run('echo %ERRORLEVEL%')).toBe('1\n\n');
  });

  it('help exits with 1 after showing help and 0 for a topic it does not know; ver and set set 0', () => {
    const { run, status } = session();
    run('help >nul');
    expect(status()).toBe(1);
    run('help dir >nul');
    expect(status()).toBe(1);
    run('help ACommandThatLikelyDoesntExist >nul');
    expect(status()).toBe(0);
    run('nope');
    run('ver >nul');
    expect(run('echo %ERRORLEVEL%')).toBe('0\n\n');
    run('set ThisVariableLikelyDoesntExist');
    expect(run('echo %ERRORLEVEL%')).toBe('1\n\n');
  });
});

describe('environment', () => {
  it('has the standard variables of a Windows 7 x64 session', () => {
    const { run } = session();
    expect(run('echo %SystemRoot%,%windir%,%ComSpec%,%OS%,%PROCESSOR_ARCHITECTURE%')).toBe(
      'C:\\Windows,C:\\Windows,C:\\Windows\\system32\\cmd.exe,Windows_NT,AMD64\n\n',
    );
    expect(run('echo %USERPROFILE%,%TEMP%,%TMP%,%USERNAME%,%COMPUTERNAME%')).toBe(
      'C:\\Users\\student,C:\\Users\\student\\AppData\\Local\\Temp,C:\\Users\\student\\AppData\\Local\\Temp,student,NTLAB-PC\n\n',
    );
    expect(run('echo %PATHEXT%')).toBe('.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC\n\n');
    expect(run('echo %CD%')).toBe('C:\\Windows\\system32\n\n');
  });

  it('DATE and TIME come from the virtual clock, RANDOM from the seeded source (same on replay)', () => {
    const a = session();
    const b = session();
    const line = 'echo %DATE%*%TIME%*%RANDOM%*%RANDOM%';
    const out = a.run(line);
    expect(out).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d\/\d\d\/\d{4}\*[ \d]\d:\d\d:\d\d\.\d\d\*\d+\*\d+\n\n$/);
    expect(b.run(line)).toBe(out);
    const [, , r1, r2] = out.trim().split('*').map(Number);
    expect(r1).toBeLessThanOrEqual(32767);
    expect(r2).toBeLessThanOrEqual(32767);
  });

  it('set lists by prefix, keeps the case a name was set in, and removes with an empty value', () => {
    const { run, status } = session();
    expect(run('set WINE_FOO=bar')).toBe('\n');
    expect(run('set wine_')).toBe('WINE_FOO=bar\n\n');
    expect(run('set wine_foo=baz')).toBe('\n');
    expect(run('set WINE')).toBe('WINE_FOO=baz\n\n');
    expect(run('set "WINE_FOO=quoted" ignored')).toBe('\n');
    expect(run('echo %wine_foo%')).toBe('quoted\n\n');
    run('set WINE_FOO=');
    expect(status()).toBe(0);
    run('set WINE_FOO=');
    expect(status()).toBe(1);
    expect(run('set WINE_FOO')).toBe('Environment variable WINE_FOO not defined\n\n');
    expect(run('set /Q')).toBe('The syntax of the command is incorrect.\n\n');
  });

  it('set /a evaluates with cmd.exe\'s operators and precedence (Wine "for /a" expectations)', () => {
    const { run } = session();
    const value = (expr: string) => run(`set /a ${expr}`).replace(/\n$/, '');
    expect(value('1 +-2')).toBe('-1');
    expect(value('1 --2')).toBe('3');
    expect(value('-13/3')).toBe('-4');
    expect(value('5 %% 3'.replace('%%', '%'))).toBe('2');
    expect(value('-5 % -3')).toBe('-2');
    expect(value('1 ^<^< 2')).toBe('4');
    expect(value('9 ^>^> 2')).toBe('2');
    expect(value('5 ^& 3')).toBe('1');
    expect(value('5 ^| 3')).toBe('7');
    expect(value('5 ^^ 3')).toBe('6');
    expect(value('4 + 2*3')).toBe('10');
    expect(value('(4+2)*3')).toBe('18');
    expect(value('0xf + 3')).toBe('18');
    expect(value('015 + 2')).toBe('15');
    expect(value('3, 8+3,0')).toBe('0');
    expect(value('foo=3, foo+=1')).toBe('4');
    expect(run('echo %foo%')).toBe('4\n\n');
    expect(value('whateverNonExistingVar')).toBe('0');
    expect(value('1/0')).toBe('Divide by zero error.\n');
    expect(value('1+')).toBe('Missing operand.\n');
    expect(value('(1')).toBe('Unbalanced parenthesis.\n');
    expect(value('08')).toBe('Invalid number.  Numeric constants are either decimal (17),\nhexadecimal (0x11), or octal (021).\n');
    expect(value('('.repeat(3000) + '1' + ')'.repeat(3000))).toBe('1');
  });

  it('path shows, sets and clears PATH', () => {
    const { run } = session();
    expect(run('path')).toMatch(/^PATH=C:\\Windows\\system32;C:\\Windows;/);
    run('path @:\\I\\dont\\Exist');
    expect(run('path')).toBe('PATH=@:\\I\\dont\\Exist\n\n');
    run('path ;');
    expect(run('path')).toBe('PATH=(null)\n\n');
  });

  it('names that are JavaScript object keys are ordinary names everywhere', () => {
    const { run } = session();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(run(`echo %${name}%`)).toBe(`%${name}%\n\n`);
      expect(run(`set ${name}=v-${name}`)).toBe('\n');
      expect(run(`echo %${name}%`)).toBe(`v-${name}\n\n`);
      expect(run(`set ${name}`)).toContain(`${name}=v-${name}\n`);
      expect(run(name)).toBe(`'${name}' is not recognized as an internal or external command,\noperable program or batch file.\n\n`);
      expect(run(`help ${name}`)).toBe(`This command is not supported by the help utility.  Try "${name} /?".\n\n`);
      expect(run(`type ${name}`)).toBe('The system cannot find the file specified.\n\n');
      expect(run(`echo x > C:\\Users\\student\\${name}`)).toBe('\n');
      expect(run(`type C:\\Users\\student\\${name}`)).toBe('x \n\n');
      expect(run(`dir /b C:\\Users\\student\\${name}`)).toBe(`${name}\n\n`);
      expect(run(`echo ${name} | findstr ${name}`)).toBe(`${name} \n\n`);
    }
  });
});

describe('commands a lab does not offer', () => {
  it('real Windows programs get a lab message; other words stay "not recognized"', () => {
    const { run, status } = session();
    expect(run('ipconfig /all')).toBe("lab: IPCONFIG is part of Windows, but this lab's machine does not offer it.\n\n");
    expect(status()).toBe(9009);
    expect(run('xcopy a b')).toContain('lab: XCOPY is part of Windows');
    expect(run('powershell.exe')).toContain('lab: POWERSHELL is part of Windows');
    expect(run('goto x')).toBe("lab: GOTO is a cmd.exe command that this lab's console does not implement.\n\n");
    expect(run('frobnicate')).toBe("'frobnicate' is not recognized as an internal or external command,\noperable program or batch file.\n\n");
  });

  it('the welcome lab runs cmd.exe built-ins such as dir, type, cd and set', () => {
    const { run } = session();
    expect(run('dir')).toContain(' Directory of C:\\Windows\\System32');
    expect(run('cd ..')).toBe('\n');
    expect(run('cd')).toBe('C:\\Windows\n\n');
    expect(run('C:')).toBe('\n');
    expect(run('D:')).toBe('The system cannot find the drive specified.\n\n');
  });
});

describe('checkpoints', () => {
  it('save() and load() keep the directory, the environment (names in their case), ERRORLEVEL, ECHO and TITLE', async () => {
    const { Console } = await import('../../src/console/console.ts');
    const { s, run } = session();
    run('cd C:\\Users');
    run('set MixedCase=1');
    run('title work');
    run('nope');
    run('echo off');
    const konsole = s.program as InstanceType<typeof Console>;
    const saved = structuredClone(konsole.save());
    run('echo on');
    run('cd C:\\');
    run('set MixedCase=');
    run('ver');
    konsole.load(saved);
    expect(s.prompt()).toBe('');
    run('echo on');
    expect(s.prompt()).toBe('C:\\Users>');
    expect(run('echo %ERRORLEVEL%')).toBe('9009\n\n');
    expect(run('set mixed')).toBe('MixedCase=1\n\n');
    expect(konsole.state.title).toBe('work');
  });
});

describe('more of cmd.exe', () => {
  it('%NAME:~start,length% and %NAME:old=new% (Wine "variable substrings" and "partial replacement")', () => {
    const { run } = session();
    run('set WINE_VAR=qwerty');
    const cases: [string, string][] = [
      ['%WINE_VAR:~0,1%', 'q'],
      ['%WINE_VAR:~0,3%', 'qwe'],
      ['%WINE_VAR:~2,2%', 'er'],
      ["'%WINE_VAR:~-2,3%'", "'ty'"],
      ["'%WINE_VAR:~-2,1%'", "'t'"],
      ['%WINE_VAR:~2,-1%', 'ert'],
      ['%WINE_VAR:~2,-3%', 'e'],
      ["'%WINE_VAR:~-2,-4%'", "''"],
      ['%WINE_VAR:~-3,-2%', 'r'],
      ['%WINE_VAR:~2%', 'erty'],
    ];
    for (const [typed, shown] of cases) expect(run(`echo ${typed}`), typed).toBe(`${shown}\n\n`);
    run('set WINE_VAR=azertyazERTY');
    expect(run('echo %WINE_VAR:az=%')).toBe('ertyERTY\n\n');
    expect(run('echo %WINE_VAR:*y=%')).toBe('azERTY\n\n');
    expect(run('echo %CD:~0,2%')).toBe('C:\n\n');
  });

  it('pushd and popd keep a stack of directories; popd on an empty stack fails and leaves ERRORLEVEL', () => {
    const { s, run, status } = session();
    expect(run('pushd C:\\Users')).toBe('\n');
    expect(s.prompt()).toBe('C:\\Users>');
    run('prompt $P$+$G');
    expect(s.prompt()).toBe('C:\\Users+>');
    run('popd');
    expect(s.prompt()).toBe('C:\\Windows\\system32>');
    run('nope');
    run('popd');
    expect(status()).toBe(1);
    expect(run('echo %ERRORLEVEL%')).toBe('9009\n\n');
    expect(run('pushd C:\\Nowhere')).toBe('The system cannot find the path specified.\n\n');
    run('prompt');
    expect(s.prompt()).toBe('C:\\Windows\\system32>');
  });

  it('date /t, time /t, hostname and whoami read the machine; setting the clock is refused', () => {
    const { run } = session();
    expect(run('date /t')).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d\/\d\d\/\d{4}\n\n$/);
    expect(run('time /t')).toMatch(/^\d\d:\d\d [AP]M\n\n$/);
    expect(run('date AAAA')).toBe('The system cannot accept the date entered.\n\n');
    expect(run('hostname')).toBe('NTLAB-PC\n\n');
    expect(run('whoami')).toBe('ntlab-pc\\student\n\n');
  });
});

describe('if', () => {
  it('ELSE matches the closest IF after a block; a command without brackets takes ELSE as text (Wine "chain else")', () => {
    const { run } = session();
    expect(run('if 1==1 if 2==2 if 3==3 (echo a1) else (echo a2) else echo a3')).toBe('a1\n\n');
    expect(run('if 1==1 if 2==2 if 3==0 (echo b1) else (echo b2) else echo b3')).toBe('b2\n\n');
    expect(run('if 1==1 if 2==0 if 3==3 (echo c1) else (echo c2) else echo c3')).toBe('c3\n\n');
    expect(run('if 1==0 if 2==2 if 3==0 (echo f1) else (echo f2) else echo f3')).toBe('\n');
    expect(run('if 1==1 echo a1 else echo a2')).toBe('a1 else echo a2\n\n');
    expect(run('if 1==1 echo c1&&echo c2 else echo c3')).toBe('c1\nc2 else echo c3\n\n');
    expect(run('if 1==0 echo e1&echo e2 else echo e3')).toBe('\n');
    expect(run('if 1==1 (echo n1) else echo n2|echo n3')).toBe('n1\n\n');
    expect(run('if 1==0 (echo q1) else echo q2&echo q3')).toBe('q2\nq3\n\n');
  });

  it('compares case-sensitively unless /I, tests EXIST, DEFINED and ERRORLEVEL, numbers as numbers', () => {
    const { run } = session();
    expect(run('if /c==/c (echo if seems not to detect /c as parameter)')).toBe('if seems not to detect /c as parameter\n\n');
    expect(run('if bar==BAR echo x')).toBe('\n');
    expect(run('if not bar==BAR echo case')).toBe('case\n\n');
    expect(run('if /i foo==FOO echo nocase')).toBe('nocase\n\n');
    expect(run('if exist C:\\Windows\\System32\\*.exe echo found')).toBe('found\n\n');
    expect(run('if not exist C:\\nope echo missing')).toBe('missing\n\n');
    expect(run('if defined windir echo windir is defined')).toBe('windir is defined\n\n');
    run('nope');
    expect(run('if errorlevel 9009 echo high')).toBe('high\n\n');
    expect(run('if 10 GTR 9 echo numbers')).toBe('numbers\n\n');
    expect(run('if "10" GTR "9" echo quoted')).toBe('\n');
    expect(run('if 1==1')).toBe('The syntax of the command is incorrect.\n\n');
    expect(run('if 1 BOGUS 2 echo x')).toBe('BOGUS was unexpected at this time.\n\n');
    expect(run('if 1==1 '.repeat(500) + 'echo deep')).toBe('The syntax of the command is incorrect.\n\n');
    expect(run('if /?')).toContain('IF [NOT] EXIST filename command');
  });
});
