import { stableStringify } from './stable-json';

// A plain SHA-256 so that workflow code, which cannot load node:crypto, may hash too.
const roundConstants = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const initialState = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** The SHA-256 digest of `text` (UTF-8), as 64 lower-case hex digits. */
export function sha256Hex(text: string): string {
  const state = Uint32Array.from(initialState);
  const words = new Uint32Array(64);
  const padded = pad(new TextEncoder().encode(text));
  const view = new DataView(padded.buffer);
  for (let offset = 0; offset < padded.length; offset += 64) {
    compress(state, words, view, offset);
  }
  return Array.from(state, (word) => word.toString(16).padStart(8, '0')).join('');
}

/** The hash of a record's canonical values, as stored in `sync_links.base_hash`. */
export function hashValues(values: unknown): string {
  return sha256Hex(stableStringify(values));
}

function pad(bytes: Uint8Array): Uint8Array {
  const length = Math.ceil((bytes.length + 9) / 64) * 64;
  const padded = new Uint8Array(length);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = bytes.length * 8;
  view.setUint32(length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(length - 4, bits >>> 0);
  return padded;
}

function rotr(word: number, count: number): number {
  return (word >>> count) | (word << (32 - count));
}

function schedule(words: Uint32Array, view: DataView, offset: number): void {
  for (let i = 0; i < 16; i += 1) {
    words[i] = view.getUint32(offset + i * 4);
  }
  for (let i = 16; i < 64; i += 1) {
    const w15 = words[i - 15] ?? 0;
    const w2 = words[i - 2] ?? 0;
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
    words[i] = (words[i - 16] ?? 0) + s0 + (words[i - 7] ?? 0) + s1;
  }
}

function compress(state: Uint32Array, words: Uint32Array, view: DataView, offset: number): void {
  schedule(words, view, offset);
  const v = Array.from(state);
  for (let i = 0; i < 64; i += 1) {
    const [a, b, c, d, e, f, g, h] = v as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const choice = (e & f) ^ (~e & g);
    const t1 = (h + s1 + choice + (roundConstants[i] ?? 0) + (words[i] ?? 0)) >>> 0;
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + majority) >>> 0;
    v.splice(0, 8, (t1 + t2) >>> 0, a, b, c, (d + t1) >>> 0, e, f, g);
  }
  for (let i = 0; i < 8; i += 1) {
    state[i] = ((state[i] ?? 0) + (v[i] ?? 0)) >>> 0;
  }
}
