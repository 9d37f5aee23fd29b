/** Shorthand written with symbols, spelt out before the symbols are dropped: "w/o" -> "without", a lone "#" -> "number". */
const REPLACEMENTS: [RegExp, string][] = [
  [/\bw\/o\b/gi, ' without '],
  [/\bs\/n\b/gi, ' sin numero '],
  [/(^|\s)#(?=\s|$|[?!.,])/g, '$1 number '],
  [/\s&\s/g, ' and '],
];

export function spellOutSymbols(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}
