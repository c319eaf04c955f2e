/**
 * JSON as text, edited in place: a parser that keeps where each value and each member lies, and an editor that
 * replaces, inserts and deletes members without touching a byte of the rest of the file (its spacing, its line
 * breaks, the order of its keys). npm run matrix:accept writes the expectation files and the case files this way.
 */

export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'scalar'; start: number; end: number };

export interface JsonMember {
  key: string;
  /** Where the key's opening quote is. */
  keyStart: number;
  value: JsonNode;
}

export type JsonObjectNode = Extract<JsonNode, { kind: 'object' }>;

/** Parses JSON text into nodes with their places (start inclusive, end exclusive). Throws, naming the offset, on anything but one JSON value. */
export function parseJsonText(text: string): JsonNode {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${at} of the JSON text`);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (text[at] !== '"') fail('an unterminated string');
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (): JsonNode => {
    space();
    const start = at;
    const char = text[at];
    if (char === '{') {
      at++;
      const members: JsonMember[] = [];
      space();
      if (text[at] === '}') return { kind: 'object', start, end: ++at, members };
      for (;;) {
        space();
        if (text[at] !== '"') fail('a member name expected');
        const keyStart = at;
        const key = string();
        space();
        if (text[at] !== ':') fail('":" expected');
        at++;
        members.push({ key, keyStart, value: value() });
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') return { kind: 'object', start, end: ++at, members };
        else fail('"," or "}" expected');
      }
    }
    if (char === '[') {
      at++;
      const items: JsonNode[] = [];
      space();
      if (text[at] === ']') return { kind: 'array', start, end: ++at, items };
      for (;;) {
        items.push(value());
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') return { kind: 'array', start, end: ++at, items };
        else fail('"," or "]" expected');
      }
    }
    if (char === '"') {
      string();
      return { kind: 'scalar', start, end: at };
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at));
    if (!literal) fail('a JSON value expected');
    at += literal![0].length;
    return { kind: 'scalar', start, end: at };
  };
  const root = value();
  space();
  if (at !== text.length) fail('text after the JSON value');
  // Checked by JSON itself too: what the nodes describe is exactly what JSON.parse reads.
  JSON.parse(text);
  return root;
}

/** A member of an object node by its key (an own member: no prototype is consulted), or undefined. */
export function memberOf(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.kind === 'object' ? node.members.find((member) => member.key === key) : undefined;
}

/** The object node at a path of keys and indexes, or undefined where there is none. */
export function nodeAt(root: JsonNode, path: readonly (string | number)[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (typeof step === 'number') node = node?.kind === 'array' ? node.items[step] : undefined;
    else node = memberOf(node, step)?.value;
  }
  return node;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  order: number;
}

/** Edits to one JSON text, applied at once by text(): each replaces a span of the original; spans never overlap. */
export class JsonTextEditor {
  readonly root: JsonNode;
  private readonly edits: Edit[] = [];

  constructor(readonly original: string) {
    this.root = parseJsonText(original);
  }

  /** Whether any edit was made. */
  get changed(): boolean {
    return this.edits.length > 0;
  }

  /** Replaces a node's text. */
  replace(node: JsonNode, text: string): void {
    this.add(node.start, node.end, text);
  }

  /**
   * Sets a member of an object: its value's text replaced where the key exists, else a member inserted after `after`
   * (a key of the object; at the end when absent or not found, first when null), spaced as the object's other members.
   */
  setMember(object: JsonObjectNode, key: string, text: string, after?: string | null): void {
    const existing = memberOf(object, key);
    if (existing) return this.replace(existing.value, text);
    const member = `${JSON.stringify(key)}: ${text}`;
    if (object.members.length === 0) {
      const indent = this.indentOf(object.start);
      const multiline = object === this.root;
      return this.replace(object, multiline ? `{\n${indent}  ${member}\n${indent}}` : `{ ${member} }`);
    }
    const separator = this.separatorOf(object);
    const previous = after === null ? undefined : (object.members.find((candidate) => candidate.key === after) ?? object.members.at(-1)!);
    if (previous) this.add(previous.value.end, previous.value.end, `,${separator}${member}`);
    else this.add(object.members[0]!.keyStart, object.members[0]!.keyStart, `${member},${separator}`);
  }

  /** Deletes a member of an object, with the comma and spacing that went with it (the last one leaves `{}`: insert nothing there). */
  deleteMember(object: JsonObjectNode, key: string): void {
    const index = object.members.findIndex((member) => member.key === key);
    if (index < 0) return;
    const member = object.members[index]!;
    if (object.members.length === 1) return this.replace(object, '{}');
    if (index > 0) this.add(object.members[index - 1]!.value.end, member.value.end, '');
    else this.add(member.keyStart, object.members[1]!.keyStart, '');
  }

  /**
   * The text with every edit made. From the end back: at one place, what replaces a span goes before what is
   * inserted there, and insertions keep the order they were made in.
   */
  text(): string {
    const edits = [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end || b.order - a.order);
    let text = this.original;
    let limit = Infinity;
    for (const edit of edits) {
      if (edit.end > limit) throw new Error(`Two edits of one JSON text overlap at offset ${edit.start}`);
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      limit = edit.start;
    }
    return text;
  }

  private add(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text, order: this.edits.length });
  }

  /** What goes between two members of an object: a line break and the members' indentation, or one space. */
  private separatorOf(object: JsonObjectNode): string {
    const first = object.members[0]!;
    const before = this.original.slice(object.start + 1, first.keyStart);
    return before.includes('\n') ? `\n${this.indentOf(first.keyStart)}` : ' ';
  }

  /** The spaces and tabs that open the line a position is on. */
  private indentOf(position: number): string {
    const lineStart = this.original.lastIndexOf('\n', position - 1) + 1;
    return /^[ \t]*/.exec(this.original.slice(lineStart))![0];
  }
}
