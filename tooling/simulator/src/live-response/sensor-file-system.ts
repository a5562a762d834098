import { CommandFailure } from './command-failure.js';

/** How an endpoint spells paths: `C:\dir\file` (case-insensitive) or `/dir/file`. */
export type PathStyle = 'windows' | 'posix';

/** One file or directory of a simulated endpoint. */
export interface FsNode {
  readonly name: string;
  readonly kind: 'dir' | 'file';
  /** Children by key (lower case on Windows). Directories only. */
  readonly children: Map<string, FsNode>;
  data: Buffer;
  /** Windows attribute names without `FILE_ATTRIBUTE_` (`DIRECTORY`, `ARCHIVE`, `HIDDEN`, `SYSTEM`, ...). */
  attributes: string[];
  /** Unix seconds. */
  createTime: number;
  accessTime: number;
  writeTime: number;
  /** Reads, writes and deletes of this node are refused with ERROR_ACCESS_DENIED (a locked or protected file). */
  locked: boolean;
}

/** A `directory list` entry, as the server sends it. */
export interface DirectoryEntry {
  attributes: string[];
  create_time: number;
  last_access_time: number;
  last_write_time: number;
  size: number;
  filename: string;
  alt_name: string;
}

interface ParsedPath {
  /** Root key (`c:` on Windows, `/` on POSIX). */
  root: string;
  segments: string[];
  /** The path ended with a separator. */
  trailing: boolean;
}

