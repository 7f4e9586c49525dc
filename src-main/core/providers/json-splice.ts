/**
 * Edits the top-level members of a JSON object in the bytes a client sent. A relayed body differs
 * from the client's in one or two members (the model, a token limit), and re-serialising the whole
 * parsed body costs more than the relay itself for a long conversation (JSON.stringify: ~190 µs for
 * 100 kB on Node 20); finding the members' bounds skips each string with a search for its closing
 * quote, and what is kept is sliced, not copied.
 *
 * The bytes are read as Latin-1, one character per byte, so a position in that text is a position
 * in the bytes: JSON's structure is ASCII, and in UTF-8 every byte of a non-ASCII character is
 * above 0x7f, so none of them is read as a quote, a backslash or a bracket. Nothing is decoded or
 * encoded again but the members put in. Bytes that are not UTF-8 are kept as they are: the caller
 * decides whether to send them.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(t: string, i: number): number {
  while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  return i;
}

/** The rest of a string after its opening quote, through its closing one. */
const STRING_REST = /[^"\\]*(?:\\.[^"\\]*)*"/sy;
/** Escaped quotes seen in one string before the rest of it is left to the regular expression. */
const ESCAPED_QUOTES_BEFORE_REGEX = 4;

/**
 * `i` is at an opening quote; returns the index after its closing quote, or -1. A search for the
 * next quote is the fastest way through prose (~0.04 µs per kB), but every escaped quote costs
 * another search: in code or embedded JSON a compiled pattern is several times faster.
 */
function stringEnd(t: string, i: number): number {
  let j = i + 1;
  for (let escaped = 0; ; escaped++) {
    j = t.indexOf('"', j);
    if (j === -1) return -1;
    let backslashes = 0;
    for (let k = j - 1; t.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return j + 1;
    if (escaped === ESCAPED_QUOTES_BEFORE_REGEX) {
      STRING_REST.lastIndex = j + 1;
      return STRING_REST.test(t) ? STRING_REST.lastIndex : -1;
    }
    j++;
  }
}

/** `i` is at the first character of a value; returns the index after it, or -1. */
function valueEnd(t: string, i: number): number {
  const first = t.charCodeAt(i);
  if (first === QUOTE) return stringEnd(t, i);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < t.length; ) {
      const c = t.charCodeAt(j);
      if (c === QUOTE) {
        j = stringEnd(t, j);
        if (j === -1) return -1;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  for (; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isSpace(c)) break;
  }
  return j === i ? -1 : j;
}

/** Non-ASCII in the Latin-1 reading of UTF-8 bytes. */
const WIDE = /[\x80-\xff]/;

/** A member's name from its quoted bytes (Latin-1 read), as JSON.parse would give it. */
function keyOf(quoted: string): string {
  const utf8 = WIDE.test(quoted) ? Buffer.from(quoted, 'latin1').toString('utf8') : quoted;
  return utf8.includes('\\') ? (JSON.parse(utf8) as string) : utf8.slice(1, -1);
}

interface Member {
  key: string;
  /** Index of the key's opening quote. */
  start: number;
  valueStart: number;
  valueEnd: number;
}

/** The top-level members of an object's text in order, and where its closing brace is; undefined when it is not one. */
function membersOf(t: string): { members: Member[]; close: number } | undefined {
  let i = skipSpace(t, 0);
  if (t.charCodeAt(i) !== OPEN_OBJECT) return undefined;
  i = skipSpace(t, i + 1);
  const members: Member[] = [];
  if (t.charCodeAt(i) === CLOSE_OBJECT) return skipSpace(t, i + 1) === t.length ? { members, close: i } : undefined;
  for (;;) {
    if (t.charCodeAt(i) !== QUOTE) return undefined;
    const start = i;
    const keyEnd = stringEnd(t, i);
    if (keyEnd === -1) return undefined;
    const key = keyOf(t.slice(start, keyEnd));
    i = skipSpace(t, keyEnd);
    if (t.charCodeAt(i) !== COLON) return undefined;
    const valueStart = skipSpace(t, i + 1);
    const end = valueEnd(t, valueStart);
    if (end === -1) return undefined;
    members.push({ key, start, valueStart, valueEnd: end });
    i = skipSpace(t, end);
    if (t.charCodeAt(i) === COMMA) {
      i = skipSpace(t, i + 1);
      continue;
    }
    if (t.charCodeAt(i) === CLOSE_OBJECT && skipSpace(t, i + 1) === t.length) return { members, close: i };
    return undefined;
  }
}

/** A range of the original text, or text put in its place. */
type Piece = readonly [start: number, end: number] | string;

/** The pieces of the patched object, in order; see spliceMembers. */
function patchedPieces(text: string, patch: Readonly<Record<string, unknown>>): Piece[] | undefined {
  const scanned = membersOf(text);
  if (!scanned) return undefined;
  const { members, close } = scanned;
  const first = members[0];
  const pieces: Piece[] = [[0, first ? first.start : close]];
  let emitted = 0;
  let previousEnd = 0;
  const seen = new Set<string>();
  for (const m of members) {
    // Parsers disagree on which of two same-named members counts (JSON.parse takes the last, some
    // the first), so such a body is sent as we read it, serialised, never as written.
    if (seen.has(m.key)) return undefined;
    seen.add(m.key);
    // A kept member is preceded by the separator it had, unless every member before it went.
    const separator: Piece | undefined = emitted > 0 ? [previousEnd, m.start] : undefined;
    previousEnd = m.valueEnd;
    if (!Object.hasOwn(patch, m.key)) {
      if (separator) pieces.push(separator);
      pieces.push([m.start, m.valueEnd]);
      emitted++;
      continue;
    }
    const value = patch[m.key];
    if (value === undefined) continue;
    if (separator) pieces.push(separator);
    pieces.push([m.start, m.valueStart], JSON.stringify(value));
    emitted++;
  }
  for (const key in patch) {
    const value = patch[key];
    if (seen.has(key) || value === undefined) continue;
    pieces.push(`${emitted > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`);
    emitted++;
  }
  const last = members[members.length - 1];
  pieces.push([last ? last.valueEnd : close, text.length]);
  return joinAdjacent(pieces);
}

/** Ranges that continue one another as one: a kept member and the separator before it are one cut. */
function joinAdjacent(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (typeof p !== 'string' && prev !== undefined && typeof prev !== 'string' && prev[1] === p[0]) out[out.length - 1] = [prev[0], p[1]];
    else out.push(p);
  }
  return out;
}

/**
 * The object in `bytes` (a JSON text in UTF-8) with the members of `patch` set (a value of
 * `undefined` removes the member), every other byte kept as written, spacing included. Undefined
 * when the bytes are not a single JSON object or name a member twice: the caller then serialises
 * the parsed body instead. `latin1` is the bytes read as Latin-1, when the caller has it.
 */
export function spliceMembers(bytes: Buffer, patch: Readonly<Record<string, unknown>>, latin1 = bytes.toString('latin1')): Buffer | undefined {
  const pieces = patchedPieces(latin1, patch);
  if (!pieces) return undefined;
  return Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : bytes.subarray(p[0], p[1]))));
}
