// Tokens for the SQL scanner (statements are split by the history reader's splitSqlStatements):
// words, quoted identifiers and literals, punctuation; and a cursor with keyword helpers.

export interface Token {
  /** Upper-cased for words, as written for quoted identifiers / literals / punctuation. */
  up: string;
  text: string;
  quoted: boolean;
}

function skipQuoted(s: string, i: number, q: string): number {
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === q) {
      if (s[j + 1] === q) j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

function lineEnd(s: string, i: number): number {
  const n = s.indexOf("\n", i);
  return n < 0 ? s.length : n + 1;
}

function blockEnd(s: string, i: number): number {
  const n = s.indexOf("*/", i + 2);
  return n < 0 ? s.length : n + 2;
}


export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) i++;
    else if (c === "-" && s[i + 1] === "-") i = lineEnd(s, i);
    else if (c === "/" && s[i + 1] === "*") i = blockEnd(s, i);
    else if (c === '"') {
      const j = skipQuoted(s, i, c);
      const text = s.slice(i + 1, j - 1).replace(/""/g, '"');
      out.push({ up: text, text, quoted: true });
      i = j;
    } else if (c === "'") {
      const j = skipQuoted(s, i, c);
      out.push({ up: s.slice(i, j), text: s.slice(i, j), quoted: true });
      i = j;
    } else if (/[A-Za-z_0-9]/.test(c)) {
      const m = /^[A-Za-z_0-9$]+/.exec(s.slice(i))!;
      out.push({ up: m[0].toUpperCase(), text: m[0], quoted: false });
      i += m[0].length;
    } else {
      out.push({ up: c, text: c, quoted: false });
      i++;
    }
  }
  return out;
}

/** Cursor over tokens with keyword helpers. */
export class Tokens {
  pos = 0;
  constructor(readonly list: Token[]) {}
  peek(k = 0): Token | undefined {
    return this.list[this.pos + k];
  }
  is(...words: string[]): boolean {
    return words.every((w, k) => {
      const t = this.peek(k);
      return t !== undefined && !t.quoted && t.up === w;
    });
  }
  eat(...words: string[]): boolean {
    if (!this.is(...words)) return false;
    this.pos += words.length;
    return true;
  }
  /** A possibly schema-qualified name; returns its last part (tables are keyed unqualified). */
  name(): string | undefined {
    const t = this.peek();
    if (!t || (!t.quoted && !/^[A-Z_0-9$]+$/.test(t.up))) return undefined;
    let last = t.quoted ? t.text : t.text.toLowerCase();
    this.pos++;
    while (this.peek()?.up === "." && this.peek(1)) {
      const n = this.peek(1)!;
      last = n.quoted ? n.text : n.text.toLowerCase();
      this.pos += 2;
    }
    return last;
  }
  has(word: string): boolean {
    return this.list.some((t, k) => k >= this.pos && !t.quoted && t.up === word);
  }
  rest(): Token[] {
    return this.list.slice(this.pos);
  }
}
