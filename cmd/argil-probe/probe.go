package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// result is one line of the report.
type result struct {
	Operation string `json:"operation"`
	OK        bool   `json:"ok"`
	Detail    string `json:"detail"`
	skipped   bool   // not checked: the account has nothing to check it with
	failed    bool   // not checked: the API answered 429 or 5xx, even after retries
}

// probe runs the steps and keeps their exchanges.
type probe struct {
	g      *getter
	c      *contract
	done   map[string]*exchange // by operation
	log    []*exchange          // in order
	onSave func(*exchange)      // called with each exchange (the -record hook)

	// The extrasFilter step's filter, and the video it must find ("" when none).
	filterKey, filterValue, filterWant string
}

// keyRejectedError is a first answer of 401 or 403 to ARGIL_API_KEY: nothing can be checked.
type keyRejectedError struct{ x *exchange }

func (e *keyRejectedError) Error() string {
	return fmt.Sprintf("%s: HTTP %d%s: ARGIL_API_KEY was rejected; check the key (keys are created on https://app.argil.ai/developers) and that its workspace has API access",
		e.x.op, e.x.status, apiMessage(e.x))
}

// run runs every step in order and returns one result per step, then the rate-limit line.
// It stops at the first request that gets no answer, or when the key is rejected.
func (p *probe) run(ctx context.Context) ([]result, error) {
	var out []result
	for i, s := range steps {
		path, q, skip := s.target(p)
		if skip != "" {
			out = append(out, result{Operation: s.op, OK: true, Detail: "not checked: " + skip, skipped: true})
			continue
		}
		x := &exchange{op: s.op, route: s.route, path: path, query: q, wrongKey: s.wrongKey}
		if err := p.g.get(ctx, x); err != nil {
			return out, fmt.Errorf("%s: %w", s.op, err)
		}
		p.done[s.op] = x
		p.log = append(p.log, x)
		if p.onSave != nil {
			p.onSave(x)
		}
		if i == 0 && (x.status == http.StatusUnauthorized || x.status == http.StatusForbidden) {
			return out, &keyRejectedError{x}
		}
		out = append(out, p.evaluate(s, x))
	}
	return append(out, rateLimits(p)), nil
}

// evaluate checks one answer.
func (p *probe) evaluate(s step, x *exchange) result {
	f := &findings{}
	switch {
	case x.status >= 300 && x.status < 400:
		f.fail("HTTP %d redirect to %q, not followed (the probe sends the key to no other URL; the provider follows redirects on the same host only)",
			x.status, x.header.Get("Location"))
	case x.status == http.StatusTooManyRequests || x.status >= 500:
		return result{Operation: s.op, Detail: fmt.Sprintf("not checked: HTTP %d%s after %d attempts; try again later",
			x.status, apiMessage(x), x.attempts), failed: true}
	case s.expect != 0:
		s.check(p, x, f)
	case x.status != http.StatusOK:
		f.fail("HTTP %d%s, expected 200: %s", x.status, apiMessage(x), s.relies)
	default:
		if problem := s.shape(decode(x.body)); problem != "" {
			f.fail("%s: %s", problem, s.relies)
			break
		}
		p.contractFindings(x, f)
		s.check(p, x, f)
	}
	if len(f.differs) > 0 {
		f.problems = append([]string{strings.Join(f.differs, "; ") + ": " + s.relies}, f.problems...)
	}
	if len(f.problems) > 0 {
		return result{Operation: s.op, Detail: strings.Join(f.problems, "; ")}
	}
	return result{Operation: s.op, OK: true, Detail: strings.Join(f.notes, "; ")}
}

// contractFindings reports how x's answer differs from the contract.
func (p *probe) contractFindings(x *exchange, f *findings) {
	if v := p.c.violations(x); len(v) > 0 {
		f.differ("the answer differs from the contract (%s)", strings.Join(v, "; "))
	}
}

// noteUnknown notes the fields of objects that the contract's schema does not name: the
// provider ignores them, and the contract may need them.
func (p *probe) noteUnknown(schema string, objs []map[string]any, f *findings) {
	seen := map[string]bool{}
	for _, o := range objs {
		for _, k := range p.c.unknownKeys(schema, o) {
			seen[k] = true
		}
	}
	if len(seen) > 0 {
		f.note("fields the contract does not list (the provider ignores them): %s", strings.Join(sortedKeys(seen), ", "))
	}
}

// items returns the objects listed by an earlier step's answer: under key, or the array itself
// when key is "". Nil when that step did not run or its answer has another shape.
func (p *probe) items(op, key string) []map[string]any {
	x := p.done[op]
	if x == nil || x.status != http.StatusOK {
		return nil
	}
	v := decode(x.body)
	if key != "" {
		v = asObject(v)[key]
	}
	return objects(v)
}
