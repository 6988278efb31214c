package server

import (
	"context"
	"encoding/json"
	"os"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// clientCaps are the client capabilities the server looks at. They are read
// from the raw JSON: glsp's types stop at LSP 3.16 (no inlay hints).
type clientCaps struct {
	Workspace struct {
		Configuration bool `json:"configuration"`
		InlayHint     struct {
			RefreshSupport bool `json:"refreshSupport"`
		} `json:"inlayHint"`
		CodeLens struct {
			RefreshSupport bool `json:"refreshSupport"`
		} `json:"codeLens"`
		DidChangeConfiguration struct {
			DynamicRegistration bool `json:"dynamicRegistration"`
		} `json:"didChangeConfiguration"`
	} `json:"workspace"`
	Window struct {
		WorkDoneProgress bool `json:"workDoneProgress"`
		ShowDocument     struct {
			Support bool `json:"support"`
		} `json:"showDocument"`
	} `json:"window"`
}

type initializeParams struct {
	Capabilities          clientCaps      `json:"capabilities"`
	InitializationOptions json.RawMessage `json:"initializationOptions"`
	RootURI               string          `json:"rootUri"`
	WorkspaceFolders      []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
}

// serverCapabilities is glsp's 3.16 capabilities plus the 3.17 inlay hints.
type serverCapabilities struct {
	protocol.ServerCapabilities
	InlayHintProvider bool `json:"inlayHintProvider,omitempty"`
}

// Commands the server executes.
const (
	cmdInvestigate = "sleuth.investigate"
	cmdCaptureHere = "sleuth.captureHere"
	cmdExplain     = "sleuth.explainTrace"
	cmdRerun       = "sleuth.rerun"
	cmdClear       = "sleuth.clear"
	cmdShowReport  = "sleuth.showReport"
)

func (s *Server) initialize(_ context.Context, raw json.RawMessage) (any, error) {
	var p initializeParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	st, problems := parseSettings(p.InitializationOptions, DefaultSettings())
	s.mu.Lock()
	s.caps = p.Capabilities
	s.settings = st
	s.initOptions = p.InitializationOptions
	s.sem = make(chan struct{}, st.MaxInvestigations)
	s.state = stateInitialized
	s.rootDir = uriToPath(protocol.DocumentUri(p.RootURI))
	if len(p.WorkspaceFolders) > 0 {
		s.rootDir = uriToPath(protocol.DocumentUri(p.WorkspaceFolders[0].URI))
	}
	if s.rootDir == "" {
		s.rootDir, _ = os.Getwd()
	}
	s.mu.Unlock()
	if len(problems) > 0 {
		s.showMessage(protocol.MessageTypeWarning, "%s", settingsMessage(problems))
	}
	sync := protocol.TextDocumentSyncKindIncremental
	yes := true
	caps := serverCapabilities{
		ServerCapabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{OpenClose: &yes, Change: &sync, Save: true},
			HoverProvider:    true,
			CodeLensProvider: &protocol.CodeLensOptions{},
			CodeActionProvider: protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{
				protocol.CodeActionKindQuickFix,
			}},
			ExecuteCommandProvider: &protocol.ExecuteCommandOptions{Commands: []string{
				cmdInvestigate, cmdCaptureHere, cmdExplain, cmdRerun, cmdClear, cmdShowReport,
			}},
		},
		InlayHintProvider: true,
	}
	version := s.opts.Version
	return struct {
		Capabilities serverCapabilities                  `json:"capabilities"`
		ServerInfo   protocol.InitializeResultServerInfo `json:"serverInfo"`
	}{caps, protocol.InitializeResultServerInfo{Name: s.opts.Name, Version: &version}}, nil
}

// initialized pulls the settings when the client can serve them; the pull
// is a server→client request, so it runs on a goroutine of its own.
func (s *Server) initialized(context.Context, json.RawMessage) (any, error) {
	s.pullSettings()
	return nil, nil
}

func (s *Server) didChangeConfiguration(_ context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	_ = json.Unmarshal(raw, &p)
	s.mu.Lock()
	pull := s.caps.Workspace.Configuration
	s.mu.Unlock()
	if pull {
		s.pullSettings()
		return nil, nil
	}
	s.applySettings(p.Settings)
	return nil, nil
}

func (s *Server) pullSettings() {
	s.mu.Lock()
	ok := s.caps.Workspace.Configuration
	s.mu.Unlock()
	if !ok {
		return
	}
	s.goJob("workspace/configuration", func() {
		var res []json.RawMessage
		err := s.call(s.ctx, "workspace/configuration", protocol.ConfigurationParams{
			Items: []protocol.ConfigurationItem{{Section: strp("sleuth")}},
		}, &res)
		if err != nil {
			s.log.Printf("workspace/configuration: %v", err)
			return
		}
		if len(res) == 1 {
			s.applySettings(res[0])
		}
	})
}

// applySettings replaces the settings with raw read over the defaults and
// the initialization options; bad entries produce one message.
func (s *Server) applySettings(raw json.RawMessage) {
	s.mu.Lock()
	base, _ := parseSettings(s.initOptions, DefaultSettings())
	st, problems := parseSettings(raw, base)
	s.settings = st
	s.mu.Unlock()
	if len(problems) > 0 {
		s.showMessage(protocol.MessageTypeWarning, "%s", settingsMessage(problems))
	}
}

func (s *Server) shutdown(context.Context, json.RawMessage) (any, error) {
	s.mu.Lock()
	s.state = stateShutdown
	for _, j := range s.running {
		j.cancel()
	}
	s.mu.Unlock()
	return nil, nil
}

func (s *Server) removeReportFile() {
	s.mu.Lock()
	f := s.reportDir
	s.mu.Unlock()
	if f != "" {
		os.RemoveAll(f)
	}
}

func strp(s string) *string { return &s }
