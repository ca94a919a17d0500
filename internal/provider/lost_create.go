package provider

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// A create request whose answer was lost (a timeout, a dropped connection) may or may not have
// created the object. For avatars and voices, which carry no request token, the provider looks
// for the one object of that name created since the request and adopts it (adoptLostCreate).

// createdCandidate is an object that a create whose answer was lost may have made.
type createdCandidate struct {
	ID, Name, CreatedAt string
}

// createdSince returns the candidates named name whose creation time is at or after since,
// less a margin for the difference between Argil's clock and ours. A candidate whose creation
// time cannot be read is never returned.
func createdSince(cands []createdCandidate, name string, since time.Time) []createdCandidate {
	const clockSkew = 2 * time.Minute
	var out []createdCandidate
	for _, c := range cands {
		if c.Name != name {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, c.CreatedAt)
		if err != nil || t.Before(since.Add(-clockSkew)) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// describeCandidates lists objects as "id (created ...)" lines for a diagnostic, at most 10.
func describeCandidates(cands []createdCandidate) string {
	sorted := append([]createdCandidate(nil), cands...)
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
		fmt.Fprintf(&b, "\n  - %s (%q, created %s)", c.ID, c.Name, created)
	}
	return b.String()
}

// adoptLostCreate decides what to do after a create request of a kind of object ("avatar",
// "voice") failed without a clear answer, from the objects listed afterwards (listErr when the
// list failed). It returns the id of the one object of that name created since the request,
// with a warning, or "" after adding an error that says what to do.
func adoptLostCreate(kind, name string, since time.Time, createErr error, listed []createdCandidate, listErr error, diags *diag.Diagnostics) string {
	importHint := fmt.Sprintf("import it (terraform import <address> <%s id>) instead of applying again, which would create another one", kind)
	if listErr != nil {
		diags.AddError(fmt.Sprintf("Argil %s creation outcome unknown", kind), fmt.Sprintf("The request to create %s %q failed without a clear answer, and the %ss "+
			"could not be listed to find out whether it was created.\n\nLook for it in the Argil app. If it exists, %s.\n\nCreate error: %v\nList error: %v",
			kind, name, kind, importHint, createErr, listErr))
		return ""
	}
	found := createdSince(listed, name, since)
	if len(found) == 1 {
		diags.AddWarning(fmt.Sprintf("Adopted the Argil %s of a create request without answer", kind),
			fmt.Sprintf("The request to create %s %q failed without a clear answer (%v), but %s %s of that name was created just now: "+
				"the provider adopted it rather than create another one.", kind, name, createErr, kind, found[0].ID))
		return found[0].ID
	}
	detail := fmt.Sprintf("The request to create %s %q failed without a clear answer, so it may or may not exist.\n\nError: %v\n\n", kind, name, createErr)
	if len(found) == 0 {
		detail += fmt.Sprintf("No %s of that name was created since the request. Run terraform apply again to retry.", kind)
	} else {
		detail += fmt.Sprintf("Several %ss of that name were created since the request:%s\n\nPick the right one and %s.", kind, describeCandidates(found), importHint)
	}
	diags.AddError(fmt.Sprintf("Argil %s creation outcome unknown", kind), detail)
	return ""
}
