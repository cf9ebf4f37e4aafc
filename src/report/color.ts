/**
 * Whether terminal output gets ANSI colour: only on a TTY, never when `NO_COLOR` is set to anything
 * non-empty (https://no-color.org), and `FORCE_COLOR` (non-empty, not "0") forces it on.
 */
export function shouldUseColor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** The few ANSI styles the terminal report uses; identity functions when colour is off. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** ANSI styles, or plain text when `color` is false. */
export function paint(color: boolean): Paint {
  if (!color) {
    const plain = (text: string) => text;
    return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, magenta: plain, cyan: plain };
  }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    magenta: wrap(35, 39),
    cyan: wrap(36, 39),
  };
}
