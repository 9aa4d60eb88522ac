// The console's wire protocol: a line protocol that telnet and nc speak as they are, framed
// so that a program (`mip6-router console COMMAND`) knows exactly where an answer ends.
//
// Client -> server: lines of UTF-8 ending in LF; CR LF and telnet's CR NUL are accepted.
//   Telnet commands (IAC ..., RFC 854 / RFC 855 negotiation and subnegotiation) are dropped
//   without an answer, so a client keeps its defaults (line mode, local echo). BS and DEL
//   erase the previous character; Ctrl-D (0x04) or telnet's IAC EOF close the session like
//   `quit`. A line is at most `maxLineBytes` long; a longer one ends the session.
// Server -> client: lines ending in CR LF (the telnet NVT's newline), and the prompt.
//   1. On connect: one greeting line, then PROMPT.
//   2. For every line received: the answer (zero or more lines), then PROMPT. Lines are
//      answered in order, one at a time; an empty line gets only the prompt.
//   3. `quit`, `exit`, Ctrl-D and the end of the client's input: pending lines are answered,
//      then one last line ("bye") with no prompt, and the server closes the connection.
//   4. A refusal to serve (too many clients) or an interruption (idle timeout, line too long,
//      shutdown; these start with CR LF, as the client sits at a prompt or mid-line) is one
//      line starting with "error: ", with no prompt, and the server closes.
// Framing rule: PROMPT is sent only at the start of a line (or right after the previous
//   prompt, for an empty answer) and only when the server waits for input; formatAnswer()
//   keeps every answer line from starting with the prompt's text. So PROMPT found there is a
//   prompt, however TCP splits the bytes, and the answer to a line is everything between two
//   prompts (findPromptEnd).
// An answer that reports a failure (unknown command, refused, thrown) starts with "error: ".

/** The prompt, sent without a newline (as mip6d's `mip6d> `). */
export const PROMPT = 'mip6-router> '

export const CRLF = '\r\n'

/** Marks an answer that reports a failure; the one-shot client exits 1 on it. */
export const ERROR_PREFIX = 'error: '

export const DEFAULT_CONSOLE_HOST = '127.0.0.1'
export const DEFAULT_CONSOLE_PORT = 7777

const PROMPT_TEXT = PROMPT.trimEnd()

/** An answer as sent: one CR LF per line, control characters shown as \xNN (an answer cannot
 *  move the client's cursor or ring its bell), no line starting with the prompt's text, and
 *  a final newline unless the answer is empty. */
export function formatAnswer(text: string): string {
  if (text === '') return ''
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')
  return lines.map((line) => `${escapeLine(line)}${CRLF}`).join('')
}

function escapeLine(line: string): string {
  const visible = line.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters replaced
    /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  )
  return visible.startsWith(PROMPT_TEXT) ? ` ${visible}` : visible
}

/** Where the next prompt in `received` (text from the server) ends, or -1 while it has not
 *  arrived. `from` is where the previous prompt ended (0 before the first): a prompt counts
 *  right there (an empty answer) or right after CR LF (see the framing rule). */
export function findPromptEnd(received: string, from = 0): number {
  if (received.startsWith(PROMPT, from)) return from + PROMPT.length
  const at = received.indexOf(`${CRLF}${PROMPT}`, from)
  return at < 0 ? -1 : at + CRLF.length + PROMPT.length
}
