// Package tinygguf writes a tiny llama-architecture model in GGUF v3 whose
// weights are generated here, so that a real Ollama server can load it and
// answer with no model download (../shared/reference/ollama.md). Its replies
// are gibberish by design: tests built on it check plumbing (streaming,
// structured output, options, errors, timeouts), never content.
//
// The shape: 2 layers, hidden size 64, 4 attention heads with 2 KV heads,
// feed-forward 128, context 4096, every tensor F32 (about 119 K parameters,
// 490 KB). The tokenizer is SentencePiece style (tokenizer.ggml.model =
// llama) with <unk>, <s>, </s>, the 256 byte tokens, the SentencePiece space
// and printable ASCII: 354 tokens, one character each, so no merges exist.
//
// Why replies end: random weights alone emit control bytes until the context
// fills. Hidden dimension 0 is therefore kept at 1 through every layer (1 in
// each token embedding, zero in the columns attention and feed-forward read
// from it and the rows they write to it), so column 0 of the output matrix is
// a per-token logit bias: lowercase letters and the space are favoured, the
// end-of-sequence token and the JSON punctuation that closes strings and
// containers get a bias close to theirs, everything else is pushed down.
// Replies end after a few dozen tokens, and JSON-schema grammars complete.
package tinygguf

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
)

// The model's dimensions.
const (
	Layers     = 2
	Hidden     = 64
	Heads      = 4
	KVHeads    = 2
	FeedFwd    = 128
	ContextLen = 4096
	headDim    = Hidden / Heads
	alignment  = 32
)

// Token ids of the special tokens.
const (
	unkID = 0
	bosID = 1
	eosID = 2
)

// vocab returns the tokens, their scores and their types (1 normal,
// 2 unknown, 3 control, 6 byte).
func vocab() (tokens []string, scores []float32, types []int32) {
	add := func(tok string, typ int32) {
		tokens = append(tokens, tok)
		scores = append(scores, -float32(len(tokens)))
		types = append(types, typ)
	}
	add("<unk>", 2)
	add("<s>", 3)
	add("</s>", 3)
	for b := 0; b < 256; b++ {
		add(fmt.Sprintf("<0x%02X>", b), 6)
	}
	add("\u2581", 1) // the SentencePiece space
	for c := byte('!'); c <= '~'; c++ {
		add(string(c), 1)
	}
	return tokens, scores, types
}

// bias is the per-token logit bias carried by hidden dimension 0.
func bias(tok string, id int) float32 {
	switch {
	case id == eosID:
		return 0.95
	case tok == "\u2581" || len(tok) == 1 && tok[0] >= 'a' && tok[0] <= 'z':
		return 1
	case len(tok) == 1 && (tok[0] == '"' || tok[0] == '}' || tok[0] == ']' || tok[0] == ','):
		return 0.9
	case len(tok) == 1 && tok[0] >= '0' && tok[0] <= '9':
		return 0.5
	case len(tok) == 1:
		return -0.5
	}
	return -2 // control and byte tokens
}

// tensor is one named tensor; dims are GGUF's (innermost first).
type tensor struct {
	name string
	dims []uint64
	data []float32
}

