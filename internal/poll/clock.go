package poll

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Clock is the time source of a waiter, so that tests can drive waits without sleeping.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// stoppableClock is implemented by clocks that can withdraw a pending wait, which Sleep uses to
// release the wait when its context ends first.
type stoppableClock interface {
	timer(d time.Duration) (<-chan time.Time, func())
}

// RealClock returns the system clock.
func RealClock() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (realClock) timer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// Sleep waits for d on c. It returns nil once d has passed, or ctx.Err() if ctx ends first (or
// has already ended). A d <= 0 returns at once.
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	var ch <-chan time.Time
	stop := func() {}
	if sc, ok := c.(stoppableClock); ok {
		ch, stop = sc.timer(d)
	} else {
		ch = c.After(d)
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		stop()
		return ctx.Err()
	}
}

// FakeClock is a manual Clock for tests: time moves only when Advance is called. It is safe for
// concurrent use, so a test can Advance it while the code under test waits on it.
type FakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []*fakeWaiter
	changed chan struct{} // closed and replaced whenever waiters changes
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

// NewFakeClock returns a FakeClock that reads t until it is advanced.
func NewFakeClock(t time.Time) *FakeClock {
	return &FakeClock{now: t, changed: make(chan struct{})}
}

// Now returns the fake time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the fake time once the clock has been advanced by d
// or more. A d <= 0 fires at once.
func (c *FakeClock) After(d time.Duration) <-chan time.Time {
	ch, _ := c.timer(d)
	return ch
}

func (c *FakeClock) timer(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch, func() {}
	}
	w := &fakeWaiter{at: c.now.Add(d), ch: ch}
	c.waiters = append(c.waiters, w)
	c.notifyLocked()
	return ch, func() { c.remove(w) }
}

func (c *FakeClock) remove(w *fakeWaiter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.waiters {
		if x == w {
			c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
			c.notifyLocked()
			return
		}
	}
}

func (c *FakeClock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// Advance moves the clock forward by d and fires, in deadline order, every After channel that
// is now due. A d <= 0 moves nothing and fires only channels already due.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	if len(c.waiters) == 0 {
		return
	}
	sort.SliceStable(c.waiters, func(i, j int) bool { return c.waiters[i].at.Before(c.waiters[j].at) })
	n := 0
	for n < len(c.waiters) && !c.waiters[n].at.After(c.now) {
		c.waiters[n].ch <- c.now
		n++
	}
	if n > 0 {
		c.waiters = append(c.waiters[:0], c.waiters[n:]...)
		c.notifyLocked()
	}
}

// Pending returns how many After channels wait for a future time. A Sleep whose context ended
// withdraws its channel; a plain After channel that nobody reads still counts.
func (c *FakeClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// BlockUntil returns once at least n After channels are pending, so that a test can Advance
// only after the code under test has started to wait. It returns ctx.Err() if ctx ends first.
func (c *FakeClock) BlockUntil(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		pending, changed := len(c.waiters), c.changed
		c.mu.Unlock()
		if pending >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
