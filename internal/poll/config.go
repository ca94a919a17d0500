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
	// DefaultGrowth makes the worst-case detection latency 25% of the render time.
	DefaultGrowth = 0.25
	// DefaultJitter spreads each interval over ±10%.
	DefaultJitter = 0.1
	// DefaultVideoPerAudio assumes that the video phase lasts at least as long as the audio
	// phase. Real renders spend a few seconds on text-to-speech and minutes on video.
	DefaultVideoPerAudio = 1.0
	// DefaultMinRenderFactor assumes that a video is not rendered faster than it plays: the
	// video phase lasts at least one second per second of the Video's duration.
	DefaultMinRenderFactor = 1.0
)

// Config tunes a Schedule. The zero Config is the plain elapsed-proportional schedule
// clamp(0.25 × elapsed, 1 s, 10 s) without jitter or prediction; DefaultConfig is what a
// waiter should use.
type Config struct {
	// MinInterval is the floor of every delay (default 1 s). It is also the latency floor: a
	// render that ends at T is detected within max(MinInterval, Growth × T). Zero means the
	// default.
	MinInterval time.Duration
	// MaxInterval caps every delay (default 10 s), except that a server's Retry-After is always
	// honoured in full. It bounds the worst-case latency of long renders and makes the long-run
	// rate one GET per MaxInterval. Zero means the default.
	MaxInterval time.Duration
	// Growth is the worst-case detection latency as a fraction of the render time (default
	// 0.25). With nothing else known, the delay after a GET at elapsed t is Growth × t, which
	// detects a render that finished just after t within 25% of its time. With Predict, t is
	// replaced by the earliest time the render can finish. Zero means the default.
	Growth float64
	// Jitter spreads each delay over ±Jitter of its centre (default 0.1), so that waiters
	// started together do not poll together. The centre is placed so that the upper edge meets
	// the latency bound, and MaxInterval is never exceeded: a delay that is capped by
	// MaxInterval is not jittered (its phase was already spread while the delays grew). Zero
	// means no jitter.
	Jitter float64
	// Predict uses the render's phase and the Video's duration to compute the earliest time the
	// render can be DONE, and polls sparsely until then (default true). Off, the schedule is
	// elapsed-proportional only.
	Predict bool
	// VideoPerAudio (default 1; 0 turns the rule off) is the phase rule: the video phase lasts
	// at least VideoPerAudio times as long as the audio phase. DONE cannot come while
	// GENERATING_AUDIO, so a render seen generating audio at elapsed t ends at
	// t × (1 + VideoPerAudio) at the earliest. Used only with Predict.
	VideoPerAudio float64
	// MinRenderFactor (default 1; 0 turns the rule off) is the duration rule: the video phase
	// lasts at least MinRenderFactor seconds per second of the Video's duration, which is known
	// once the audio is generated. A render last seen generating audio at elapsed t, whose
	// video lasts D seconds, ends at t + MinRenderFactor × D at the earliest. Used only with
	// Predict.
	MinRenderFactor float64
}

// DefaultConfig returns the schedule every waiter should use: 1 s to 10 s delays growing at
// 25% of the earliest possible end, ±10% jitter, phase and duration prediction on.
func DefaultConfig() Config {
	return Config{
		MinInterval:     DefaultMinInterval,
		MaxInterval:     DefaultMaxInterval,
		Growth:          DefaultGrowth,
		Jitter:          DefaultJitter,
		Predict:         true,
		VideoPerAudio:   DefaultVideoPerAudio,
		MinRenderFactor: DefaultMinRenderFactor,
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
	if !finite(c.Jitter) || c.Jitter < 0 || c.Jitter >= 1 {
		errs = append(errs, fmt.Errorf("invalid Jitter %v: not within [0, 1)", c.Jitter))
	}
	if !finite(c.VideoPerAudio) || c.VideoPerAudio < 0 {
		errs = append(errs, fmt.Errorf("invalid VideoPerAudio %v: negative or not finite", c.VideoPerAudio))
	}
	if !finite(c.MinRenderFactor) || c.MinRenderFactor < 0 {
		errs = append(errs, fmt.Errorf("invalid MinRenderFactor %v: negative or not finite", c.MinRenderFactor))
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
// value Validate rejects is replaced by its default (or turned off, for the prediction rules).
func (c Config) normalized() Config {
	d := DefaultConfig()
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
	if !finite(c.Jitter) || c.Jitter < 0 || c.Jitter >= 1 {
		c.Jitter = d.Jitter
	}
	if !finite(c.VideoPerAudio) || c.VideoPerAudio < 0 {
		c.VideoPerAudio = 0
	}
	if !finite(c.MinRenderFactor) || c.MinRenderFactor < 0 {
		c.MinRenderFactor = 0
	}
	return c
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