const DOS_NAME = /^[A-Z0-9_$~!#%&'(){}^@`-]{1,8}(\.[A-Z0-9_$~!#%&'(){}^@`-]{1,3})?$/;

/**
 * The file tree of one simulated endpoint: what `get file`, `put file`, `delete file`,
 * `directory list` and `create directory` work on. Failures are {@link CommandFailure}s
 * carrying the Win32 code the real sensor reports.
 */
export class SensorFileSystem {
  private readonly roots = new Map<string, FsNode>();

  constructor(
    readonly style: PathStyle,
    private readonly now: () => number,
  ) {
    if (style === 'posix') this.roots.set('/', this.newNode('/', 'dir'));
  }

  /** The separator of this style. */
  get sep(): string {
    return this.style === 'windows' ? '\\' : '/';
  }

  /** Adds a Windows drive (`C:`); no-op on POSIX. */
  addDrive(letter: string): void {
    if (this.style !== 'windows') return;
    const key = `${letter.toLowerCase()}:`;
    if (!this.roots.has(key)) this.roots.set(key, this.newNode(`${letter.toUpperCase()}:`, 'dir'));
  }

  /** The drives as a session reports them (`["C:\\"]` or `["/"]`). */
  drives(): string[] {
    return [...this.roots.values()].map((node) => (this.style === 'windows' ? `${node.name}\\` : '/')).sort();
  }

  /** Joins path parts with this style's separator. */
  join(...parts: string[]): string {
    return parts.join(this.sep).replace(this.style === 'windows' ? /\\{2,}/g : /\/{2,}/g, this.sep);
  }

  /** The node at `path`, or undefined. */
  stat(path: string, cwd = ''): FsNode | undefined {
    const parsed = this.parse(path, cwd);
    let node = this.roots.get(parsed.root);
    for (const segment of parsed.segments) {
      if (!node || node.kind !== 'dir') return undefined;
      node = node.children.get(this.key(segment));
    }
    return node;
  }

  /** Creates every missing directory of `path` (seeding helper; never fails on existing ones). */
  ensureDirectory(path: string, time?: number): FsNode {
    const parsed = this.parse(path, '');
    let node: FsNode | undefined = this.roots.get(parsed.root);
    if (!node) throw new CommandFailure('PATH_NOT_FOUND', `No such drive: ${path}`);
    for (const segment of parsed.segments) {
      let child: FsNode | undefined = node.children.get(this.key(segment));
      if (!child) {
        child = this.newNode(segment, 'dir', time);
        node.children.set(this.key(segment), child);
      }
      if (child.kind !== 'dir') throw new CommandFailure('ACCESS_DENIED', `Not a directory: ${path}`);
      node = child;
    }
    return node;
  }

  /** Reads a file, optionally `count` bytes from `offset` (a partial `get file`). */
  readFile(path: string, cwd: string, offset = 0, count?: number): Buffer {
    if (!Number.isInteger(offset) || offset < 0) throw new CommandFailure('INVALID_PARAMETER', `Invalid offset ${String(offset)}`);
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new CommandFailure('INVALID_PARAMETER', `Invalid get_count ${String(count)}`);
    const node = this.lookupExisting(path, cwd);
    if (node.kind === 'dir') throw new CommandFailure('ACCESS_DENIED', `${path} is a directory`);
    if (node.locked) throw new CommandFailure('ACCESS_DENIED', `${path} is in use by another process`);
    node.accessTime = this.seconds();
    const end = count === undefined ? node.data.length : Math.min(node.data.length, offset + count);
    return Buffer.from(node.data.subarray(Math.min(offset, node.data.length), end));
  }

  /** Writes a file; fails with ERROR_FILE_EXISTS when it exists and `overwrite` is false. */
  writeFile(path: string, cwd: string, data: Buffer, options: { overwrite?: boolean; attributes?: string[]; locked?: boolean; time?: number } = {}): FsNode {
    const { parent, name } = this.parentOf(path, cwd);
    const existing = parent.children.get(this.key(name));
    if (existing) {
      if (existing.kind === 'dir') throw new CommandFailure('ACCESS_DENIED', `${path} is a directory`);
      if (existing.locked) throw new CommandFailure('ACCESS_DENIED', `${path} is in use by another process`);
      if (!options.overwrite) throw new CommandFailure('FILE_EXISTS', `${path} already exists`);
      existing.data = Buffer.from(data);
      existing.writeTime = existing.accessTime = options.time ?? this.seconds();
      return existing;
    }
    const node = this.newNode(name, 'file', options.time);
    node.data = Buffer.from(data);
    if (options.attributes) node.attributes = options.attributes;
    node.locked = options.locked ?? false;
    parent.children.set(this.key(name), node);
    parent.writeTime = node.createTime;
    return node;
  }

  /** Deletes a file (never a directory, as DeleteFile). */
  deleteFile(path: string, cwd: string): void {
    const { parent, name } = this.parentOf(path, cwd);
    const node = parent.children.get(this.key(name));
    if (!node) throw new CommandFailure('FILE_NOT_FOUND', `${path} not found`);
    if (node.kind === 'dir' || node.locked) throw new CommandFailure('ACCESS_DENIED', `Access to ${path} is denied`);
    parent.children.delete(this.key(name));
    parent.writeTime = this.seconds();
  }

  /** Creates one directory; its parent must exist. */
  createDirectory(path: string, cwd: string): void {
    const { parent, name } = this.parentOf(path, cwd);
    if (parent.children.has(this.key(name))) throw new CommandFailure('ALREADY_EXISTS', `${path} already exists`);
    parent.children.set(this.key(name), this.newNode(name, 'dir'));
    parent.writeTime = this.seconds();
  }

  /**
   * `directory list`: a path ending with a separator lists the directory; a last segment with
   * `*`/`?` lists the matching entries of its parent; any other path lists that one entry.
   * `.` and `..` appear as FindFirstFile returns them (not at a drive root).
   */
  list(path: string, cwd: string): DirectoryEntry[] {
    const parsed = this.parse(path, cwd);
    const last = parsed.segments[parsed.segments.length - 1];
    let dirSegments: string[];
    let pattern: string;
    if (parsed.trailing || last === undefined) {
      dirSegments = parsed.segments;
      pattern = '*';
    } else {
      dirSegments = parsed.segments.slice(0, -1);
      pattern = last;
    }
    let dir = this.roots.get(parsed.root);
    if (!dir) throw new CommandFailure('PATH_NOT_FOUND', `${path} not found`);
    for (const segment of dirSegments) {
      const child: FsNode | undefined = dir.children.get(this.key(segment));
      if (!child || child.kind !== 'dir') throw new CommandFailure('PATH_NOT_FOUND', `${path} not found`);
      dir = child;
    }
    if (dir.locked) throw new CommandFailure('ACCESS_DENIED', `Access to ${path} is denied`);
    const matcher = this.wildcard(pattern);
    const entries: DirectoryEntry[] = [];
    if (dirSegments.length > 0) {
      for (const dot of ['.', '..']) if (matcher.test(dot)) entries.push(this.entry(dir, dot));
    }
    const children = [...dir.children.values()].sort((a, b) => this.order(a.name, b.name));
    for (const child of children) if (matcher.test(child.name)) entries.push(this.entry(child, child.name));
    if (entries.length === 0) throw new CommandFailure('FILE_NOT_FOUND', `No file matches ${path}`);
    dir.accessTime = this.seconds();
    return entries;
  }

  /** Absolute form of `path` against `cwd`, in this style. */
  absolute(path: string, cwd: string): string {
    const parsed = this.parse(path, cwd);
    const root = this.roots.get(parsed.root);
    if (this.style === 'posix') return `/${parsed.segments.join('/')}`;
    return `${root?.name ?? parsed.root.toUpperCase()}\\${parsed.segments.join('\\')}`;
  }

  private entry(node: FsNode, filename: string): DirectoryEntry {
    return {
      attributes: [...node.attributes],
      create_time: node.createTime,
      last_access_time: node.accessTime,
      last_write_time: node.writeTime,
      size: node.kind === 'dir' ? 0 : node.data.length,
      filename,
      alt_name: this.style === 'windows' ? this.shortName(filename) : '',
    };
  }

  /** The 8.3 alias Windows shows, or `''` when the name already is one. */
  private shortName(name: string): string {
    if (name === '.' || name === '..' || DOS_NAME.test(name.toUpperCase())) return '';
    const dot = name.lastIndexOf('.');
    const base = (dot > 0 ? name.slice(0, dot) : name).toUpperCase().replace(/[^A-Z0-9]/g, '');
    const ext = dot > 0 ? name.slice(dot + 1).toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 3) : '';
    return `${base.slice(0, 6) || 'FILE'}~1${ext ? `.${ext}` : ''}`;
  }

  private lookupExisting(path: string, cwd: string): FsNode {
    const { parent, name } = this.parentOf(path, cwd);
    const node = parent.children.get(this.key(name));
    if (!node) throw new CommandFailure('FILE_NOT_FOUND', `${path} not found`);
    return node;
  }

  private parentOf(path: string, cwd: string): { parent: FsNode; name: string } {
    const parsed = this.parse(path, cwd);
    const name = parsed.segments[parsed.segments.length - 1];
    if (name === undefined || /[*?]/.test(name)) throw new CommandFailure('INVALID_PARAMETER', `Not a file path: ${path}`);
    let node = this.roots.get(parsed.root);
    if (!node) throw new CommandFailure('PATH_NOT_FOUND', `${path}: no such drive`);
    for (const segment of parsed.segments.slice(0, -1)) {
      const child: FsNode | undefined = node.children.get(this.key(segment));
      if (!child || child.kind !== 'dir') throw new CommandFailure('PATH_NOT_FOUND', `${path}: path not found`);
      node = child;
    }
    return { parent: node, name };
  }

  private parse(path: string, cwd: string): ParsedPath {
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
      throw new CommandFailure('INVALID_PARAMETER', 'A path is required');
    }
    if (this.style === 'windows') {
      let p = path.replace(/\//g, '\\');
      if (/^\\\\\?\\/.test(p)) p = p.slice(4);
      if (!/^[A-Za-z]:/.test(p)) {
        const base = cwd || 'C:\\';
        p = p.startsWith('\\') ? `${base.slice(0, 2)}${p}` : `${base.replace(/\\+$/, '')}\\${p}`;
      }
      const root = p.slice(0, 2).toLowerCase();
      const rest = p.slice(2);
      return { root, segments: this.normalise(rest.split('\\')), trailing: rest.endsWith('\\') && rest.length > 1 };
    }
    const p = path.startsWith('/') ? path : `${cwd.replace(/\/+$/, '') || ''}/${path}`;
    return { root: '/', segments: this.normalise(p.split('/')), trailing: p.endsWith('/') && p.length > 1 };
  }

  private normalise(parts: string[]): string[] {
    const out: string[] = [];
    for (const part of parts) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return out;
  }

  private wildcard(pattern: string): RegExp {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${source}$`, this.style === 'windows' ? 'i' : '');
  }

  /** Listing order: NTFS's upper-case ordinal order on Windows, byte order elsewhere. */
  private order(a: string, b: string): number {
    const x = this.style === 'windows' ? a.toUpperCase() : a;
    const y = this.style === 'windows' ? b.toUpperCase() : b;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  private key(name: string): string {
    return this.style === 'windows' ? name.toLowerCase() : name;
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private newNode(name: string, kind: 'dir' | 'file', time?: number): FsNode {
    const t = time ?? this.seconds();
    return {
      name,
      kind,
      children: new Map(),
      data: Buffer.alloc(0),
      attributes: kind === 'dir' ? ['DIRECTORY'] : ['ARCHIVE'],
      createTime: t,
      accessTime: t,
      writeTime: t,
      locked: false,
    };
  }
}
