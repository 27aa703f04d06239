// The first stage of an expression's life: found in the RGD and turned into CEL text, not yet checked.
import type { Span, YamlPath } from '../../api/index.js';

/** One piece of a string template: literal text or the CEL inside one `${...}`. */
export interface ExpressionPart {
  readonly kind: 'literal' | 'expression';
  /** The literal text, or the CEL text between `${` and `}`, as the user wrote it. */
  readonly text: string;
  /** Where `text` starts in the user's scalar (UTF-16 offset). */
  readonly scalarOffset: number;
  /** Where this part starts in `ParsedExpression.cel` (for a literal: its opening quote). */
  readonly celOffset: number;
}

/**
 * An expression found in the RGD (stage 1 of 3: Parsed -> Checked -> Compiled).
 *
 * A standalone value `${expr}` yields `cel = expr`; a string template yields one generated concatenation whose
 * parts keep their offsets, so compiler errors map back to the user's scalar (see `scalarSpan`).
 */
export interface ParsedExpression {
  /** The CEL source handed to the compiler. */
  readonly cel: string;
  /** What the user wrote, as upstream prints it in messages: the inner text, or the whole template string. */
  readonly display: string;
  /** True for a string template (`"a-${x}"`), whose result is always a string. */
  readonly template: boolean;
  /** YAML path of the scalar in the RGD document, e.g. ['spec','resources',0,'template','spec','replicas']. */
  readonly path: YamlPath;
  /** The expression inside the scalar: the whole `${...}` or, for a template, the whole string. */
  readonly span: Span;
  /** Literal and expression parts in order (one expression part for a standalone expression). */
  readonly parts: readonly ExpressionPart[];
}
