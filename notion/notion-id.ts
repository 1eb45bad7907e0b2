const idPattern = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/;

/**
 * Returns a Notion id in its canonical form, a lower-case uuid with dashes, accepting the dashed
 * and the 32-digit forms in any case; `undefined` when the text is no Notion id.
 */
export function normalizeNotionId(value: string): string | undefined {
  const match = idPattern.exec(value.trim().toLowerCase());
  return match === null ? undefined : match.slice(1).join('-');
}
