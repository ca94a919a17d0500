package argil

import (
	"crypto/tls"
	"fmt"
	"net/url"
	"strings"

	"github.com/argil-community/terraform-provider-argil/internal/loopback"
)

// ValidateBaseURL parses u and checks that it is safe to send an API key to: https, or plain
// http only on a loopback host (a literal 127.0.0.0/8 address, ::1, or exactly localhost),
// where the Argil emulator runs. For such a URL the default HTTP client uses no proxy and
// connects only to loopback addresses.
// It refuses credentials, queries and fragments in the URL. Its errors quote the URL without
// user information, query or fragment, and do not quote a value that does not parse (a
// parse error can cut a password anywhere).
func ValidateBaseURL(u string) (*url.URL, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("base_url is not a valid URL: it must be an absolute https:// URL such as %s", DefaultBaseURL)
	}
	shown := quotableURL(parsed)
	if parsed.Host == "" || (parsed.Scheme != "https" && parsed.Scheme != "http") {
		return nil, fmt.Errorf("base_url %q must be an absolute https:// URL such as %s", shown, DefaultBaseURL)
	}
	if parsed.User != nil {
		return nil, fmt.Errorf("base_url %q must not carry credentials (user information before @): set api_key instead", shown)
	}
	if parsed.RawQuery != "" || parsed.Fragment != "" || parsed.ForceQuery {
		return nil, fmt.Errorf("base_url %q must not have a query string or fragment", shown)
	}
	if parsed.Scheme == "http" && !IsLoopbackHost(parsed.Hostname()) {
		return nil, fmt.Errorf("base_url %q uses plain http: the API key would travel unencrypted. Use https, or http only on a loopback address (a literal 127.x.x.x address, ::1, or exactly localhost) for the Argil emulator", shown)
	}
	parsed.Path = strings.TrimSuffix(parsed.Path, "/")
	return parsed, nil
}

// quotableURL is u without user information, query or fragment: what an error may quote.
func quotableURL(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// IsLoopbackHost tells whether host (a URL's Hostname(), without port) names this machine: a
// literal address in 127.0.0.0/8, ::1, or exactly "localhost" (see package loopback). Other
// names, "*.localhost" included, are not trusted to stay on this machine: they may go to a
// resolver or a proxy.
func IsLoopbackHost(host string) bool { return loopback.Host(host) }

// tlsConfig is the TLS policy of the default HTTP client: verification always on, TLS 1.2 at
// least. There is deliberately no way to turn verification off.
func tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12}
}
