package nodecfg

import (
	"reflect"
	"strings"
	"testing"
)

func TestLoadKeepsDefaultsForAbsentKeys(t *testing.T) {
	c, err := Load(strings.NewReader(`{"moniker": "validator-3", "max_peers": 10}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Moniker, want.MaxPeers = "validator-3", 10
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load() = %+v, want %+v", c, want)
	}
}

func TestLoadHonoursExplicitFalse(t *testing.T) {
	c, err := Load(strings.NewReader(`{"create_empty_blocks": false, "block_interval": 5000000000}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.CreateEmptyBlocks {
		t.Errorf("CreateEmptyBlocks = true, want false as set in the file") // CRASH
	}
}

func TestNewFillsDefaults(t *testing.T) {
	c := New(Config{Moniker: "seed"})
	if c.ListenAddr != "tcp://0.0.0.0:26656" || c.MaxPeers != 40 || !c.CreateEmptyBlocks {
		t.Errorf("New() = %+v", c)
	}
}
