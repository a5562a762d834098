import { parseQuery } from './query-parser.js';
import { QuerySyntaxError } from './query-ast.js';
import type { QueryNode } from './query-ast.js';

/** How one searchable collection (processes, binaries, alerts, threat reports) is described. */
export interface SearchIndexSpec<D> {
  /** Name used in messages (`process`, `binary`, ...). */
  name: string;
  /** The documents to search (called per query; may be cached by the caller). */
  documents: () => readonly D[];
  /** A field's value for a document (an alias or a computed field may be resolved here). */
  field: (doc: D, field: string) => unknown;
  /** Whether a field name exists in this index (unknown fields are a query error, as in Solr). */
  hasField: (field: string) => boolean;
  /** Fields searched by a bare term. */
  defaultFields: readonly string[];
  /** Unique key, the final sort tiebreak (so paging neither repeats nor skips). */
  key: (doc: D) => string;
  /** Fields matched by substring as well as equality (tokenised text in Solr). */
  textFields?: ReadonlySet<string>;
}

/** The result of running a query. */
export interface SearchResult<D> {
  total: number;
  page: D[];
  facets: Record<string, FacetTerm[]>;
}

/** One facet term (`value` = count; `ratio` = percent of matching docs; `percent` = relative to the top term). */
export interface FacetTerm {
  name: string;
  value: number;
  ratio: number;
  percent: number;
}

/** Search options besides the query. */
export interface SearchOptions<D = unknown> {
  q: string;
  /** Extra filter queries (AND-ed). */
  fq?: string[];
  start: number;
  rows: number;
  /** `field asc|desc[, field2 asc|desc]`; empty = index order. */
  sort?: string;
  facetFields?: string[];
  /** Pre-filter applied before the query (e.g. time windows). */
  filter?: (doc: D) => boolean;
  /** Applied to the matching documents before sorting (e.g. `cb.group=id` keeps one per process). */
  collapse?: (hits: D[]) => D[];
}

