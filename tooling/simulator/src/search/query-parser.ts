import { QuerySyntaxError } from './query-ast.js';
import type { QueryNode } from './query-ast.js';

type Token =
  | { t: 'lparen'; pos: number }
  | { t: 'rparen'; pos: number }
  | { t: 'and' | 'or' | 'not' | 'minus' | 'plus'; pos: number }
  | { t: 'term'; field: string | null; value: string; phrase: boolean; pos: number }
  | { t: 'range'; field: string; low: string; high: string; includeLow: boolean; includeHigh: boolean; pos: number }
  | { t: 'fieldgroup'; field: string; pos: number };

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Reads a `"..."` phrase starting at `i` (the quote); returns the text and the index after it. */
function readQuoted(q: string, i: number): [string, number] {
  let out = '';
  let j = i + 1;
  while (j < q.length && q[j] !== '"') {
    if (q[j] === '\\' && q[j + 1] === '"') {
      out += '"';
      j += 2;
      continue;
    }
    out += q[j];
    j++;
  }
  if (j >= q.length) throw new QuerySyntaxError(`unterminated quoted phrase starting at position ${i}`);
  return [out, j + 1];
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      tokens.push({ t: 'lparen', pos: i });
      i++;
      continue;
    }
    if (c === ')') {
      tokens.push({ t: 'rparen', pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      const [text, next] = readQuoted(q, i);
      tokens.push({ t: 'term', field: null, value: text, phrase: true, pos: i });
      i = next;
      continue;
    }
    if ((c === '-' || c === '!') && i + 1 < q.length && !isSpace(q[i + 1])) {
      tokens.push({ t: 'not', pos: i });
      i++;
      continue;
    }
    if (c === '+' && i + 1 < q.length && !isSpace(q[i + 1])) {
      tokens.push({ t: 'plus', pos: i });
      i++;
      continue;
    }
    if (q.startsWith('&&', i)) {
      tokens.push({ t: 'and', pos: i });
      i += 2;
      continue;
    }
    if (q.startsWith('||', i)) {
      tokens.push({ t: 'or', pos: i });
      i += 2;
      continue;
    }
    // a word: up to whitespace or a paren; `field:` prefix splits at the first colon
    const start = i;
    let word = '';
    while (i < q.length && !isSpace(q[i]) && q[i] !== '(' && q[i] !== ')' && !(q[i] === ':' && word.length > 0 && /^[A-Za-z_][\w.]*$/.test(word) && !word.includes(':'))) {
      word += q[i];
      i++;
    }
    if (q[i] === ':' && /^[A-Za-z_][\w.]*$/.test(word)) {
      const field = word;
      i++;
      const v = q[i];
      if (v === undefined || isSpace(v)) throw new QuerySyntaxError(`missing value after "${field}:" at position ${start}`);
      if (v === '"') {
        const [text, next] = readQuoted(q, i);
        tokens.push({ t: 'term', field, value: text, phrase: true, pos: start });
        i = next;
        continue;
      }
      if (v === '(') {
        tokens.push({ t: 'fieldgroup', field, pos: start });
        continue;
      }
      if (v === '[' || v === '{') {
        const close = q.slice(i + 1).search(/[\]}]/);
        if (close < 0) throw new QuerySyntaxError(`unterminated range for field "${field}" at position ${start}`);
        const inner = q.slice(i + 1, i + 1 + close);
        const closer = q[i + 1 + close];
        const m = /^\s*(\S+)\s+TO\s+(\S+)\s*$/.exec(inner);
        if (!m) throw new QuerySyntaxError(`malformed range "${q.slice(i, i + 2 + close)}" for field "${field}": expected [low TO high]`);
        tokens.push({ t: 'range', field, low: m[1] ?? '*', high: m[2] ?? '*', includeLow: v === '[', includeHigh: closer === ']', pos: start });
        i = i + 2 + close;
        continue;
      }
      let value = '';
      let depth = 0;
      while (i < q.length && !isSpace(q[i])) {
        const ch = q[i] as string;
        if (ch === '(') depth++;
        if (ch === ')') {
          if (depth === 0) break;
          depth--;
        }
        value += ch;
        i++;
      }
      tokens.push({ t: 'term', field, value, phrase: false, pos: start });
      continue;
    }
    if (word === '') throw new QuerySyntaxError(`unexpected character "${q[i] ?? ''}" at position ${i}`);
    const lower = word.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'not') {
      tokens.push({ t: lower, pos: start });
      continue;
    }
    if (word.startsWith(':')) throw new QuerySyntaxError(`missing field name before ":" at position ${start}`);
    tokens.push({ t: 'term', field: null, value: word, phrase: false, pos: start });
  }
  return tokens;
}

