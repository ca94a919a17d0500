package argil

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// A create (POST) whose answer is lost is never sent again: the object it may have made is
// looked up instead, repeatedly over the read-back window (Config.ReadBackWindow). Each kind
// supplies only its Lookup: how to list the objects that match the request. The outcome is the
// object (adopted), a *CreateNotSeenError (nothing seen within the window) or a
// *CreateUnknownError (the lookup failed, or found several objects that may be it).

// lookupDelays are the pauses between two lookups, in units of Config.RetryWaitMin (500ms by
// default: lookups at 0s, 2s, 5s, 10s, 20s, then every 15s), until the read-back window has
// passed. A server still working on the request when the answer was lost gets that long.
var lookupDelays = []int{0, 4, 6, 10, 20, 30}

// lookupTimeout bounds the lookups when the caller's context has already ended.
const lookupTimeout = 30 * time.Second

// clockSkew is how much earlier than the request an object found by its creation time may
// have been created: Argil's clock and ours differ.
const clockSkew = 2 * time.Minute

// Candidate is an object that a create whose answer was lost may have made.
type Candidate struct {
	ID, Name, CreatedAt string
}

// Lookup finds the object of a create whose answer was lost (see Find). The Client builds one
// per kind: AvatarLookup, VoiceLookup, AssetLookup, WebhookLookup (and CreateVideo's own).
type Lookup[T any] struct {
	c    *Client
	kind string
	// key identifies the request in errors (a request token, a name); what says what the
	// lookups look for, hint how a person finds the object.
	key, what, hint string
	// find lists the objects that match the request.
	find func(ctx context.Context) ([]T, error)
	// certain: a match can only be this request's object (a token), so of several the oldest is
	// adopted; otherwise several matches leave the outcome unknown.
	certain   bool
	candidate func(*T) Candidate
}

// CreateNotSeenError is a create whose answer was lost, after which the lookups over the
// read-back window found nothing. That is no proof: a server slower than the window may still
// create the object.
type CreateNotSeenError struct {
	Kind string
	// Key identifies the request: the video's request token, the avatar's name, ...
	Key, What string
	// Looks is how many lookups found nothing, over Waited.
	Looks  int
	Waited time.Duration
	// Err is the create's failure (an *AmbiguousError, or the context's error).
	Err error
}

func (e *CreateNotSeenError) Error() string {
	return fmt.Sprintf("no %s seen: the create request failed (%v), and %d lookup(s) over %s found no %s %s; "+
		"the server may still create it later than that", e.Kind, e.Err, e.Looks, e.Waited.Round(time.Millisecond), e.Kind, e.What)
}

func (e *CreateNotSeenError) Unwrap() error { return e.Err }

// CreateUnknownError is a create whose answer was lost, after which the lookup failed
// (LookupErr) or found several objects that may be it (Candidates): an object may exist.
type CreateUnknownError struct {
	Kind, Key, What, Hint string
	Err                   error // the create's failure
	LookupErr             error
	Candidates            []Candidate
}

func (e *CreateUnknownError) Error() string {
	found := fmt.Sprintf("looking for a %s %s failed too (%v)", e.Kind, e.What, e.LookupErr)
	if e.LookupErr == nil {
		ids := make([]string, len(e.Candidates))
		for i, c := range e.Candidates {
			ids[i] = c.ID
		}
		found = fmt.Sprintf("%d %ss match it (%s)", len(e.Candidates), e.Kind, strings.Join(ids, ", "))
	}
	return fmt.Sprintf("the outcome of the create request is unknown: it failed (%v), and %s; a %s may have been created: %s before creating it again",
		e.Err, found, e.Kind, e.Hint)
}

func (e *CreateUnknownError) Unwrap() error { return e.Err }

