/**
 * Names people read and compare (action names, secret names, binding display names): validated at the edge so that
 * what a console shows is what is stored (docs/security.md, "HTTP and authentication").
 *
 * - refused: control characters (C0, C1, NUL), format characters (bidi overrides and isolates such as U+202E,
 *   zero-width characters, the BOM), line and paragraph separators, unpaired UTF-16 surrogates, and text made of
 *   whitespace only;
 * - normalised: to Unicode NFC, so `café` typed composed or decomposed is one name, stored and compared once.
 */
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** Cc: controls; Cf: format (bidi, zero-width); Cs: an unpaired surrogate (a paired one is one code point); Zl, Zp. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const BLANK = /^[\p{White_Space}]*$/u;

/** Why `text` is not a safe name, or undefined when it is. */
export function unsafeTextProblem(text: string): string | undefined {
  const bad = UNSAFE.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control, format (bidi, zero-width) or unpaired surrogate characters (found U+${code})`;
  }
  if (BLANK.test(text)) return 'must not be empty or whitespace only';
  return undefined;
}

/** NFC of a string value; other values pass through for the type checks to refuse. */
export const NormalizeNfc = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC') : value));

/** class-validator rule for names: see the file comment. Non-strings are left to @IsString. */
export function IsSafeName(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSafeName',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || unsafeTextProblem(value) === undefined,
        defaultMessage: (args) =>
          `${args?.property} ${unsafeTextProblem(String(args?.value)) ?? 'is not a valid name'}`,
      },
    });
}