/**
 * Parses a Cb Response search query: `field:value`, `*`/`?` wildcards, quoted phrases, implicit AND,
 * `and`/`or`/`not` (any case), `-`/`!`/`+` prefixes, `&&`/`||`, parentheses, `field:(a or b)` groups
 * and `[a TO b]`/`{a TO b}` ranges with `*` ends. An empty query matches everything.
 *
 * @throws {@link QuerySyntaxError} for a malformed query (unbalanced parentheses or quotes, a dangling
 * operator, a field without value, a malformed range).
 */
export function parseQuery(q: string): QueryNode {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  const parseOr = (groupField: string | null): QueryNode => {
    const children = [parseAnd(groupField)];
    while (peek()?.t === 'or') {
      pos++;
      if (peek() === undefined || peek()?.t === 'rparen') throw new QuerySyntaxError('"or" without a right-hand side');
      children.push(parseAnd(groupField));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'or', children };
  };
  const parseAnd = (groupField: string | null): QueryNode => {
    const children = [parseUnary(groupField)];
    for (;;) {
      const t = peek();
      if (!t || t.t === 'rparen' || t.t === 'or') break;
      if (t.t === 'and') {
        pos++;
        if (peek() === undefined || peek()?.t === 'rparen') throw new QuerySyntaxError('"and" without a right-hand side');
      }
      children.push(parseUnary(groupField));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'and', children };
  };
  const parseUnary = (groupField: string | null): QueryNode => {
    const t = peek();
    if (!t) throw new QuerySyntaxError('query ends where a term was expected');
    if (t.t === 'not') {
      pos++;
      return { kind: 'not', child: parseUnary(groupField) };
    }
    if (t.t === 'plus') {
      pos++;
      return parseUnary(groupField);
    }
    return parsePrimary(groupField);
  };
  const parsePrimary = (groupField: string | null): QueryNode => {
    const t = peek();
    if (!t) throw new QuerySyntaxError('query ends where a term was expected');
    pos++;
    switch (t.t) {
      case 'lparen': {
        if (peek()?.t === 'rparen') throw new QuerySyntaxError(`empty parentheses at position ${t.pos}`);
        const inner = parseOr(groupField);
        if (peek()?.t !== 'rparen') throw new QuerySyntaxError(`missing ")" for "(" at position ${t.pos}`);
        pos++;
        return inner;
      }
      case 'fieldgroup': {
        if (peek()?.t !== 'lparen') throw new QuerySyntaxError(`expected "(" after "${t.field}:"`);
        pos++;
        const inner = parseOr(t.field);
        if (peek()?.t !== 'rparen') throw new QuerySyntaxError(`missing ")" for "${t.field}:(" at position ${t.pos}`);
        pos++;
        return inner;
      }
      case 'term':
        return { kind: 'term', field: t.field ?? groupField, value: t.value, phrase: t.phrase };
      case 'range':
        return { kind: 'range', field: t.field, low: t.low, high: t.high, includeLow: t.includeLow, includeHigh: t.includeHigh };
      case 'rparen':
        throw new QuerySyntaxError(`unbalanced ")" at position ${t.pos}`);
      default:
        throw new QuerySyntaxError(`unexpected "${t.t}" at position ${t.pos}`);
    }
  };

  if (tokens.length === 0) return { kind: 'all' };
  const node = parseOr(null);
  const rest = peek();
  if (rest) throw new QuerySyntaxError(rest.t === 'rparen' ? `unbalanced ")" at position ${rest.pos}` : `unexpected input at position ${rest.pos}`);
  return node;
}
