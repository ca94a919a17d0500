package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

func TestAdoptLostCreate(t *testing.T) {
	since := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	cands := []argil.Candidate{
		{ID: "old", Name: "Founder", CreatedAt: "2026-04-01T00:00:00Z"},
		{ID: "other-name", Name: "Someone", CreatedAt: "2026-05-01T12:00:05Z"},
		{ID: "no-time", Name: "Founder", CreatedAt: ""},
		{ID: "new", Name: "Founder", CreatedAt: "2026-05-01T12:00:03.5Z"},
	}
	// Argil's lists of avatars and voices hold listed; a failing list answers 503.
	var listed []argil.Candidate
	failing := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if failing {
			http.Error(w, "HTTP 503", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "[")
		for i, c := range listed {
			if i > 0 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, `{"id":%q,"name":%q,"createdAt":%q}`, c.ID, c.Name, c.CreatedAt)
		}
		fmt.Fprint(w, "]")
	}))
	t.Cleanup(srv.Close)
	c, err := argil.New(argil.Config{BaseURL: srv.URL, APIKey: testAPIKey, MaxRetries: -1, RequestsPerSecond: -1,
		RetryWaitMin: time.Millisecond, ReadBackWindow: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	adopt := func(kind, name string, diags *diag.Diagnostics) string {
		l := lostCreate{kind: kind, subject: fmt.Sprintf("%s %q", kind, name), match: "of that name", look: "in the Argil app"}
		createErr := fmt.Errorf("connection reset")
		if kind == argil.KindAvatar {
			a := adoptLost(ctx, diags, l, createErr, c.AvatarLookup(name, since).Find, func(a *argil.Avatar) string { return a.ID })
			if a == nil {
				return ""
			}
			return a.ID
		}
		v := adoptLost(ctx, diags, l, createErr, c.VoiceLookup(name, since).Find, func(v *argil.Voice) string { return v.ID })
		if v == nil {
			return ""
		}
		return v.ID
	}
	var diags diag.Diagnostics
	listed = cands
	if id := adopt("avatar", "Founder", &diags); id != "new" || diags.WarningsCount() != 1 || diags.HasError() {
		t.Errorf("one new avatar of that name: id %q, diags %v; want it adopted with a warning", id, diags)
	}
	diags = nil
	listed = append(cands, argil.Candidate{ID: "new2", Name: "Founder", CreatedAt: "2026-05-01T11:59:30Z"})
	if id := adopt("avatar", "Founder", &diags); id != "" || !diags.HasError() ||
		!strings.Contains(diags.Errors()[0].Detail(), "new2") || strings.Contains(diags.Errors()[0].Detail(), "old") {
		t.Errorf("two candidates: id %q, diags %v; want an error listing both new ones (not the old one)", id, diags)
	}
	diags = nil
	listed = cands
	if id := adopt("voice", "Nobody", &diags); id != "" || !strings.Contains(diags.Errors()[0].Detail(), "Run terraform apply again") {
		t.Errorf("no candidate: id %q, diags %v; want an error saying to apply again", id, diags)
	}
	diags = nil
	failing = true
	if id := adopt("voice", "Founder", &diags); id != "" || !strings.Contains(diags.Errors()[0].Detail(), "terraform import") {
		t.Errorf("list failed: id %q, diags %v; want an error saying to check and import", id, diags)
	}
}
