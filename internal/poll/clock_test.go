package poll

import (
	"context"
	"errors"
	"testing"
	"time"
)

var epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestFakeClockAfter(t *testing.T) {
	c := NewFakeClock(epoch)
	a, b := c.After(3*time.Second), c.After(time.Second)
	if now := <-c.After(0); !now.Equal(epoch) {
		t.Fatalf("After(0) fired with %v, want %v", now, epoch)
	}
	if c.Pending() != 2 {
		t.Fatalf("Pending() = %d, want 2", c.Pending())
	}
	c.Advance(999 * time.Millisecond)
	select {
	case <-a:
		t.Fatal("3s channel fired after 999ms")
	case <-b:
		t.Fatal("1s channel fired after 999ms")
	default:
	}
	c.Advance(time.Millisecond)
	if got := <-b; !got.Equal(epoch.Add(time.Second)) {
		t.Fatalf("1s channel got %v", got)
	}
	select {
	case <-a:
		t.Fatal("3s channel fired after 1s")
	default:
	}
	c.Advance(5 * time.Second)
	if got := <-a; !got.Equal(epoch.Add(6 * time.Second)) {
		t.Fatalf("3s channel got %v, want the clock's time when it fired", got)
	}
	if c.Pending() != 0 || !c.Now().Equal(epoch.Add(6*time.Second)) {
		t.Fatalf("Pending() = %d, Now() = %v", c.Pending(), c.Now())
	}
}

func TestSleepOnFakeClock(t *testing.T) {
	c := NewFakeClock(epoch)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- Sleep(ctx, c, 2*time.Second) }()
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Second)
	select {
	case err := <-done:
		t.Fatalf("Sleep returned %v after 1s of 2s", err)
	case <-time.After(20 * time.Millisecond):
	}
	c.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatalf("Sleep = %v, want nil", err)
	}
}

func TestSleepCancelled(t *testing.T) {
	c := NewFakeClock(epoch)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Sleep(ctx, c, time.Hour) }()
	if err := c.BlockUntil(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v, want context.Canceled", err)
	}
	if n := c.Pending(); n != 0 {
		t.Fatalf("a cancelled Sleep left %d pending waits on the clock", n)
	}
	// An already ended context wins even over a zero wait.
	if err := Sleep(ctx, c, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(cancelled, 0) = %v", err)
	}
	if err := Sleep(context.Background(), c, -time.Second); err != nil {
		t.Fatalf("Sleep(negative) = %v", err)
	}
}

func TestBlockUntilHonoursContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := NewFakeClock(epoch).BlockUntil(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("BlockUntil = %v, want DeadlineExceeded", err)
	}
}

func TestSleepOnRealClock(t *testing.T) {
	c := RealClock()
	start := time.Now()
	if err := Sleep(context.Background(), c, 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 20*time.Millisecond {
		t.Fatalf("slept %v, want at least 20ms", el)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := Sleep(ctx, c, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Sleep = %v, want DeadlineExceeded", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("cancelled Sleep took %v", el)
	}
	if d := time.Since(c.Now()); d < 0 || d > time.Second {
		t.Fatalf("RealClock().Now() is %v away from time.Now()", d)
	}
}

// plainClock hides FakeClock's withdrawal hook, to exercise Sleep on a Clock that only has After.
type plainClock struct{ c *FakeClock }

func (p plainClock) Now() time.Time                         { return p.c.Now() }
func (p plainClock) After(d time.Duration) <-chan time.Time { return p.c.After(d) }

func TestSleepOnAnyClock(t *testing.T) {
	fc := NewFakeClock(epoch)
	done := make(chan error, 1)
	go func() { done <- Sleep(context.Background(), plainClock{fc}, time.Minute) }()
	if err := fc.BlockUntil(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	fc.Advance(time.Minute)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestWaitLoopOnFakeClock runs a waiter shaped like the provider's (Schedule + Sleep) against
// a simulated render on a FakeClock driven from the test goroutine, and checks the GET times
// it produced against the schedule's guarantees.
func TestWaitLoopOnFakeClock(t *testing.T) {
	c := NewFakeClock(epoch)
	r := render{audio: 6 * time.Second, total: 60 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		gets []time.Duration
		err  error
	}
	out := make(chan result, 1)
	waiting, finished := context.WithCancel(ctx)
	defer finished()
	go func() {
		defer finished()
		s := NewSchedule(DefaultConfig(), seeded(7))
		var res result
		o := Observation{Status: StatusGeneratingAudio}
		for {
			if res.err = Sleep(ctx, c, s.Next(o)); res.err != nil {
				break
			}
			e := c.Now().Sub(epoch)
			res.gets = append(res.gets, e)
			if o = (Observation{Elapsed: e, Status: r.at(e)}); o.Status == StatusDone {
				break
			}
		}
		out <- res
	}()
	// Drive the clock in 100ms steps whenever the waiter sleeps, until it is done.
	for c.BlockUntil(waiting, 1) == nil {
		c.Advance(100 * time.Millisecond)
	}
	if ctx.Err() != nil {
		t.Fatal("the waiter did not finish")
	}
	res := <-out
	if res.err != nil {
		t.Fatal(res.err)
	}
	last := res.gets[len(res.gets)-1]
	if lat := last - r.total; lat < 0 || lat > LatencyTarget(r.total)+100*time.Millisecond {
		t.Fatalf("DONE at 60s seen at %v", last)
	}
	if n := float64(len(res.gets)); n > GETBudget(r.total) {
		t.Fatalf("%d GETs, budget %.0f: %v", len(res.gets), GETBudget(r.total), res.gets)
	}
	for i := 1; i < len(res.gets); i++ {
		if gap := res.gets[i] - res.gets[i-1]; gap < time.Second || gap > 10*time.Second+100*time.Millisecond {
			t.Fatalf("gap %v between GETs %d and %d: %v", gap, i-1, i, res.gets)
		}
	}
}
