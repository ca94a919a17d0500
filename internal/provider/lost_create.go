package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// A create whose answer was lost is never sent again: the client looks for the object it may
// have made over the read-back window (argil.Lookup). CreateVideo does it by itself (its match,
// the request token, is certain); the other Creates call adoptLost with their kind's lookup,
// whose match (a name and a creation time, a callback URL) deserves a warning when it adopts.

// lostCreate describes a create request for the diagnostics of a lost answer.
type lostCreate struct {
	kind string // argil.KindAvatar, ...
	// subject names the request (`Avatar "Founder"`); match says what an adopted object has
	// in common with it ("of that name"); look where a person looks for the object.
	subject, match, look string
}

// adoptLost runs after a create whose answer was lost (an ambiguous error): find looks for the
// object (argil.Lookup.Find). It returns the object found, with a warning, or nil after adding
// an error that says what to do.
func adoptLost[T any](ctx context.Context, diags *diag.Diagnostics, l lostCreate, createErr error, find func(context.Context, error) (*T, error), id func(*T) string) *T {
	found, err := find(ctx, createErr)
	if err == nil {
		diags.AddWarning(fmt.Sprintf("Adopted the Argil %s of a create request without answer", l.kind),
			fmt.Sprintf("The request to create %s failed without a clear answer (%v), but %s %s %s was created just now: "+
				"the provider adopted it rather than create another one.", l.subject, createErr, l.kind, id(found), l.match))
		return found
	}
	summary, detail, ok := lostCreateDiagnostic(l, err)
	if !ok {
		summary, detail = fmt.Sprintf("Argil %s creation outcome unknown", l.kind), fmt.Sprintf("%s: %v", l.subject, err)
	}
	diags.AddError(summary, detail)
	return nil
}

// lostCreateDiagnostic explains a create whose answer was lost and that the lookups did not
// settle: nothing seen over the read-back window, or a lookup that failed or found several
// candidates. ok is false for any other error.
func lostCreateDiagnostic(l lostCreate, err error) (summary, detail string, ok bool) {
	var notSeen *argil.CreateNotSeenError
	var unknown *argil.CreateUnknownError
	importIt := fmt.Sprintf("import it (terraform import <address> <%s id>)", l.kind)
	switch {
	case errors.As(err, &notSeen):
		return fmt.Sprintf("Argil %s creation not confirmed", l.kind), fmt.Sprintf("%s: the answer to the create request was lost, and the provider "+
			"then looked for the %s %s %d time(s) over %s (create_request_timeout) without finding it.\n\n"+
			"The resource was not saved. Argil may still create the %s later than that. Run terraform apply again to create it; "+
			"to be sure not to make a duplicate, first look for it %s and, if it exists, %s instead.\n\nOriginal error: %v",
			l.subject, l.kind, notSeen.What, notSeen.Looks, notSeen.Waited.Round(time.Millisecond), l.kind, l.look, importIt, notSeen.Err), true
	case errors.As(err, &unknown) && unknown.LookupErr != nil:
		return fmt.Sprintf("Argil %s creation outcome unknown", l.kind), fmt.Sprintf("%s: the answer to the create request was lost, and looking "+
			"for the %s failed too, so a %s may have been created.\n\n"+
			"Before applying again (which would create another %s), look for it %s. If it exists, %s.\n\nCreate error: %v\nLookup error: %v",
			l.subject, l.kind, l.kind, l.kind, l.look, importIt, unknown.Err, unknown.LookupErr), true
	case errors.As(err, &unknown):
		return fmt.Sprintf("Argil %s creation outcome unknown", l.kind), fmt.Sprintf("%s: the answer to the create request was lost, and several "+
			"%ss %s were created since the request:%s\n\nPick the right one and %s instead of applying again, which would create another one.\n\n"+
			"Create error: %v", l.subject, l.kind, l.match, describeCandidates(unknown.Candidates), importIt, unknown.Err), true
	}
	return "", "", false
}

// describeCandidates lists objects as "id (name, created ...)" lines, newest first, at most 10.
func describeCandidates(cands []argil.Candidate) string {
	sorted := append([]argil.Candidate(nil), cands...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].CreatedAt > sorted[j].CreatedAt })
	var b strings.Builder
	for i, c := range sorted {
		if i == 10 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(sorted)-10)
			break
		}
		created := c.CreatedAt
		if created == "" {
			created = "unknown time"
		}
		if c.Name != "" {
			fmt.Fprintf(&b, "\n  - %s (%q, created %s)", c.ID, c.Name, created)
		} else {
			fmt.Fprintf(&b, "\n  - %s (created %s)", c.ID, created)
		}
	}
	return b.String()
}
