/**
 * A request is short and sits at the ends of a prompt — 「以下の文章を要約してください。」 before pasted text, or
 * 「…以上を英訳して」 after it. The pasted material in between talks about anything (a notice pasted for
 * proofreading mentions 翻訳 and 集計), so its keywords are weaker evidence. The prompt is cut into the
 * instruction — at each end, the first (last) line when it is at most INSTRUCTION_WINDOW characters long, else
 * the first (last) INSTRUCTION_WINDOW characters — and the material: the rest, plus the content of code fences,
 * which is never an instruction. A prompt of at most two windows is all instruction.
 */
export const INSTRUCTION_WINDOW = 160;

const CODE_FENCE = /```[^\n]*\n?([\s\S]*?)(?:```|$)/g;

export interface PromptZones {
  readonly instruction: string;
  readonly material: string;
  /** Prose without code fences, for shape cues (language mix). */
  readonly prose: string;
  readonly codeFences: number;
}

export function splitPrompt(normalised: string): PromptZones {
  let codeFences = 0;
  const fenced: string[] = [];
  const prose = normalised.includes('```')
    ? normalised.replace(CODE_FENCE, (_fence: string, body: string) => {
        codeFences++;
        fenced.push(body);
        return '\n';
      })
    : normalised;
  const trimmed = prose.trim();
  if (trimmed.length <= INSTRUCTION_WINDOW * 2) return { instruction: trimmed, material: fenced.join('\n'), prose: trimmed, codeFences };
  const firstBreak = trimmed.indexOf('\n');
  const lastBreak = trimmed.lastIndexOf('\n');
  const headEnd = firstBreak >= 0 && firstBreak <= INSTRUCTION_WINDOW ? firstBreak : INSTRUCTION_WINDOW;
  const tailStart = lastBreak >= 0 && trimmed.length - lastBreak - 1 <= INSTRUCTION_WINDOW ? lastBreak + 1 : trimmed.length - INSTRUCTION_WINDOW;
  const head = trimmed.slice(0, headEnd);
  const tail = trimmed.slice(Math.max(tailStart, headEnd));
  const middle = trimmed.slice(headEnd, Math.max(tailStart, headEnd));
  return { instruction: `${head}\n${tail}`, material: fenced.length ? `${middle}\n${fenced.join('\n')}` : middle, prose: trimmed, codeFences };
}
