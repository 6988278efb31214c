package model

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ollama/ollama/api"
)

// Defaults. DefaultModel is a code model that runs on a laptop (4.7 GB);
// DefaultNumCtx fits a prompt of the size prompt.go builds plus a reply.
const (
	DefaultModel          = "qwen2.5-coder:7b"
	DefaultHost           = "127.0.0.1:11434"
	DefaultNumCtx         = 8192
	DefaultNumPredict     = 1024
	DefaultTimeout        = 2 * time.Minute
	DefaultConnectTimeout = 500 * time.Millisecond
	DefaultEmbedTimeout   = 30 * time.Second
)

// Config says which Ollama and which model to use. The zero value uses the
// defaults; empty Host and Model are resolved with ResolveHost and
// ResolveModel.
type Config struct {
	// Host is the Ollama server: "host:port" or a URL.
	Host string
	// Model is the model's name as Ollama knows it.
	Model string
	// NumCtx is the context window asked for. It is always sent, because
	// Ollama otherwise silently truncates long prompts at its own default.
	NumCtx int
	// NumPredict bounds the reply's tokens.
	NumPredict int
	// BytesPerToken is the model's tokenizer ratio used to count the
	// prompt (DefaultBytesPerToken when zero); lower it for a model whose
	// tokens are shorter.
	BytesPerToken float64
	// Timeout bounds one model call, from the request to the last token.
	Timeout time.Duration
	// ConnectTimeout bounds connecting to the server, so that sleuth is not
	// slowed when no Ollama answers (a refused connection returns at once;
	// this covers hosts that drop packets).
	ConnectTimeout time.Duration
	// Options are extra model options (seed, temperature, ...); num_ctx
	// and num_predict are set from the fields above and win.
	Options map[string]any
	// HTTPClient replaces the HTTP client (tests put a proxy in between);
	// ConnectTimeout does not apply to it.
	HTTPClient *http.Client
	// EmbedModel is the model Embed asks; empty is resolved with
	// ResolveEmbedModel (SLEUTH_EMBED_MODEL, else Model).
	EmbedModel string
	// EmbedTimeout bounds one Embed call (DefaultEmbedTimeout when zero,
	// and never more than Timeout): it may load the model, but recall
	// waits for it.
	EmbedTimeout time.Duration
}

// ResolveHost picks the host: the setting, else OLLAMA_HOST, else
// 127.0.0.1:11434. It understands the same forms as Ollama ("host",
// "host:port", "scheme://host:port/path").
func ResolveHost(setting string) *url.URL {
	s := strings.TrimSpace(setting)
	if s == "" {
		s = strings.TrimSpace(os.Getenv("OLLAMA_HOST"))
	}
	if s == "" {
		s = DefaultHost
	}
	defaultPort := "11434"
	scheme, hostport, ok := strings.Cut(s, "://")
	switch {
	case !ok:
		scheme, hostport = "http", s
	case scheme == "http":
		defaultPort = "80"
	case scheme == "https":
		defaultPort = "443"
	}
	hostport, path, _ := strings.Cut(hostport, "/")
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), defaultPort
		if host == "" {
			host = "127.0.0.1"
		}
	}
	if host == "0.0.0.0" || host == "::" {
		// A server listening everywhere is reached on loopback.
		host = "127.0.0.1"
	}
	return &url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port), Path: path}
}

// ResolveModel picks the model: the setting, else SLEUTH_MODEL, else
// DefaultModel.
func ResolveModel(setting string) string {
	if s := strings.TrimSpace(setting); s != "" {
		return s
	}
	if s := strings.TrimSpace(os.Getenv("SLEUTH_MODEL")); s != "" {
		return s
	}
	return DefaultModel
}

// Client talks to one Ollama server about one model. It is safe for
// concurrent use; calls are bounded by the caller (a semaphore in the
// language server).
type Client struct {
	base   *url.URL
	model  string
	embed  string // the embedding model; "" when embeddings are off
	cfg    Config
	ollama *api.Client
}

