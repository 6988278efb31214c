package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/ollama/ollama/api"
)

// ResolveEmbedModel picks the embedding model: the setting, else
// SLEUTH_EMBED_MODEL, else the chat model. The chat model is the default
// because it is the one the user has pulled and that a failing run loads
// anyway for its explanation; a dedicated embedding model
// (SLEUTH_EMBED_MODEL=nomic-embed-text) ranks better and costs one more
// pull. "off" (or "none", "0", "false") turns embeddings off: the result is
// "".
func ResolveEmbedModel(setting, chat string) string {
	s := strings.TrimSpace(setting)
	if s == "" {
		s = strings.TrimSpace(os.Getenv("SLEUTH_EMBED_MODEL"))
	}
	switch strings.ToLower(s) {
	case "":
		return chat
	case "off", "none", "0", "false":
		return ""
	}
	return s
}

// EmbedModel is the model Embed asks, "" when embeddings are off. Vectors
// of different models are not comparable: stores key them by this name.
func (c *Client) EmbedModel() string { return c.embed }

// ErrEmbedOff is returned by Embed when embeddings are turned off.
var ErrEmbedOff = errors.New("model: embeddings are off (SLEUTH_EMBED_MODEL=off)")

// Embed returns one vector per text, through Ollama's /api/embed, from
// EmbedModel. The texts are cut to the model's context by Ollama
// (truncate), which for a failure's signature (a few hundred bytes) never
// happens. Errors are *Error as for Chat (a closed port fails at once:
// NotRunning), or the context's error when ctx ended; a reply without one
// finite vector of one length per text is Garbage.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if c.embed == "" {
		return nil, ErrEmbedOff
	}
	if len(texts) == 0 {
		return nil, nil
	}
	cctx, cancel := context.WithTimeout(ctx, c.cfg.EmbedTimeout)
	defer cancel()
	truncate := true
	// num_ctx as for chat: Ollama reloads a model whose options change, and
	// the chat model is the default embedding model.
	opts := map[string]any{"num_ctx": c.cfg.NumCtx}
	if t, ok := c.cfg.Options["num_thread"]; ok {
		opts["num_thread"] = t
	}
	resp, err := c.ollama.Embed(cctx, &api.EmbedRequest{Model: c.embed, Input: texts, Truncate: &truncate, Options: opts})
	if err != nil {
		return nil, c.embedError(c.classify(ctx, err, c.cfg.EmbedTimeout))
	}
	if len(resp.Embeddings) != len(texts) {
		return nil, c.embedError(c.garbage("%d embeddings for %d texts", len(resp.Embeddings), len(texts)))
	}
	dim := len(resp.Embeddings[0])
	for i, v := range resp.Embeddings {
		if len(v) == 0 || len(v) != dim {
			return nil, c.embedError(c.garbage("embedding %d has %d dimensions, want %d", i, len(v), dim))
		}
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return nil, c.embedError(c.garbage("embedding %d is not finite", i))
			}
		}
	}
	return resp.Embeddings, nil
}

// embedError names the embedding model in err, so that its hint says which
// model to pull.
func (c *Client) embedError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.Model = c.embed
		if e.Kind == Garbage {
			e.Err = fmt.Errorf("embed: %w", e.Err)
		}
	}
	return err
}
