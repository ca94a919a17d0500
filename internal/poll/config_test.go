package poll

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	want := Config{MinInterval: time.Second, MaxInterval: 10 * time.Second, Growth: 0.25, Margin: 0.1, Jitter: 0.05}
	if c != want {
		t.Fatalf("DefaultConfig() = %+v, want %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("DefaultConfig().Validate() = %v", err)
	}
	if err := (Config{}).Validate(); err != nil {
		t.Fatalf("zero Config must be valid (it is the plain schedule): %v", err)
	}
}

func TestValidateRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mod   func(*Config)
		field string
	}{
		{"negative min", func(c *Config) { c.MinInterval = -time.Second }, "MinInterval"},
		{"negative max", func(c *Config) { c.MaxInterval = -time.Second }, "MaxInterval"},
		{"max below min", func(c *Config) { c.MinInterval, c.MaxInterval = 5*time.Second, 2*time.Second }, "below MinInterval"},
		{"min above default max", func(c *Config) { c.MinInterval, c.MaxInterval = 20*time.Second, 0 }, ""},
		{"growth NaN", func(c *Config) { c.Growth = math.NaN() }, "Growth"},
		{"growth negative", func(c *Config) { c.Growth = -0.1 }, "Growth"},
		{"jitter 1", func(c *Config) { c.Jitter = 1 }, "Jitter"},
		{"jitter negative", func(c *Config) { c.Jitter = -0.1 }, "Jitter"},
		{"margin 1", func(c *Config) { c.Margin = 1 }, "Margin"},
		{"margin infinite", func(c *Config) { c.Margin = math.Inf(1) }, "Margin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.mod(&c)
			err := c.Validate()
			if tc.field == "" {
				// A MinInterval above the default MaxInterval with MaxInterval unset is valid:
				// the default cap rises to the floor.
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("Validate() = %v, want an error about %s", err, tc.field)
			}
			// NewSchedule never fails: it runs with a usable configuration instead.
			if n := NewSchedule(c, nil).Config(); n.Validate() != nil || n.MinInterval <= 0 || n.MaxInterval < n.MinInterval {
				t.Fatalf("NewSchedule normalized to an unusable %+v", n)
			}
		})
	}
}

func TestNewScheduleFillsDefaults(t *testing.T) {
	got := NewSchedule(Config{Jitter: 0.2}, nil).Config()
	want := Config{MinInterval: time.Second, MaxInterval: 10 * time.Second, Growth: 0.25, Jitter: 0.2}
	if got != want {
		t.Fatalf("Config() = %+v, want %+v", got, want)
	}
	bad := DefaultConfig()
	bad.Jitter, bad.Margin, bad.MinInterval = 3, -1, -time.Second
	got = NewSchedule(bad, nil).Config()
	if got.Jitter != DefaultJitter || got.Margin != DefaultMargin || got.MinInterval != DefaultMinInterval {
		t.Fatalf("invalid values not replaced: %+v", got)
	}
}
