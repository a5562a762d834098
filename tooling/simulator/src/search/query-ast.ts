/** A parsed search query (the Solr-like language of Cb Response's search pages and scripts). */
export type QueryNode =
  | { kind: 'all' }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  /** `field:value`, `value` (field null = default fields); value may hold `*`/`?` wildcards; phrase = quoted. */
  | { kind: 'term'; field: string | null; value: string; phrase: boolean }
  /** `field:[low TO high]` (inclusive) or `{low TO high}` (exclusive); `*` = open end. */
  | { kind: 'range'; field: string; low: string; high: string; includeLow: boolean; includeHigh: boolean };

/** Thrown for a query the simulated server refuses (answered as HTTP 400 with `{"reason": message}`). */
export class QuerySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}