const WILDCARD_CACHE = new Map<string, RegExp>();
function wildcardRegex(value: string): RegExp {
  let re = WILDCARD_CACHE.get(value);
  if (!re) {
    re = new RegExp(`^${value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is');
    if (WILDCARD_CACHE.size > 2000) WILDCARD_CACHE.clear();
    WILDCARD_CACHE.set(value, re);
  }
  return re;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A comparable number for a range bound or a field value: numbers, then dates (`NOW`, `-30m`, ISO). */
function comparable(value: unknown, nowMs: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const rel = /^-(\d+)([smhdw])$/.exec(value);
  if (rel) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return nowMs - Number(rel[1]) * unit;
  }
  const now = /^NOW(?:([+-])(\d+)(SECOND|MINUTE|HOUR|DAY)S?)?$/i.exec(value);
  if (now) {
    const unit = { SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 }[(now[3] ?? 'SECOND').toUpperCase() as 'SECOND'];
    return nowMs + (now[1] === '-' ? -1 : 1) * Number(now[2] ?? 0) * unit;
  }
  if (DATE_RE.test(value)) {
    const ms = Date.parse(value.includes('T') || value.length === 10 ? value : value.replace(' ', 'T'));
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * A searchable collection with the Solr-like query language, sorting with a stable tiebreak,
 * start/rows paging and facets.
 * @internal
 */
export class SearchIndex<D> {
  private readonly compiled = new Map<string, QueryNode>();

  constructor(
    private readonly spec: SearchIndexSpec<D>,
    private readonly now: () => number,
  ) {}

  /** Parses (cached) and validates a query against this index's fields. @throws QuerySyntaxError */
  parse(q: string): QueryNode {
    let node = this.compiled.get(q);
    if (!node) {
      node = parseQuery(q);
      this.validate(node);
      if (this.compiled.size > 500) this.compiled.clear();
      this.compiled.set(q, node);
    }
    return node;
  }

  /** Whether a document matches a parsed query. */
  matches(doc: D, node: QueryNode): boolean {
    switch (node.kind) {
      case 'all':
        return true;
      case 'and':
        return node.children.every((c) => this.matches(doc, c));
      case 'or':
        return node.children.some((c) => this.matches(doc, c));
      case 'not':
        return !this.matches(doc, node.child);
      case 'term':
        if (node.field === null) return this.spec.defaultFields.some((f) => this.valueMatches(this.spec.field(doc, f), node.value, node.phrase, true));
        if (node.value === '*') {
          const v = this.spec.field(doc, node.field);
          return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
        }
        return this.valueMatches(this.spec.field(doc, node.field), node.value, node.phrase, this.spec.textFields?.has(node.field) ?? false);
      case 'range':
        return this.rangeMatches(this.spec.field(doc, node.field), node);
    }
  }

  /** Runs a search. @throws QuerySyntaxError for a malformed query, sort or facet field. */
  search(options: SearchOptions<D>): SearchResult<D> {
    const nodes = [this.parse(options.q), ...(options.fq ?? []).map((fq) => this.parse(fq))];
    const sorters = this.parseSort(options.sort ?? '');
    for (const f of options.facetFields ?? []) if (!this.spec.hasField(f)) throw new QuerySyntaxError(`undefined field ${f} (facet.field)`);
    const filter = options.filter;
    let hits = this.spec.documents().filter((d) => (!filter || filter(d)) && nodes.every((n) => this.matches(d, n)));
    if (options.collapse) hits = options.collapse(hits);
    // no sort = index order (insertion order, like Solr's docid order); a sort always ends with the key
    if (sorters.length > 0) {
      // decorate once (dates parsed, strings lower-cased), sort, undecorate
      const now = this.now();
      const key = this.spec.key;
      const decorated = hits.map((doc) => ({ doc, keys: sorters.map(({ field }) => sortKey(this.spec.field(doc, field), now)), id: key(doc) }));
      decorated.sort((a, b) => {
        for (let i = 0; i < sorters.length; i++) {
          const c = compareKeys(a.keys[i], b.keys[i]);
          if (c !== 0) return c * (sorters[i]?.dir ?? 1);
        }
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      });
      hits = decorated.map((d) => d.doc);
    }
    const facets: Record<string, FacetTerm[]> = {};
    for (const f of options.facetFields ?? []) facets[f] = this.facet(hits, f);
    return { total: hits.length, page: options.rows > 0 ? hits.slice(options.start, options.start + options.rows) : [], facets };
  }

  private facet(hits: readonly D[], field: string): FacetTerm[] {
    const counts = new Map<string, number>();
    for (const d of hits) {
      const v = this.spec.field(d, field);
      const values = Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
      for (const x of new Set(values.map((y) => String(y)))) counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    const terms = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 200);
    const top = terms[0]?.[1] ?? 0;
    const total = hits.length;
    return terms.map(([name, value]) => ({
      name,
      value,
      ratio: total === 0 ? 0 : Math.round((value / total) * 1000) / 10,
      percent: top === 0 ? 0 : Math.round((value / top) * 100),
    }));
  }

  private parseSort(sort: string): { field: string; dir: 1 | -1 }[] {
    const out: { field: string; dir: 1 | -1 }[] = [];
    for (const part of sort.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\S+)(?:\s+(asc|desc))?$/i.exec(part);
      if (!m) throw new QuerySyntaxError(`can not sort on "${part}": expected "<field> asc|desc"`);
      const field = m[1] as string;
      if (!this.spec.hasField(field)) throw new QuerySyntaxError(`sort param field can't be found: ${field}`);
      out.push({ field, dir: (m[2] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1 });
    }
    return out;
  }

  private validate(node: QueryNode): void {
    switch (node.kind) {
      case 'and':
      case 'or':
        node.children.forEach((c) => this.validate(c));
        return;
      case 'not':
        this.validate(node.child);
        return;
      case 'term':
      case 'range':
        if (node.field !== null && !this.spec.hasField(node.field)) throw new QuerySyntaxError(`undefined field ${node.field}`);
        if (node.kind === 'range') {
          for (const bound of [node.low, node.high]) {
            if (bound !== '*' && comparable(bound, 0) === undefined) throw new QuerySyntaxError(`invalid range bound "${bound}" for field ${node.field}`);
          }
        }
        return;
      default:
        return;
    }
  }

  private valueMatches(value: unknown, pattern: string, phrase: boolean, text: boolean): boolean {
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) return value.some((v) => this.valueMatches(v, pattern, phrase, text));
    const s = typeof value === 'string' ? value : String(value);
    if (!phrase && (pattern.includes('*') || pattern.includes('?'))) {
      const re = wildcardRegex(pattern);
      if (re.test(s)) return true;
      return text && s.split(/[\s"\\/]+/).some((tok) => re.test(tok));
    }
    const a = s.toLowerCase();
    const b = pattern.toLowerCase();
    if (a === b) return true;
    if (typeof value === 'number' && /^-?\d+(\.\d+)?$/.test(pattern)) return value === Number(pattern);
    return text && a.includes(b);
  }

  private rangeMatches(value: unknown, node: Extract<QueryNode, { kind: 'range' }>): boolean {
    if (Array.isArray(value)) return value.some((v) => this.rangeMatches(v, node));
    const now = this.now();
    const v = comparable(value, now);
    if (v === undefined) return false;
    if (node.low !== '*') {
      const low = comparable(node.low, now) as number;
      if (node.includeLow ? v < low : v <= low) return false;
    }
    if (node.high !== '*') {
      const high = comparable(node.high, now) as number;
      if (node.includeHigh ? v > high : v >= high) return false;
    }
    return true;
  }
}

type SortKey = number | string | null;

/** A value's sort key: numbers and dates as numbers, other values as lower-case strings, missing as null. */
function sortKey(value: unknown, now: number): SortKey {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const n = comparable(value, now);
  if (n !== undefined) return n;
  return (Array.isArray(value) ? value.join(',') : String(value)).toLowerCase();
}

/** Missing first, then numbers, then strings. */
function compareKeys(a: SortKey | undefined, b: SortKey | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : 1;
}
