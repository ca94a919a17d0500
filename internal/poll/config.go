package poll

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Defaults of Config. DefaultConfig returns them together.
const (
	// DefaultMinInterval is the shortest delay between two GETs, and the latency floor.
	DefaultMinInterval = time.Second
	// DefaultMaxInterval is the longest delay between two GETs (unless the server asks for
	// more with Retry-After): a fixed 10 s poll is the baseline the schedule must never lose to.
	DefaultMaxInterval = 10 * time.Second
	// DefaultGrowth bounds the detection latency at 25% of the render time.
	DefaultGrowth = 0.25
	// DefaultMargin makes the delays aim at 90% of the bound, so that the time a GET takes,
	// the wait for the shared rate budget and the gap between the waiter's clock and the
	// render's real start stay within the bound.
	DefaultMargin = 0.1
	// DefaultJitter shortens each delay by up to 5%, so that waiters started together do not
	// poll together.
	DefaultJitter = 0.05
)

// Config tunes a Schedule. The zero Config is the plain schedule clamp(0.25 × elapsed, 1 s,
// 10 s) without margin or jitter; DefaultConfig is what a waiter should use.
type Config struct {
	// MinInterval is the floor of every delay (default 1 s), and so the latency floor. Zero
	// means the default.
	MinInterval time.Duration
	// MaxInterval caps every delay (default 10 s), except that a server's Retry-After is always
	// honoured in full. It bounds the latency of long renders and makes the long-run rate one
	// GET per MaxInterval. Zero means the default.
	MaxInterval time.Duration
	// Growth is the bound on a delay as a fraction of the time elapsed since the render
	// started (default 0.25): a render that ends just after a GET at t is seen within
	// Growth × t. Zero means the default.
	Growth float64
	// Margin is how far below the bound the delays aim, as a fraction of it (default 0.1).
	// Zero means none: the delays are the bound itself.
	Margin float64
	// Jitter shortens each delay below the cap by a random fraction of up to Jitter (default
	// 0.05), never lengthens it. Zero means no jitter.
	Jitter float64
}

// DefaultConfig returns the schedule every waiter should use: delays of 1 s to 10 s that
// aim at 90% of 25% of the elapsed time, minus up to 5% of jitter.
func DefaultConfig() Config {
	return Config{
		MinInterval: DefaultMinInterval,
		MaxInterval: DefaultMaxInterval,
		Growth:      DefaultGrowth,
		Margin:      DefaultMargin,
		Jitter:      DefaultJitter,
	}
}

// Validate reports every value that a Schedule cannot use as given. Zero MinInterval,
// MaxInterval and Growth are valid: they mean their defaults.
func (c Config) Validate() error {
	var errs []error
	if c.MinInterval < 0 {
		errs = append(errs, fmt.Errorf("invalid MinInterval %s: negative", c.MinInterval))
	}
	if c.MaxInterval < 0 {
		errs = append(errs, fmt.Errorf("invalid MaxInterval %s: negative", c.MaxInterval))
	}
	if c.MinInterval >= 0 && c.MaxInterval >= 0 {
		n := c.withDefaults()
		if n.MaxInterval < n.MinInterval {
			errs = append(errs, fmt.Errorf("invalid MaxInterval %s: below MinInterval %s", n.MaxInterval, n.MinInterval))
		}
	}
	if !finite(c.Growth) || c.Growth < 0 || c.Growth > 10 {
		errs = append(errs, fmt.Errorf("invalid Growth %v: not within [0, 10]", c.Growth))
	}
	if !finite(c.Margin) || c.Margin < 0 || c.Margin >= 1 {
		errs = append(errs, fmt.Errorf("invalid Margin %v: not within [0, 1)", c.Margin))
	}
	if !finite(c.Jitter) || c.Jitter < 0 || c.Jitter >= 1 {
		errs = append(errs, fmt.Errorf("invalid Jitter %v: not within [0, 1)", c.Jitter))
	}
	return errors.Join(errs...)
}

// withDefaults fills the zero MinInterval, MaxInterval and Growth with their defaults.
func (c Config) withDefaults() Config {
	if c.MinInterval == 0 {
		c.MinInterval = DefaultMinInterval
	}
	if c.MaxInterval == 0 {
		c.MaxInterval = max(DefaultMaxInterval, c.MinInterval)
	}
	if c.Growth == 0 {
		c.Growth = DefaultGrowth
	}
	return c
}

// normalized is the Config a Schedule runs with: zero fields take their defaults, and every
// value Validate rejects is replaced by its default.
func (c Config) normalized() Config {
	if c.MinInterval < 0 {
		c.MinInterval = 0
	}
	if c.MaxInterval < 0 {
		c.MaxInterval = 0
	}
	if !finite(c.Growth) || c.Growth < 0 || c.Growth > 10 {
		c.Growth = 0
	}
	c = c.withDefaults()
	if c.MaxInterval < c.MinInterval {
		c.MaxInterval = c.MinInterval
	}
	if !finite(c.Margin) || c.Margin < 0 || c.Margin >= 1 {
		c.Margin = DefaultMargin
	}
	if !finite(c.Jitter) || c.Jitter < 0 || c.Jitter >= 1 {
		c.Jitter = DefaultJitter
	}
	return c
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
