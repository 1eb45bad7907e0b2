import { describe, expect, it } from 'vitest';

import { splitPlaceholders } from './sql-placeholders';

describe('splitPlaceholders', () => {
  it('cuts the text at each placeholder and keeps their numbers in order', () => {
    expect(splitPlaceholders('select $1, $2 where a = $1')).toEqual({
      texts: ['select ', ', ', ' where a = ', ''],
      indexes: [1, 2, 1],
    });
  });

  it('ignores placeholders inside string literals, quoted identifiers and comments', () => {
    const text = `select '$1', "col$2", E'it\\'s $3' -- $4\n /* $5 /* $6 */ */ $1`;
    expect(splitPlaceholders(text).indexes).toEqual([1]);
  });

  it('ignores placeholders inside dollar-quoted bodies, tagged or not', () => {
    const text = 'select $$ $1 $$, $fn$ $2 $fn$, $3';
    expect(splitPlaceholders(text).indexes).toEqual([3]);
  });

  it('treats doubled quotes as part of the literal', () => {
    expect(splitPlaceholders("select 'a''$1''b', $2").indexes).toEqual([2]);
  });

  it('leaves dollar signs that belong to identifiers alone', () => {
    expect(splitPlaceholders('select a$1, $1').indexes).toEqual([1]);
  });

  it('keeps an unterminated literal whole so the server reports it', () => {
    expect(splitPlaceholders("select '$1").indexes).toEqual([]);
  });
});
