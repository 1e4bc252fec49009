import { describe, expect, it } from 'vitest';
import { codeStrings, foldLiterals } from '../../../../src/agents/guard/code-strings.js';
import { findActions } from '../../../../src/agents/guard/find.js';
import { foldLookalikes } from '../../../../src/agents/guard/lookalikes.js';
import { normalizeCommand } from '../../../../src/agents/guard/normalize.js';
import { literalOutput } from '../../../../src/agents/guard/producers.js';
import { expandSubstitutions } from '../../../../src/agents/guard/substitution.js';
import { UNSEEN } from '../../../../src/agents/guard/unseen.js';
import { resolveVariables } from '../../../../src/agents/guard/variables.js';
import { windowsDeleteAsRm } from '../../../../src/agents/guard/windows.js';
import { inlineXargs } from '../../../../src/agents/guard/xargs.js';

describe('foldLookalikes', () => {
  it.each([
    ['r\u200bm', 'rm'],
    ['\ufeffr\u00adm', 'rm'],
    ['r\u043c', 'rm'],
    ['\u0433m', 'rm'],
    ['\uff52\uff4d', 'rm'],
    ['r\u0332m', 'rm'],
    ['DR\u041eP T\u0410BLE', 'DROP TABLE'],
    ['rm \u2013rf \u201c/\u201d', 'rm -rf "/"'],
  ])('%j reads %j', (text, expected) => {
    expect(foldLookalikes(text)).toBe(expected);
  });

  it('leaves ASCII untouched', () => {
    expect(foldLookalikes('kubectl rollout restart deployment/api')).toBe(
      'kubectl rollout restart deployment/api',
    );
  });
});

