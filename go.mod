module github.com/sleuth-dev/sleuth

go 1.26

require (
	github.com/go-delve/delve v1.27.2
	github.com/maruel/panicparse/v2 v2.5.0
	github.com/rogpeppe/go-internal v1.16.0
)

require (
	github.com/cilium/ebpf v0.22.0 // indirect
	github.com/google/go-dap v0.12.0 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	go.yaml.in/yaml/v3 v3.0.4 // indirect
	golang.org/x/arch v0.28.0 // indirect
	golang.org/x/sys v0.46.0 // indirect
	golang.org/x/telemetry v0.0.0-20251203150158-8fff8a5912fc // indirect
	golang.org/x/tools v0.40.1-0.20260108161641-ca281cf95054 // indirect
)
