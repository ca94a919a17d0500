package provider

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

func apiError(status int) error {
	return &argil.APIError{Method: "GET", Path: "/videos/v1", StatusCode: status, Message: "Argil's message"}
}

// TestAPIFailureAdvice checks that each kind of failure gets its own advice, the default when
// the type has none for it, and that the detail names the object and quotes the client's error.
func TestAPIFailureAdvice(t *testing.T) {
	f := apiFailure{Subject: "Video v1", Doing: "refreshing it", NotFound: "NOT-FOUND", BadRequest: "BAD-REQUEST", Ambiguous: "AMBIGUOUS"}
	routeMissing := &argil.APIError{Method: "GET", Path: "/videos/v1", StatusCode: 404, RouteMissing: true}
	ambiguous := &argil.AmbiguousError{Method: "POST", Path: "/videos", Err: errors.New("connection reset")}
	for _, tc := range []struct {
		name string
		f    apiFailure
		err  error
		want string
	}{
		{"404 about the object", f, apiError(404), "NOT-FOUND"},
		{"404 of a wrong API root", f, routeMissing, retryAdvice},
		{"401", f, apiError(401), checkAPIKey},
		{"403", f, apiError(403), checkAPIKey},
		{"400", f, apiError(400), "BAD-REQUEST"},
		{"ambiguous", f, ambiguous, "AMBIGUOUS"},
		{"500", f, apiError(500), retryAdvice},
		{"404 without advice for it", apiFailure{Subject: "Webhook w", Doing: "deleting it"}, apiError(404), retryAdvice},
		{"400 without advice for it", apiFailure{Subject: "Webhook w", Doing: "deleting it"}, apiError(400), retryAdvice},
		{"own retry advice", apiFailure{Subject: "Video v1", Doing: "reading it", Retry: "RETRY"}, apiError(502), "RETRY"},
	} {
		got := tc.f.detail(tc.err)
		want := tc.f.Subject + ": error while " + tc.f.Doing + ".\n\n" + tc.want + "\n\nOriginal error: " + tc.err.Error()
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s: detail\n%s\nwant it to start with\n%s", tc.name, got, want)
		}
	}
	if got := (apiFailure{Doing: "listing the avatars"}).detail(apiError(500)); !strings.HasPrefix(got, "Error while listing the avatars.\n\n") {
		t.Errorf("a failure without subject reads %q", got)
	}
}

// TestAuthErrorsNameTheKeySourceOnce checks that a rejected key is explained once in Terraform's
// terms, by the provider, whatever the object: the client's error says what Argil answered.
func TestAuthErrorsNameTheKeySourceOnce(t *testing.T) {
	for _, status := range []int{401, 403} {
		err := apiError(status)
		if msg := err.Error(); strings.Contains(msg, "api_key") || strings.Contains(msg, EnvAPIKey) {
			t.Errorf("HTTP %d: the client's error %q gives Terraform advice", status, msg)
		}
		for name, detail := range map[string]string{
			"video":          videoErrorDetail("v1", "refreshing it", err),
			"subtitles":      subtitlesErrorDetail("v1", "vtt", err),
			"asset":          assetErrorDetail("a1", "refreshing it", err),
			"asset create":   assetCreateErrorDetail("logo", "IMAGE", err),
			"avatar":         avatarErrorDetail("a1", "Ava", "refreshing it", err),
			"voice":          voiceErrorDetail("v1", "Vox", "refreshing it", err),
			"webhook":        webhookErrorDetail("w1", "refreshing it", err),
			"webhook create": webhookCreateErrorDetail([]string{"VIDEO_GENERATION_SUCCESS"}, err),
			"list":           listErrorDetail("avatars", err),
		} {
			if n := strings.Count(detail, EnvAPIKey); n != 1 {
				t.Errorf("HTTP %d, %s: %s appears %d times in\n%s", status, name, EnvAPIKey, n, detail)
			}
			if !strings.Contains(detail, checkAPIKey) || !strings.Contains(detail, "HTTP "+strconv.Itoa(status)) {
				t.Errorf("HTTP %d, %s: the detail does not say to check the key and what Argil answered:\n%s", status, name, detail)
			}
		}
	}
	if detail := videoErrorDetail("v1", "refreshing it", apiError(500)); strings.Contains(detail, EnvAPIKey) {
		t.Errorf("a server error points at the API key:\n%s", detail)
	}
}
