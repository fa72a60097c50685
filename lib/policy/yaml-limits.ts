/**
 * Limits on an uploaded YAML file, checked before it is parsed. The parser's syntax tree costs
 * about a kilobyte per nesting level and every stray token costs a parse error, so 1 MiB of '['
 * or '}' would take seconds and hundreds of megabytes. 1000 typical rules are about 100 000
 * tokens and nest about six deep.
 */
import { Lexer } from 'yaml';
import { YAML_MAX_BYTES } from './yaml-size';

export { YAML_MAX_BYTES };
export const YAML_MAX_NESTING = 64;
export const YAML_MAX_TOKENS = 150_000;

export type TImportError = { line: number; message: string };

/**
 * Why the file is refused before parsing, with the line where a limit was crossed, or null. The
 * lexer is cheap and yields quoted text and comments whole, so only real brackets and block
 * indicators on one line ('- - -', 'a: b: c:') count as nesting; nesting by indentation alone is
 * bounded by the file size.
 */
export function yamlLimitProblem(text: string): TImportError | null {
  // Cheap test first: UTF-8 is never shorter than the UTF-16 length.
  if (text.length > YAML_MAX_BYTES || new TextEncoder().encode(text).byteLength > YAML_MAX_BYTES) {
    return { line: 1, message: 'the file is larger than 1 MiB' };
  }
  let tokens = 0;
  let flow = 0;
  let block = 0;
  let offset = 0;
  const at = (message: string) => ({ line: text.slice(0, offset).split('\n').length, message });
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow--;
    else if (flow === 0 && (token === '-' || token === '?' || token === ':')) block++;
    else if (token === '\n') block = 0;
    if (flow + block > YAML_MAX_NESTING) return at(`the file nests more than ${YAML_MAX_NESTING} levels deep`);
    if (++tokens > YAML_MAX_TOKENS) return at(`the file is too complex: more than ${YAML_MAX_TOKENS} YAML tokens`);
    offset += token.length;
  }
  return null;
}