// NewClient returns a Client for cfg with defaults filled in. It does not
// connect.
func NewClient(cfg Config) *Client {
	if cfg.NumCtx <= 0 {
		cfg.NumCtx = DefaultNumCtx
	}
	if cfg.NumPredict <= 0 {
		cfg.NumPredict = DefaultNumPredict
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.EmbedTimeout <= 0 {
		cfg.EmbedTimeout = DefaultEmbedTimeout
	}
	cfg.EmbedTimeout = min(cfg.EmbedTimeout, cfg.Timeout)
	base := ResolveHost(cfg.Host)
	cfg.Model = ResolveModel(cfg.Model)
	cfg.EmbedModel = ResolveEmbedModel(cfg.EmbedModel, cfg.Model)
	hc := cfg.HTTPClient
	if hc == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DialContext = (&net.Dialer{Timeout: cfg.ConnectTimeout}).DialContext
		tr.ResponseHeaderTimeout = 0 // a model may think long before its first byte
		hc = &http.Client{Transport: tr}
	}
	return &Client{base: base, model: cfg.Model, embed: cfg.EmbedModel, cfg: cfg, ollama: api.NewClient(base, hc)}
}

// Model is the model's name.
func (c *Client) Model() string { return c.model }

// Host is the server's URL.
func (c *Client) Host() string { return c.base.String() }

// NumCtx is the context window every request asks for.
func (c *Client) NumCtx() int { return c.cfg.NumCtx }

// NumPredict is the reply's token bound.
func (c *Client) NumPredict() int { return c.cfg.NumPredict }

// BytesPerToken is the ratio the prompt is counted with.
func (c *Client) BytesPerToken() float64 { return c.cfg.BytesPerToken }

// Message is one chat message (role "system", "user" or "assistant").
type Message struct {
	Role    string
	Content string
}

// Request is one chat call.
type Request struct {
	Messages []Message
	// Format is a JSON schema for structured output; nil for free text.
	Format json.RawMessage
	// OnChunk, when set, streams the reply: it is called with each piece
	// of content as it arrives, on the calling goroutine.
	OnChunk func(chunk string)
}

// Reply is a finished chat call.
type Reply struct {
	Content string
	// PromptTokens and ReplyTokens are Ollama's counts.
	PromptTokens, ReplyTokens int
	// DoneReason is "stop" or "length" (the reply hit NumPredict).
	DoneReason string
	Duration   time.Duration
}

// Chat sends req and returns the whole reply, streaming it through
// req.OnChunk when set. Errors are *Error, or the context's error when ctx
// ended.
func (c *Client) Chat(ctx context.Context, req Request) (Reply, error) {
	start := time.Now()
	cctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	msgs := make([]api.Message, len(req.Messages))
	for i, m := range req.Messages {
		msgs[i] = api.Message{Role: m.Role, Content: m.Content}
	}
	opts := map[string]any{}
	for k, v := range c.cfg.Options {
		opts[k] = v
	}
	opts["num_ctx"] = c.cfg.NumCtx
	opts["num_predict"] = c.cfg.NumPredict
	stream := req.OnChunk != nil
	areq := &api.ChatRequest{
		Model:    c.model,
		Messages: msgs,
		Stream:   &stream,
		Format:   req.Format,
		Options:  opts,
	}
	var b strings.Builder
	var rep Reply
	err := c.ollama.Chat(cctx, areq, func(r api.ChatResponse) error {
		if r.Message.Content != "" {
			b.WriteString(r.Message.Content)
			if req.OnChunk != nil {
				req.OnChunk(r.Message.Content)
			}
		}
		if r.Done {
			rep.PromptTokens, rep.ReplyTokens, rep.DoneReason = r.PromptEvalCount, r.EvalCount, r.DoneReason
		}
		return nil
	})
	rep.Content, rep.Duration = b.String(), time.Since(start)
	if err != nil {
		return rep, c.classify(ctx, err, c.cfg.Timeout)
	}
	if rep.DoneReason == "" && cctx.Err() != nil {
		// The stream ended without its last message because our deadline
		// cut it.
		return rep, c.classify(ctx, context.DeadlineExceeded, c.cfg.Timeout)
	}
	return rep, nil
}

// Available checks that the server answers and has the model, in one short
// request (no generation). Front ends may call it to show the hint before a
// failure needs explaining.
func (c *Client) Available(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, min(c.cfg.Timeout, 10*time.Second))
	defer cancel()
	_, err := c.ollama.Show(cctx, &api.ShowRequest{Model: c.model})
	if err != nil {
		return c.classify(ctx, err, min(c.cfg.Timeout, 10*time.Second))
	}
	return nil
}

// garbage is the error for a reply that is not the structured output asked
// for.
func (c *Client) garbage(format string, args ...any) error {
	return &Error{Kind: Garbage, Model: c.model, Host: c.base.String(), Err: errors.New(fmt.Sprintf(format, args...))}
}
