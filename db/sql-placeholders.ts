/** SQL text cut at its `$n` placeholders: `texts[i]` comes before `indexes[i]`, one text more. */
export interface PlaceholderSplit {
  readonly texts: readonly string[];
  /** The 1-based parameter number of each placeholder, in order of appearance. */
  readonly indexes: readonly number[];
}

const identifierChar = /[A-Za-z0-9_$\u0080-\uffff]/;
const placeholder = /\$(\d+)/y;
const dollarTag = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/**
 * Finds the `$n` placeholders of `text`, ignoring any that sit inside string literals, quoted
 * identifiers, dollar-quoted bodies or comments, and any that are part of an identifier.
 */
export function splitPlaceholders(text: string): PlaceholderSplit {
  const texts: string[] = [];
  const indexes: number[] = [];
  let start = 0;
  let at = 0;
  while (at < text.length) {
    const skipped = skipLiteral(text, at);
    if (skipped > at) {
      at = skipped;
      continue;
    }
    placeholder.lastIndex = at;
    const match = text[at] === '$' && !isAfterIdentifier(text, at) ? placeholder.exec(text) : null;
    if (match === null) {
      at += 1;
      continue;
    }
    texts.push(text.slice(start, at));
    indexes.push(Number(match[1]));
    at = placeholder.lastIndex;
    start = at;
  }
  texts.push(text.slice(start));
  return { texts, indexes };
}

function isAfterIdentifier(text: string, at: number): boolean {
  return at > 0 && identifierChar.test(text[at - 1] ?? '');
}

/** The index just past the literal or comment that starts at `at`, or `at` when none does. */
function skipLiteral(text: string, at: number): number {
  const char = text[at];
  const next = text[at + 1];
  if (char === "'") {
    const isEscapeString = /[eE]/.test(text[at - 1] ?? '') && !isAfterIdentifier(text, at - 1);
    return skipQuoted(text, at, "'", isEscapeString);
  }
  if (char === '"') {
    return skipQuoted(text, at, '"', false);
  }
  if (char === '-' && next === '-') {
    const end = text.indexOf('\n', at);
    return end === -1 ? text.length : end + 1;
  }
  if (char === '/' && next === '*') {
    return skipBlockComment(text, at);
  }
  if (char === '$' && !isAfterIdentifier(text, at)) {
    return skipDollarQuoted(text, at);
  }
  return at;
}

function skipQuoted(text: string, at: number, quote: string, hasBackslashEscapes: boolean): number {
  let index = at + 1;
  while (index < text.length) {
    const char = text[index];
    if (hasBackslashEscapes && char === '\\') {
      index += 2;
    } else if (char === quote && text[index + 1] === quote) {
      index += 2;
    } else if (char === quote) {
      return index + 1;
    } else {
      index += 1;
    }
  }
  return text.length;
}

function skipBlockComment(text: string, at: number): number {
  let depth = 0;
  let index = at;
  while (index < text.length) {
    if (text.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (text.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) {
        return index;
      }
    } else {
      index += 1;
    }
  }
  return text.length;
}

function skipDollarQuoted(text: string, at: number): number {
  dollarTag.lastIndex = at;
  const match = dollarTag.exec(text);
  if (match === null) {
    return at;
  }
  const end = text.indexOf(match[0], dollarTag.lastIndex);
  return end === -1 ? text.length : end + match[0].length;
}
