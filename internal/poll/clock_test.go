package poll

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := RealClock()
		done := make(chan error, 1)
		go func() { done <- Sleep(context.Background(), c, 2*time.Second) }()
		time.Sleep(time.Second)
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Sleep returned %v after 1s of 2s", err)
		default:
		}
		time.Sleep(time.Second)
		synctest.Wait()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Sleep = %v, want nil", err)
			}
		default:
			t.Fatal("Sleep still sleeping after 2s of 2s")
		}
	})
}

func TestSleepCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := RealClock()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- Sleep(ctx, c, time.Hour) }()
		synctest.Wait()
		cancel()
		synctest.Wait()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Sleep = %v, want context.Canceled", err)
			}
		default:
			t.Fatal("a cancelled Sleep is still sleeping")
		}
		// An already ended context wins even over a zero wait.
		if err := Sleep(ctx, c, 0); !errors.Is(err, context.Canceled) {
			t.Fatalf("Sleep(cancelled, 0) = %v", err)
		}
		if err := Sleep(context.Background(), c, -time.Second); err != nil {
			t.Fatalf("Sleep(negative) = %v", err)
		}
	})
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
