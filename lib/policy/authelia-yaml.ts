/**
 * Access rules in the shape of Authelia's `access_control` section, so that an existing
 * Authelia configuration can be brought over and the rules taken back out. Text in, text out:
 * the caller decides what to do with the result.
 *
 * `resources` are Go regular expressions in Authelia; Gatehouse compiles them with RE2, the same
 * syntax (lib/policy/regex-problem.ts). One difference: Gatehouse matches paths ignoring ASCII
 * case, Authelia does not. The export therefore writes each resource with `(?i)` in front, so
 * Authelia judges the exported rules as Gatehouse does, and the import drops a leading `(?i)`.
 */
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { parseNetwork } from './parse-network';
import { ZRuleInput } from './schemas';
import { POLICIES, type TPathMatcher, type TPolicy, type TRuleInput } from './types';
import { yamlLimitProblem, type TImportError } from './yaml-limits';

export const IMPORT_MAX_RULES = 1000;
/** Longer lists are refused before they are read: YAML aliases can otherwise multiply a small file. */
const MAX_LIST_ITEMS = 50;

export type { TImportError };
export type TAutheliaImport = { defaultPolicy: TPolicy | null; rules: TRuleInput[]; errors: TImportError[] };

// Control characters (C0, DEL, C1).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
const REGEX_SPECIALS = /[\\^$.|?*+()[\]{}]/g;
/** Go's (and RE2's) case-insensitive flag, redundant in Gatehouse where every path match ignores case. */
const CASE_INSENSITIVE_FLAG = '(?i)';
/** `^` + a literal path, optionally + `.*` or `.*$`: the regex form of a path prefix. */
const PREFIX_REGEX = /^\^((?:[^\\^$.|?*+()[\]{}\s]|\\[\\^$.|?*+()[\]{}/-])*)(?:\.\*\$?)?$/;

/** What the readers below share: the document, where its nodes are, and the errors so far. */
type TReader = { doc: Document; text: string[]; lineCounter: LineCounter; errors: TImportError[] };

const lineOf = (reader: TReader, node: unknown) => reader.lineCounter.linePos((node as { range?: [number] } | null)?.range?.[0] ?? 0).line;
const fail = (line: number, message: string): TAutheliaImport => ({ defaultPolicy: null, rules: [], errors: [{ line, message }] });

/** Follows an alias (`*name`) to the node it names; one naming nothing stays, to be reported where it is. */
function resolve(reader: TReader, node: unknown): unknown {
  return isAlias(node) ? (node.resolve(reader.doc) ?? node) : node;
}

/** A key's text, or null when the key is not plain text. */
function keyOf(node: unknown): string | null {
  return isScalar(node) && typeof node.value === 'string' ? node.value : null;
}

/**
 * Reads Authelia access rules: a full configuration (other sections are ignored), the
 * `access_control` mapping alone, or a bare list of rules. A rule with any error is left out
 * entirely, never half-imported; the others still import. Every rule passes ZRuleInput.
 */
export function importAutheliaYaml(text: string): TAutheliaImport {
  const tooBig = yamlLimitProblem(text);
  if (tooBig) return fail(tooBig.line, tooBig.message);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const [yamlError] = doc.errors;
  if (yamlError) return fail(lineCounter.linePos(yamlError.pos[0]).line, `invalid YAML: ${yamlError.message}`);
  const reader: TReader = { doc, text: text.split(/\r?\n/), lineCounter, errors: [] };

  const root = resolve(reader, doc.contents);
  let section: YAMLMap | null = null;
  let rulesNode: unknown = null;
  if (isSeq(root)) rulesNode = root;
  else if (isMap(root) && root.has('access_control')) {
    const value = resolve(reader, root.get('access_control', true));
    if (!isMap(value)) return fail(lineOf(reader, value ?? root), 'access_control must be a mapping');
    section = value;
  } else if (isMap(root) && (root.has('rules') || root.has('default_policy'))) section = root;
  else return fail(1, 'found no access_control section, access_control mapping or list of rules');

  let defaultPolicy: TPolicy | null = null;
  let networks = new Map<string, string[]>();
  for (const pair of section?.items ?? []) {
    const key = keyOf(pair.key);
    if (key === 'default_policy') defaultPolicy = readPolicy(reader, pair.value);
    else if (key === 'networks') networks = readNetworkDefinitions(reader, pair.value);
    else if (key === 'rules') rulesNode = resolve(reader, pair.value);
    else reader.errors.push({ line: lineOf(reader, pair.key), message: `unknown key ${key ?? '(not text)'} in access_control` });
  }

  const rules: TRuleInput[] = [];
  if (isSeq(rulesNode)) {
    if (rulesNode.items.length > IMPORT_MAX_RULES) {
      return fail(lineOf(reader, rulesNode), `the file has ${rulesNode.items.length} rules; at most ${IMPORT_MAX_RULES} can be imported at once`);
    }
    for (const item of rulesNode.items) {
      const rule = readRule(reader, resolve(reader, item), networks);
      if (rule) rules.push(rule);
    }
  } else if (rulesNode !== null && !(isScalar(rulesNode) && rulesNode.value === null)) {
    reader.errors.push({ line: lineOf(reader, rulesNode), message: 'rules must be a list' });
  }
  return { defaultPolicy, rules, errors: reader.errors.sort((a, b) => a.line - b.line) };
}

