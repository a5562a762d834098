import { describe, expect, it } from '@jest/globals';
import { CommandFailure } from './command-failure.js';
import { SensorFileSystem } from './sensor-file-system.js';

const now = (): number => Date.UTC(2018, 1, 6, 18, 44, 47);

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CommandFailure) return error.win32;
    throw error;
  }
  throw new Error('expected a CommandFailure');
}

describe('SensorFileSystem', () => {
  it('resolves Windows paths case-insensitively, with forward slashes, \\\\?\\ prefixes, relative paths and ..', () => {
    const fs = new SensorFileSystem('windows', now);
    fs.addDrive('C');
    fs.ensureDirectory('C:\\Windows\\Temp');
    fs.writeFile('C:\\Windows\\Temp\\a.txt', '', Buffer.from('A'));
    expect(fs.readFile('c:/windows/temp/A.TXT', '').toString()).toBe('A');
    expect(fs.readFile('\\\\?\\C:\\Windows\\Temp\\a.txt', '').toString()).toBe('A');
    expect(fs.readFile('a.txt', 'C:\\Windows\\Temp').toString()).toBe('A');
    expect(fs.readFile('..\\Temp\\a.txt', 'C:\\Windows\\Temp').toString()).toBe('A');
    expect(fs.readFile('\\Windows\\Temp\\a.txt', 'C:\\Users').toString()).toBe('A');
    expect(fs.absolute('temp\\..\\Temp\\a.txt', 'C:\\Windows')).toBe('C:\\Windows\\Temp\\a.txt');
    expect(failure(() => fs.readFile('E:\\x.txt', ''))).toBe('PATH_NOT_FOUND');
    expect(failure(() => fs.readFile('', ''))).toBe('INVALID_PARAMETER');
    expect(failure(() => fs.writeFile('C:\\Windows\\Temp\\*.txt', '', Buffer.alloc(0)))).toBe('INVALID_PARAMETER');
  });

  it('is case-sensitive on POSIX and lists with ? wildcards', () => {
    const fs = new SensorFileSystem('posix', now);
    fs.ensureDirectory('/tmp');
    fs.writeFile('/tmp/a1.log', '', Buffer.from('1'));
    fs.writeFile('/tmp/a2.log', '', Buffer.from('22'));
    fs.writeFile('/tmp/A3.log', '', Buffer.from('333'));
    expect(fs.list('/tmp/a?.log', '/').map((e) => e.filename)).toEqual(['a1.log', 'a2.log']);
    expect(fs.list('/tmp/', '/').map((e) => [e.filename, e.size])).toEqual([['.', 0], ['..', 0], ['A3.log', 3], ['a1.log', 1], ['a2.log', 2]]);
    expect(fs.list('/', '/').map((e) => e.filename)).toEqual(['tmp']);
    expect(failure(() => fs.readFile('/TMP/a1.log', '/'))).toBe('PATH_NOT_FOUND');
  });

  it('reads partially and refuses writes over files without overwrite', () => {
    const fs = new SensorFileSystem('posix', now);
    fs.ensureDirectory('/data');
    fs.writeFile('/data/f', '', Buffer.from('0123456789'));
    expect(fs.readFile('/data/f', '/', 8).toString()).toBe('89');
    expect(fs.readFile('/data/f', '/', 20, 5).length).toBe(0);
    expect(fs.readFile('/data/f', '/', 3, 0).length).toBe(0);
    expect(failure(() => fs.readFile('/data/f', '/', 0, 1.5))).toBe('INVALID_PARAMETER');
    expect(failure(() => fs.writeFile('/data/f', '/', Buffer.from('x')))).toBe('FILE_EXISTS');
    fs.writeFile('/data/f', '/', Buffer.from('x'), { overwrite: true });
    expect(fs.readFile('/data/f', '/').toString()).toBe('x');
  });
});