// Write writes the model to w. The same bytes are written every time (the
// weights come from a fixed seed).
func Write(w io.Writer) error {
	tokens, scores, types := vocab()
	nv := len(tokens)
	rng := rand.New(rand.NewPCG(1, 2))
	normal := func(n int, std float32) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = float32(rng.NormFloat64()) * std
		}
		return out
	}
	ones := func(n int) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = 1
		}
		return out
	}
	// matrix is an out×in weight (GGUF dims [in, out], row-major by out),
	// with input column 0 and output row 0 zeroed so dimension 0 passes
	// through the block untouched.
	matrix := func(in, out int, std float32, zeroIn, zeroOut bool) []float32 {
		m := normal(in*out, std)
		for o := 0; o < out; o++ {
			for i := 0; i < in; i++ {
				if zeroIn && i == 0 || zeroOut && o == 0 {
					m[o*in+i] = 0
				}
			}
		}
		return m
	}

	embd := normal(Hidden*nv, 0.1)
	output := normal(Hidden*nv, 0.3)
	for t := 0; t < nv; t++ {
		embd[t*Hidden] = 1
		output[t*Hidden] = bias(tokens[t], t)
	}
	ts := []tensor{
		{"token_embd.weight", []uint64{Hidden, uint64(nv)}, embd},
		{"output_norm.weight", []uint64{Hidden}, ones(Hidden)},
		{"output.weight", []uint64{Hidden, uint64(nv)}, output},
	}
	kv := KVHeads * headDim
	for l := 0; l < Layers; l++ {
		p := fmt.Sprintf("blk.%d.", l)
		ts = append(ts,
			tensor{p + "attn_norm.weight", []uint64{Hidden}, ones(Hidden)},
			tensor{p + "attn_q.weight", []uint64{Hidden, Hidden}, matrix(Hidden, Hidden, 0.1, true, false)},
			tensor{p + "attn_k.weight", []uint64{Hidden, uint64(kv)}, matrix(Hidden, kv, 0.1, true, false)},
			tensor{p + "attn_v.weight", []uint64{Hidden, uint64(kv)}, matrix(Hidden, kv, 0.1, true, false)},
			tensor{p + "attn_output.weight", []uint64{Hidden, Hidden}, matrix(Hidden, Hidden, 0.05, false, true)},
			tensor{p + "ffn_norm.weight", []uint64{Hidden}, ones(Hidden)},
			tensor{p + "ffn_gate.weight", []uint64{Hidden, FeedFwd}, matrix(Hidden, FeedFwd, 0.1, true, false)},
			tensor{p + "ffn_up.weight", []uint64{Hidden, FeedFwd}, matrix(Hidden, FeedFwd, 0.1, true, false)},
			tensor{p + "ffn_down.weight", []uint64{FeedFwd, Hidden}, matrix(FeedFwd, Hidden, 0.05, false, true)},
		)
	}

	e := &encoder{w: bufio.NewWriter(w)}
	e.raw([]byte("GGUF"))
	e.u32(3)
	e.u64(uint64(len(ts)))
	type kvpair struct {
		key string
		val any
	}
	meta := []kvpair{
		{"general.architecture", "llama"},
		{"general.name", "sleuth-tiny"},
		{"general.file_type", uint32(0)}, // all F32
		{"general.alignment", uint32(alignment)},
		{"llama.context_length", uint32(ContextLen)},
		{"llama.embedding_length", uint32(Hidden)},
		{"llama.block_count", uint32(Layers)},
		{"llama.feed_forward_length", uint32(FeedFwd)},
		{"llama.attention.head_count", uint32(Heads)},
		{"llama.attention.head_count_kv", uint32(KVHeads)},
		{"llama.attention.layer_norm_rms_epsilon", float32(1e-5)},
		{"llama.rope.dimension_count", uint32(headDim)},
		{"llama.rope.freq_base", float32(10000)},
		{"llama.vocab_size", uint32(nv)},
		{"tokenizer.ggml.model", "llama"},
		{"tokenizer.ggml.tokens", tokens},
		{"tokenizer.ggml.scores", scores},
		{"tokenizer.ggml.token_type", types},
		{"tokenizer.ggml.unknown_token_id", uint32(unkID)},
		{"tokenizer.ggml.bos_token_id", uint32(bosID)},
		{"tokenizer.ggml.eos_token_id", uint32(eosID)},
		{"tokenizer.ggml.add_bos_token", true},
		{"tokenizer.ggml.add_eos_token", false},
	}
	e.u64(uint64(len(meta)))
	for _, m := range meta {
		e.str(m.key)
		e.value(m.val)
	}
	var off uint64
	for _, t := range ts {
		e.str(t.name)
		e.u32(uint32(len(t.dims)))
		for _, d := range t.dims {
			e.u64(d)
		}
		e.u32(0) // GGML_TYPE_F32
		e.u64(off)
		off += pad(uint64(4 * len(t.data)))
	}
	e.pad()
	for _, t := range ts {
		for _, f := range t.data {
			e.u32(math.Float32bits(f))
		}
		e.pad()
	}
	if e.err != nil {
		return fmt.Errorf("tinygguf: %w", e.err)
	}
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("tinygguf: %w", err)
	}
	return nil
}

// WriteFile writes the model to path.
func WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("tinygguf: %w", err)
	}
	if err := Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func pad(n uint64) uint64 { return (n + alignment - 1) / alignment * alignment }

// encoder writes little-endian GGUF values and remembers the first error
// and the offset (for alignment).
type encoder struct {
	w   *bufio.Writer
	n   uint64
	err error
}

func (e *encoder) raw(b []byte) {
	if e.err != nil {
		return
	}
	_, e.err = e.w.Write(b)
	e.n += uint64(len(b))
}

func (e *encoder) u32(v uint32) { e.raw(binary.LittleEndian.AppendUint32(nil, v)) }
func (e *encoder) u64(v uint64) { e.raw(binary.LittleEndian.AppendUint64(nil, v)) }
func (e *encoder) str(s string) { e.u64(uint64(len(s))); e.raw([]byte(s)) }
func (e *encoder) pad()         { e.raw(make([]byte, pad(e.n)-e.n)) }

// GGUF value types.
const (
	typeUint32  = 4
	typeInt32   = 5
	typeFloat32 = 6
	typeBool    = 7
	typeString  = 8
	typeArray   = 9
)

func (e *encoder) value(v any) {
	switch v := v.(type) {
	case uint32:
		e.u32(typeUint32)
		e.u32(v)
	case float32:
		e.u32(typeFloat32)
		e.u32(math.Float32bits(v))
	case bool:
		e.u32(typeBool)
		if v {
			e.raw([]byte{1})
		} else {
			e.raw([]byte{0})
		}
	case string:
		e.u32(typeString)
		e.str(v)
	case []string:
		e.u32(typeArray)
		e.u32(typeString)
		e.u64(uint64(len(v)))
		for _, s := range v {
			e.str(s)
		}
	case []float32:
		e.u32(typeArray)
		e.u32(typeFloat32)
		e.u64(uint64(len(v)))
		for _, f := range v {
			e.u32(math.Float32bits(f))
		}
	case []int32:
		e.u32(typeArray)
		e.u32(typeInt32)
		e.u64(uint64(len(v)))
		for _, i := range v {
			e.u32(uint32(i))
		}
	default:
		e.err = fmt.Errorf("unsupported metadata value %T", v)
	}
}
