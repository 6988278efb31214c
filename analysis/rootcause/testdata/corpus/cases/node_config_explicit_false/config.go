package nodecfg

import "time"

type Config struct {
	Moniker           string        `json:"moniker"`
	ListenAddr        string        `json:"listen_addr"`
	MaxPeers          int           `json:"max_peers"`
	CreateEmptyBlocks bool          `json:"create_empty_blocks"`
	BlockInterval     time.Duration `json:"block_interval"`
	CORSOrigins       []string      `json:"cors_origins"`
}

func Default() Config {
	return Config{
		Moniker:           "node",
		ListenAddr:        "tcp://0.0.0.0:26656",
		MaxPeers:          40,
		CreateEmptyBlocks: true,
		BlockInterval:     time.Second,
		CORSOrigins:       []string{"*"},
	}
}

// fillDefaults sets every unset field of c from d.
func fillDefaults(c *Config, d Config) {
	if c.Moniker == "" {
		c.Moniker = d.Moniker
	}
	if c.ListenAddr == "" {
		c.ListenAddr = d.ListenAddr
	}
	if c.MaxPeers == 0 {
		c.MaxPeers = d.MaxPeers
	}
	if !c.CreateEmptyBlocks {
		c.CreateEmptyBlocks = d.CreateEmptyBlocks
	}
	if c.BlockInterval == 0 {
		c.BlockInterval = d.BlockInterval
	}
	if c.CORSOrigins == nil {
		c.CORSOrigins = d.CORSOrigins
	}
}

// New completes a programmatically built configuration.
func New(c Config) Config {
	fillDefaults(&c, Default())
	return c
}
