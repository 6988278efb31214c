package nodecfg

import (
	"encoding/json"
	"fmt"
	"io"
)

// Load reads a JSON configuration file. Keys that are absent keep their
// default values.
func Load(r io.Reader) (Config, error) {
	c := Default()
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("nodecfg: %w", err)
	}
	fillDefaults(&c, Default()) // ROOT
	if c.MaxPeers < 0 {
		return Config{}, fmt.Errorf("nodecfg: max_peers must not be negative")
	}
	return c, nil
}
