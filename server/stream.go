package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
)

// stream is the LSP base protocol (Content-Length framing) for jsonrpc2, made
// tolerant: jsonrpc2's own codec closes the connection on the first bad
// header or bad JSON, which would let one garbage message kill the server.
// Here a bad header is skipped, and a body that is not a JSON-RPC message is
// answered with a parse error or invalid request error and skipped.
type stream struct {
	rwc io.ReadWriteCloser
	r   *bufio.Reader
	max int // bound on one message: a larger one is answered with an error and skipped
	// atEOF runs on the read loop when the input ends, before the
	// connection closes: the server answers what is queued first.
	atEOF func()
	log   func(format string, args ...any)

	mu sync.Mutex // guards w: replies, notifications and our own error answers
	w  *bufio.Writer
}

func newStream(rwc io.ReadWriteCloser, max int, log func(string, ...any)) *stream {
	return &stream{rwc: rwc, r: bufio.NewReaderSize(rwc, 64<<10), w: bufio.NewWriter(rwc), max: max, log: log}
}

// WriteObject implements jsonrpc2.ObjectStream.
func (s *stream) WriteObject(obj any) error {
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.w, "Content-Length: %d\r\n\r\n", len(data))
	s.w.Write(data)
	return s.w.Flush()
}

// ReadObject implements jsonrpc2.ObjectStream. It returns an error only when
// the stream itself fails (EOF, closed pipe).
func (s *stream) ReadObject(v any) error {
	for {
		body, err := s.readFrame()
		if err != nil {
			if err == io.EOF && s.atEOF != nil {
				s.atEOF()
			}
			return err
		}
		if body == nil {
			continue // skipped: too large
		}
		if err := json.Unmarshal(body, v); err != nil {
			s.answerBad(body, err)
			continue
		}
		return nil
	}
}

// readFrame reads headers up to the blank line and then the body. Lines that
// are not headers are skipped; a blank line without a valid Content-Length
// ends nothing (framing resumes at the next Content-Length).
func (s *stream) readFrame() ([]byte, error) {
	length := -1
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if length >= 0 {
				break
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			s.log("protocol: skipping a line that is not a header (%d bytes)", len(line))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				s.log("protocol: bad Content-Length %q", value)
				length = -1
				continue
			}
			length = n
		}
	}
	if length > s.max {
		if _, err := io.CopyN(io.Discard, s.r, int64(length)); err != nil {
			return nil, err
		}
		s.writeError(nil, jsonrpc2.CodeInvalidRequest, fmt.Sprintf("message of %d bytes is larger than the %d the server accepts", length, s.max))
		return nil, nil
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(s.r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// answerBad replies to a body that did not decode, with its id when one can
// be read (a request with bad params still deserves an answer).
func (s *stream) answerBad(body []byte, err error) {
	var probe struct {
		ID     *json.RawMessage `json:"id"`
		Method *string          `json:"method"`
	}
	code := int64(jsonrpc2.CodeParseError)
	if json.Unmarshal(body, &probe) == nil {
		code = jsonrpc2.CodeInvalidRequest
	} else if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
		code = jsonrpc2.CodeInvalidRequest
	}
	s.log("protocol: bad message (%d bytes): %v", len(body), err)
	var id *json.RawMessage
	if probe.ID != nil && probe.Method != nil {
		id = probe.ID
	} else if probe.Method != nil {
		return // a notification: no answer
	}
	s.writeError(id, code, err.Error())
}

func (s *stream) writeError(id *json.RawMessage, code int64, msg string) {
	resp := struct {
		JSONRPC string           `json:"jsonrpc"`
		ID      *json.RawMessage `json:"id"`
		Error   jsonrpc2.Error   `json:"error"`
	}{"2.0", id, jsonrpc2.Error{Code: code, Message: msg}}
	if err := s.WriteObject(resp); err != nil {
		s.log("protocol: writing an error answer: %v", err)
	}
}

// Close implements jsonrpc2.ObjectStream.
func (s *stream) Close() error { return s.rwc.Close() }