describe('resolveVariables', () => {
  it.each([
    ['X=rm; $X -rf /', 'X=rm; rm -rf /'],
    ['A=r B=m; $A$B -rf /', 'A=r B=m; rm -rf /'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${T}, on purpose
    ['export T="/"; rm -rf "${T}"', 'export T="/"; rm -rf "/"'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's default value, on purpose
    ['rm -rf ${TARGET:-/}', 'rm -rf /'],
    ["$c='Remove-Item'; & $c C:/", "$c='Remove-Item'; & Remove-Item C:/"],
    ['X=rm; Y=$X; $Y -rf /', 'X=rm; Y=$X; rm -rf /'],
  ])('%j reads %j', (text, expected) => {
    expect(resolveVariables(text).text).toBe(expected);
  });

  it('uses the value set before each use, as the shell does', () => {
    expect(resolveVariables('X=ls; $X /; X=rm; $X -rf /').text).toBe('X=ls; ls /; X=rm; rm -rf /');
  });

  it('splits an unquoted use on the characters of IFS', () => {
    expect(resolveVariables('IFS=,; cmd=rm,-rf,/; $cmd').text).toBe('IFS=,; cmd=rm,-rf,/; rm -rf /');
  });

  it('leaves unknown variables alone', () => {
    expect(resolveVariables('rm -rf "$BUILD_DIR"').text).toBe('rm -rf "$BUILD_DIR"');
  });
});

describe('literalOutput', () => {
  it.each([
    ["printf 'rm'", 'rm'],
    ["printf '%s %s' rm -rf", 'rm -rf'],
    ['echo -n /', '/'],
    ["echo '/ fr- mr' | rev", 'rm -rf /'],
    ["echo 'ez -es /' | tr 'a-z' 'n-za-m'", 'rm -rf /'],
    ["echo 'r#m' | tr -d '#'", 'rm'],
    ['echo cm0gLXJmIC8= | base64 -d', 'rm -rf /'],
    ['rev <<< mr', 'rm'],
    ["echo 'rm -rf /' | sh", 'rm -rf /'],
  ])('%j prints %j', (pipeline, expected) => {
    expect(literalOutput(pipeline)).toBe(expected);
  });

  it.each(['cat /etc/hosts', 'echo a | sort', 'curl https://x.io | rev', 'ls /tmp'])(
    'does not know what %j prints',
    (pipeline) => {
      expect(literalOutput(pipeline)).toBeNull();
    },
  );
});

describe('expandSubstitutions', () => {
  it('replaces substitutions of literals by their output, inside out', () => {
    expect(expandSubstitutions("$(printf 'rm') -rf `echo /`").text).toBe('rm -rf /');
    expect(expandSubstitutions('$(echo $(echo rm)) -rf /').text).toBe('rm -rf /');
  });

  it('marks what it cannot know as unseen and keeps the command inside to be checked', () => {
    const { text, inner } = expandSubstitutions('rm -rf $(cat dirs.txt)');
    expect(text).toContain(UNSEEN);
    expect(inner).toEqual(['cat dirs.txt']);
  });
});

describe('find and xargs', () => {
  it.each([
    ['find / -delete', ['rm -r /*']],
    ['find /var/log -name *.gz -mtime +7 -delete', ['rm -r /var/log/*.gz']],
    ['find / /home -delete', ['rm -r /* /home/*']],
    ['find / -exec rm -rf {} +', ['rm -r -rf /*']],
    ['find /home -type f -exec shred -u {} ; -exec echo done', ['shred -u /home/*', 'echo done']],
    ['find . -name x', []],
  ])('%j runs %j', (command, expected) => {
    expect(findActions(command)).toEqual(expected);
  });

  it.each([
    ['echo / | xargs rm -rf', 'rm -rf /'],
    // find lists every file of the tree, so rm on what it lists deletes the tree.
    ['find /srv/app -name "*.tmp" | xargs -0 rm -rf', 'rm -r -rf /srv/app/*'],
    ['find /var/lib/mysql -type f | xargs rm -f', 'rm -r -f /var/lib/mysql/*'],
    ['echo / | xargs -I {} rm -rf {}', 'rm -rf /'],
    ['cat list | xargs -n1 rm -rf', `rm -rf ${UNSEEN}`],
    ['echo / | xargs rm -rf < /dev/null', 'rm -rf / '],
    ['xargs -a list rm -rf', `rm -rf ${UNSEEN}`],
  ])('%j runs %j', (statement, expected) => {
    expect(inlineXargs(statement)).toContain(expected);
  });
});

describe('code strings of interpreter one-liners', () => {
  it.each([
    ["import os; os.system('rm -rf /')", 'rm -rf /'],
    ["subprocess.run(['rm', '-rf', '/'])", 'rm -rf /'],
    ["require('child_process').spawnSync('rm', ['-rf', '/'])", 'rm -rf /'],
    ["shutil.rmtree('/var/lib/mysql')", 'rm -rf /var/lib/mysql'],
    ["os.remove('/etc/passwd')", 'rm -f /etc/passwd'],
    ['qx(rm -rf /)', 'rm -rf /'],
    ['%x{rm -rf /}', 'rm -rf /'],
    ["os.system(bytes.fromhex('726d202d7266202f').decode())", 'rm -rf /'],
    ['exec(\'os.system(\\"rm -rf /\\")\')', 'rm -rf /'],
    ["[os.remove(f) for f in ['/etc/passwd']]", 'rm -f /etc/passwd'],
    ["array_map('unlink', glob('/etc/*'))", 'rm -f /etc/*'],
  ])('%j holds %j', (code, expected) => {
    expect(codeStrings(code)).toContain(expected);
  });

  it('joins concatenated literals and character codes', () => {
    expect(foldLiterals("os.system('r' + 'm -rf /')")).toBe("os.system('rm -rf /')");
    expect(foldLiterals("os.system(chr(114)+chr(109)+' -rf /')")).toBe("os.system('rm -rf /')");
  });
});

describe('Windows deletes', () => {
  it.each([
    ['remove-item -recurse -force c:/', 'rm -r c:/'],
    ['rd /s /q c:/windows', 'rm -r c:/windows'],
    ['remove-item -force -recurse', `rm -r ${UNSEEN}`],
  ])('%j is %j', (command, expected) => {
    expect(windowsDeleteAsRm(command)).toBe(expected);
  });

  it('ignores a delete that does not recurse', () => {
    expect(windowsDeleteAsRm('remove-item c:/temp/app.log')).toBeNull();
  });
});

describe('normalizeCommand, all stages together', () => {
  it.each([
    ['=rm -rf /', 'rm -rf /'],
    ['Remove-Item $env:TEMP\\app-cache -Recurse', 'rm -r $env:temp/app-cache'],
    ['rd /s /q C:\\Windows', 'rm -r c:/windows'],
    ['vssadmin.exe delete shadows /all', 'vssadmin delete shadows /all'],
  ])('reads %j as %j', (text, reading) => {
    expect(normalizeCommand(text).commands).toContain(reading);
  });

  it('ends words at control escapes inside quotes only: outside them, \\rm is rm', () => {
    expect(normalizeCommand("printf 'FLUSHALL\\r\\n' | nc cache-1 6379").commands).toContain(
      'printf flushall',
    );
    expect(normalizeCommand('\\rm -rf /').commands).toContain('rm -rf /');
  });

  it.each([
    'X=rm; $X -rf /',
    "$(printf 'rm') -rf /",
    'echo "/ fr- mr" | rev | bash',
    'r\u200bm -rf /',
    `python3 -c "import os; os.system('rm -rf /')"`,
    'echo / | xargs rm -rf',
  ])('reads %j as rm -rf /', (text) => {
    expect(normalizeCommand(text).commands).toContain('rm -rf /');
  });
});
