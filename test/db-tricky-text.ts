/** Strings that break naive SQL building or encoding; each must round-trip byte for byte. */
export const trickyTexts: readonly string[] = [
  "'; DROP TABLE agents; --",
  "Robert'); DELETE FROM agents WHERE ('1' = '1",
  '$1 $2 $$ $tag$ ? %s :name',
  'back\\slash \\\\ \\x00 \\n \\" end\\',
  '"double" \'single\' `back` {curly} [square] (round) ,comma, NULL null',
  '/* comment */ -- line comment',
  '🌍🌱♻️ 👩🏽‍🔬 emoji with ZWJ and skin tone',
  'مرحبا بالعالم — שלום עולם — right-to-left text \u200f mark',
  'tab\tnew\nline\r\ncarriage',
  'x'.repeat(10_000),
  '',
  ' ',
];