// Find looks for the object of a create that failed with createErr, at the lookupDelays, until
// the read-back window has passed (at least once; within lookupTimeout when ctx has ended).
// It returns the object, or a *CreateNotSeenError or a *CreateUnknownError.
func (l Lookup[T]) Find(ctx context.Context, createErr error) (*T, error) {
	c := l.c
	c.log.Warn(ctx, fmt.Sprintf("The answer to the %s create request was lost; looking for the %s instead of creating it again", l.kind, l.kind),
		map[string]any{"looking_for": l.what, "window": c.readBack.String(), "error": createErr.Error()})
	if ctx.Err() != nil {
		// Interrupted while the create was in flight: still find out, within a short bound.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
		defer cancel()
	}
	unknown := func(lookupErr error, cands []Candidate) error {
		return &CreateUnknownError{Kind: l.kind, Key: l.key, What: l.what, Hint: l.hint, Err: createErr, LookupErr: lookupErr, Candidates: cands}
	}
	start := c.clock.Now()
	since := func() time.Duration { return c.clock.Now().Sub(start) }
	looks := 0
	for i := 0; looks == 0 || since() < c.readBack; i++ {
		d := time.Duration(lookupDelays[min(i, len(lookupDelays)-1)]) * c.waitMin
		if looks > 0 {
			d = min(d, c.readBack-since()) // the last look comes when the window ends
		}
		if err := poll.Sleep(ctx, c.clock, d); err != nil {
			return nil, unknown(err, nil)
		}
		found, err := l.find(ctx)
		if err != nil {
			return nil, unknown(err, nil)
		}
		looks++
		if len(found) == 0 {
			continue
		}
		cands := make([]Candidate, len(found))
		for i := range found {
			cands[i] = l.candidate(&found[i])
		}
		if len(found) > 1 && !l.certain {
			return nil, unknown(nil, cands)
		}
		oldest := 0
		for i := range cands {
			if cands[i].CreatedAt < cands[oldest].CreatedAt {
				oldest = i
			}
		}
		fields := map[string]any{"id": cands[oldest].ID, "looking_for": l.what}
		if len(found) > 1 {
			ids := make([]string, len(cands))
			for i, c := range cands {
				ids[i] = c.ID
			}
			fields["ids"] = ids
			c.log.Warn(ctx, fmt.Sprintf("Several %ss carry the same request token; adopting the oldest", l.kind), fields)
		}
		c.log.Warn(ctx, fmt.Sprintf("Found the %s whose create answer was lost; adopting it", l.kind), fields)
		return &found[oldest], nil
	}
	return nil, &CreateNotSeenError{Kind: l.kind, Key: l.key, What: l.what, Looks: looks, Waited: since(), Err: createErr}
}

// createdSince keeps the items named name (when name is not "") created at or after since,
// less clockSkew. An item whose creation time cannot be read is never kept.
func createdSince[T any](items []T, since time.Time, match func(*T) bool, createdAt func(*T) string) []T {
	var out []T
	for i := range items {
		if !match(&items[i]) {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, createdAt(&items[i]))
		if err != nil || t.Before(since.Add(-clockSkew)) {
			continue
		}
		out = append(out, items[i])
	}
	return out
}

// byNameSince is the lookup of the kinds found by name and creation time (avatars, voices).
func byNameSince[T any](c *Client, kind, name string, since time.Time, list func(context.Context) ([]T, error), cand func(*T) Candidate) Lookup[T] {
	return Lookup[T]{
		c: c, kind: kind, key: name, candidate: cand,
		what: fmt.Sprintf("named %q created since %s", name, since.UTC().Format(time.RFC3339)),
		hint: fmt.Sprintf("list the %ss and look for %q", kind, name),
		find: func(ctx context.Context) ([]T, error) {
			items, err := list(ctx)
			if err != nil {
				return nil, err
			}
			return createdSince(items, since, func(v *T) bool { return cand(v).Name == name }, func(v *T) string { return cand(v).CreatedAt }), nil
		},
	}
}
