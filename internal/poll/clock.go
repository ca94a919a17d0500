package poll

import (
	"context"
	"time"
)

// Clock is the time source of the client's waits, rate limit and shared reads. Production uses
// RealClock; the provider's acceptance tests inject a faster one.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// RealClock returns the system clock.
func RealClock() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Sleep waits for d on c. It returns nil once d has passed, or ctx.Err() if ctx ends first (or
// has already ended). A d <= 0 returns at once.
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	select {
	case <-c.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
