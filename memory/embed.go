package memory

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Embedder turns texts into vectors whose cosine says how alike the texts
// are: a local model through Ollama (analysis/model's Client). It is
// declared here, by its user, so that memory does not depend on the model
// package. Implementations must be safe for concurrent use.
type Embedder interface {
	// Embed returns one vector per text, all of one length.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	// EmbedModel names the model the vectors come from: vectors of two
	// models are never compared.
	EmbedModel() string
}

// Embedding bounds and weights.
const (
	// DefaultMinCosine is the cosine from which an incident is similar by
	// embedding. Dedicated embedding models put paraphrases above 0.85 and
	// unrelated failures of one language well below.
	DefaultMinCosine = 0.85
	// maxRecentVectors bounds the vectors a recall compares: the newest
	// of the embedding model, plus those of the indexed candidates. The
	// newest are the failures the user is working on; older ones are
	// reached through the indexes.
	maxRecentVectors = 2000
	// maxEmbedOnly bounds the incidents that join the candidates through
	// their embedding alone (best cosine first), so that a model whose
	// vectors are all alike does not make recall read thousands.
	maxEmbedOnly = 32
	// embedSpan is the similarity score an embedding adds above
	// minSimilar between the threshold and a cosine of 1: identical texts
	// score 0.85, as much as a signature sharing kind, message and most
	// frames.
	embedSpan = 0.40
	// agreeBonus rewards a candidate both the signature and the embedding
	// find: a quarter of what the embedding scores above minSimilar.
	agreeBonus = 0.25
	// maxSimilarScore keeps similar matches below exact ones (1).
	maxSimilarScore = 0.99
)

// EmbedText is the text of s that is embedded: the kind, the user frames
// and the normalised message, one per line. Like the signature it holds no
// line numbers, addresses or paths, and its message has been redacted.
func (s Signature) EmbedText() string {
	var b strings.Builder
	b.WriteString(s.Kind)
	for _, f := range s.Frames {
		b.WriteString("\n")
		b.WriteString(f)
	}
	b.WriteString("\n")
	b.WriteString(s.Message)
	return b.String()
}

// embedSig returns the unit vector of sig's text, or an error saying why
// there is none. Nothing is asked without an embedder.
func (s *SQLite) embedSig(ctx context.Context, sig Signature) ([]float32, error) {
	vs, err := s.embedder.Embed(ctx, []string{sig.EmbedText()})
	if err != nil {
		return nil, err
	}
	if len(vs) != 1 {
		return nil, fmt.Errorf("memory: embedder returned %d vectors for 1 text", len(vs))
	}
	v := normalize(vs[0])
	if v == nil {
		return nil, fmt.Errorf("memory: embedder returned a zero vector")
	}
	return v, nil
}

// normalize returns v scaled to length 1 (a copy), or nil when v is empty,
// zero or not finite: cosines of stored unit vectors are dot products.
func normalize(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if len(v) == 0 || n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return nil
	}
	n = math.Sqrt(n)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) / n)
	}
	return out
}

// encodeVector is v as stored: little-endian float32s.
func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// dot is the dot product of q and a stored vector b, read in place; ok is
// false when their lengths differ.
func dot(q []float32, b []byte) (float64, bool) {
	if len(b) != 4*len(q) {
		return 0, false
	}
	var d float32
	for i, x := range q {
		d += x * math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return float64(d), true
}

// insertVector stores the unit vector of incident id (one per incident:
// the one of the model in use when it was recorded).
func insertVector(ctx context.Context, tx *sql.Tx, id int64, model string, at int64, v []float32) error {
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO embeddings(incident, model, dim, at, vec) VALUES (?, ?, ?, ?, ?)`,
		id, model, len(v), at, encodeVector(v))
	return err
}

// cosines compares q with the vectors of model: the newest
// maxRecentVectors, then those of ids not among them. It returns every
// cosine found and the incidents at or above the threshold that ids lacks,
// best first, at most maxEmbedOnly.
func (s *SQLite) cosines(ctx context.Context, q []float32, model string, ids map[int64]bool) (map[int64]float64, []int64, error) {
	cos := map[int64]float64{}
	scan := func(query string, args ...any) error {
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var b sql.RawBytes
			if err := rows.Scan(&id, &b); err != nil {
				return err
			}
			if c, ok := dot(q, b); ok {
				cos[id] = c
			}
		}
		return rows.Err()
	}
	if err := scan(`SELECT incident, vec FROM embeddings WHERE model = ? AND dim = ? ORDER BY at DESC LIMIT ?`,
		model, len(q), maxRecentVectors); err != nil {
		return nil, nil, err
	}
	var joined []int64
	for id, c := range cos {
		if c >= s.minCosine && !ids[id] {
			joined = append(joined, id)
		}
	}
	// Best cosine first, then the newest (higher id): deterministic.
	slices.SortFunc(joined, func(a, b int64) int {
		if cos[a] != cos[b] {
			if cos[a] > cos[b] {
				return -1
			}
			return 1
		}
		return int(b - a)
	})
	joined = joined[:min(len(joined), maxEmbedOnly)]
	missing := map[int64]bool{}
	for id := range ids {
		if _, ok := cos[id]; !ok {
			missing[id] = true
		}
	}
	if len(missing) > 0 {
		marks, args := idArgs(missing)
		if err := scan(`SELECT incident, vec FROM embeddings WHERE incident IN (`+marks+`) AND model = ?`, append(args, model)...); err != nil {
			return nil, nil, err
		}
	}
	return cos, joined, nil
}

// embedScore puts a cosine at or above minCos on the similarity scale:
// minSimilar at the threshold, minSimilar+embedSpan at 1.
func embedScore(cos, minCos float64) float64 {
	if minCos >= 1 {
		return minSimilar + embedSpan
	}
	return minSimilar + embedSpan*min(1, (cos-minCos)/(1-minCos))
}

// combine merges a candidate's signature score s and reasons with its
// cosine: the larger score, plus a bonus when both find it; the
// embedding's reason first when it alone finds it.
func combine(s float64, why []string, cos, minCos float64, model string) (float64, []string) {
	e := embedScore(cos, minCos)
	reason := fmt.Sprintf("similar by embedding (cosine %.2f, model %s)", cos, model)
	if s < minSimilar {
		return e, append([]string{reason}, why...)
	}
	return min(max(s, e)+agreeBonus*(e-minSimilar), maxSimilarScore), append(why, reason)
}