function readPolicy(reader: TReader, node: unknown): TPolicy | null {
  const value = resolve(reader, node);
  const text = isScalar(value) ? value.value : null;
  if ((POLICIES as readonly unknown[]).includes(text)) return text as TPolicy;
  reader.errors.push({ line: lineOf(reader, value), message: `the policy must be one of ${POLICIES.join(', ')}` });
  return null;
}

/** Text or a list of text, as Authelia accepts for most options. Errors are recorded; the result is then partial. */
function readStrings(reader: TReader, node: unknown, what: string): string[] {
  const value = resolve(reader, node);
  if (isScalar(value) && typeof value.value === 'string') return [value.value];
  if (!isSeq(value)) {
    reader.errors.push({ line: lineOf(reader, value), message: `${what} must be text or a list of text` });
    return [];
  }
  if (value.items.length > MAX_LIST_ITEMS) {
    reader.errors.push({ line: lineOf(reader, value), message: `${what} has more than ${MAX_LIST_ITEMS} entries` });
    return [];
  }
  return value.items.flatMap((item) => {
    const entry = resolve(reader, item);
    if (isScalar(entry) && typeof entry.value === 'string') return [entry.value];
    reader.errors.push({ line: lineOf(reader, entry), message: `each entry of ${what} must be text` });
    return [];
  });
}

/** `networks: [{ name: internal, networks: [10.0.0.0/8] }]`, which rules may name instead of listing ranges. */
function readNetworkDefinitions(reader: TReader, node: unknown): Map<string, string[]> {
  const definitions = new Map<string, string[]>();
  const list = resolve(reader, node);
  if (!isSeq(list)) {
    reader.errors.push({ line: lineOf(reader, list), message: 'access_control networks must be a list of { name, networks }' });
    return definitions;
  }
  for (const item of list.items) {
    const definition = resolve(reader, item);
    const name = isMap(definition) ? resolve(reader, definition.get('name', true)) : null;
    if (!isMap(definition) || !isScalar(name) || typeof name.value !== 'string' || !definition.has('networks')) {
      reader.errors.push({ line: lineOf(reader, definition), message: 'a network definition needs a name and networks' });
    } else if (definitions.has(name.value)) {
      reader.errors.push({ line: lineOf(reader, name), message: `the network name ${name.value} is defined twice` });
    } else {
      definitions.set(name.value, readStrings(reader, definition.get('networks', true), `networks of ${name.value}`));
    }
  }
  return definitions;
}

/** `subject`: text, a list of text, or a list mixing text and lists (OR of AND-groups). */
function readSubjects(reader: TReader, node: unknown): string[][] {
  const value = resolve(reader, node);
  const groups = isSeq(value) && value.items.length <= MAX_LIST_ITEMS ? value.items : [value];
  return groups.map((group) =>
    readStrings(reader, group, 'subject').filter((subject) => {
      if (/^(user|group):/i.test(subject)) return true;
      reader.errors.push({
        line: lineOf(reader, resolve(reader, group)),
        message: `the subject ${subject} is not supported: only user:<name> and group:<name> are`,
      });
      return false;
    }),
  );
}

/** A rule's networks: ranges, or names defined under access_control.networks. */
function readRuleNetworks(reader: TReader, node: unknown, definitions: ReadonlyMap<string, string[]>): string[] {
  return readStrings(reader, node, 'networks').flatMap((entry) => {
    const defined = definitions.get(entry);
    if (defined || parseNetwork(entry)) return defined ?? [entry];
    reader.errors.push({
      line: lineOf(reader, resolve(reader, node)),
      message: `${entry} is neither a name from access_control networks nor an IP address or CIDR range`,
    });
    return [];
  });
}

