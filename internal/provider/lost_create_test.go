package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestAdoptLostCreate(t *testing.T) {
	since := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	cands := []createdCandidate{
		{ID: "old", Name: "Founder", CreatedAt: "2026-04-01T00:00:00Z"},
		{ID: "other-name", Name: "Someone", CreatedAt: "2026-05-01T12:00:05Z"},
		{ID: "no-time", Name: "Founder", CreatedAt: ""},
		{ID: "new", Name: "Founder", CreatedAt: "2026-05-01T12:00:03.5Z"},
	}
	createErr := fmt.Errorf("connection reset")
	var diags diag.Diagnostics
	if id := adoptLostCreate("avatar", "Founder", since, createErr, cands, nil, &diags); id != "new" || diags.WarningsCount() != 1 || diags.HasError() {
		t.Errorf("one new avatar of that name: id %q, diags %v; want it adopted with a warning", id, diags)
	}
	diags = nil
	twice := append(cands, createdCandidate{ID: "new2", Name: "Founder", CreatedAt: "2026-05-01T11:59:30Z"})
	if id := adoptLostCreate("avatar", "Founder", since, createErr, twice, nil, &diags); id != "" || !diags.HasError() ||
		!strings.Contains(diags.Errors()[0].Detail(), "new2") || strings.Contains(diags.Errors()[0].Detail(), "old") {
		t.Errorf("two candidates: id %q, diags %v; want an error listing both new ones (not the old one)", id, diags)
	}
	diags = nil
	if id := adoptLostCreate("voice", "Nobody", since, createErr, cands, nil, &diags); id != "" || !strings.Contains(diags.Errors()[0].Detail(), "Run terraform apply again") {
		t.Errorf("no candidate: id %q, diags %v; want an error saying to apply again", id, diags)
	}
	diags = nil
	if id := adoptLostCreate("voice", "Founder", since, createErr, nil, fmt.Errorf("HTTP 503"), &diags); id != "" || !strings.Contains(diags.Errors()[0].Detail(), "terraform import") {
		t.Errorf("list failed: id %q, diags %v; want an error saying to check and import", id, diags)
	}
}