function readRule(reader: TReader, node: unknown, networks: ReadonlyMap<string, string[]>): TRuleInput | null {
  const line = lineOf(reader, node);
  if (!isMap(node)) {
    reader.errors.push({ line, message: 'a rule must be a mapping of options such as domain and policy' });
    return null;
  }
  const errorsBefore = reader.errors.length;
  const rule: Omit<TRuleInput, 'policy'> & { policy: TPolicy | null } = {
    description: describedAbove(reader, line),
    domains: [],
    paths: [],
    methods: [],
    subjects: [],
    networks: [],
    policy: null,
  };
  for (const pair of node.items) {
    const key = keyOf(pair.key);
    const keyLine = lineOf(reader, pair.key);
    if (key === 'domain') rule.domains = readStrings(reader, pair.value, 'domain').map((domain) => domain.toLowerCase());
    else if (key === 'resources') rule.paths = readStrings(reader, pair.value, 'resources').map(toPathMatcher);
    else if (key === 'methods') rule.methods = readStrings(reader, pair.value, 'methods');
    else if (key === 'subject') rule.subjects = readSubjects(reader, pair.value);
    else if (key === 'networks') rule.networks = readRuleNetworks(reader, pair.value, networks);
    else if (key === 'policy') rule.policy = readPolicy(reader, pair.value);
    else if (key === 'domain_regex') reader.errors.push({ line: keyLine, message: 'domain_regex is not supported; list the domains or use *.example.com' });
    else if (key === 'query') reader.errors.push({ line: keyLine, message: 'query conditions are not supported' });
    else reader.errors.push({ line: keyLine, message: `unknown key ${key ?? '(not text)'} in a rule` });
  }
  if (!node.has('policy')) reader.errors.push({ line, message: 'the rule has no policy' });
  if (reader.errors.length > errorsBefore) return null;

  const parsed = ZRuleInput.safeParse(rule);
  if (parsed.success) return parsed.data;
  reader.errors.push(...parsed.error.issues.map((issue) => ({ line, message: issue.message })));
  return null;
}

/** A regex that only says "starts with this path" becomes a prefix, which is faster and easier to read. */
function toPathMatcher(written: string): TPathMatcher {
  const source = written.startsWith(CASE_INSENSITIVE_FLAG) ? written.slice(CASE_INSENSITIVE_FLAG.length) : written;
  const literal = PREFIX_REGEX.exec(source)?.[1]?.replace(/\\(.)/g, '$1');
  // A prefix never sees the query, so one holding '?' would stop matching what the regex matched.
  return literal?.startsWith('/') && !literal.includes('?') ? { kind: 'prefix', value: literal } : { kind: 'regex', value: source };
}

/**
 * Comment lines right above a rule, indented like its '-', become its description; the export
 * writes them there. A deeper comment is more likely an option of the rule before, commented out.
 */
function describedAbove(reader: TReader, line: number): string {
  const indent = /^\s*/.exec(reader.text[line - 1] ?? '')![0];
  const comments: string[] = [];
  for (let index = line - 2; index >= 0 && reader.text[index]!.startsWith(`${indent}#`); index--) {
    comments.unshift(reader.text[index]!.slice(indent.length).replace(/^#+/, ''));
  }
  return comments.join(' ').replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

const caseInsensitive = (source: string) => (source.startsWith(CASE_INSENSITIVE_FLAG) ? source : CASE_INSENSITIVE_FLAG + source);

/**
 * Writes rules as Authelia's `access_control` section. Prefixes become `(?i)^<escaped prefix>`,
 * which the import reads back as prefixes, and regexes `(?i)<regex>` (Gatehouse ignores case in
 * paths); descriptions become comments, which Authelia ignores.
 */
export function exportAutheliaYaml(defaultPolicy: TPolicy, rules: readonly TRuleInput[]): string {
  const doc = new Document();
  const items = rules.map((rule) => {
    const item = doc.createNode({
      ...(rule.domains.length > 0 && { domain: rule.domains }),
      policy: rule.policy,
      ...(rule.networks.length > 0 && { networks: rule.networks }),
      ...(rule.subjects.length > 0 && { subject: rule.subjects.map((group) => (group.length === 1 ? group[0] : group)) }),
      ...(rule.methods.length > 0 && { methods: rule.methods }),
      ...(rule.paths.length > 0 && {
        resources: rule.paths.map((path) => caseInsensitive(path.kind === 'prefix' ? `^${path.value.replace(REGEX_SPECIALS, '\\$&')}` : path.value)),
      }),
    });
    if (rule.description) item.commentBefore = ` ${rule.description}`;
    return item;
  });
  doc.contents = doc.createNode({ access_control: { default_policy: defaultPolicy, rules: items } });
  return doc.toString({ indentSeq: false });
}
