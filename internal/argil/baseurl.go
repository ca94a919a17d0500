package argil

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ValidateBaseURL parses u and checks that it is safe to send an API key to: https, or plain
// http only on a loopback host (127.0.0.0/8, ::1, localhost), where the Argil emulator runs.
// It refuses credentials, queries and fragments in the URL.
func ValidateBaseURL(u string) (*url.URL, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("base_url %q is not a URL: %v", u, err)
	}
	if parsed.Host == "" || (parsed.Scheme != "https" && parsed.Scheme != "http") {
		return nil, fmt.Errorf("base_url %q must be an absolute https:// URL such as %s", parsed.Redacted(), DefaultBaseURL)
	}
	if parsed.User != nil {
		return nil, fmt.Errorf("base_url %q must not carry credentials: set api_key instead", parsed.Redacted())
	}
	if parsed.RawQuery != "" || parsed.Fragment != "" {
		return nil, fmt.Errorf("base_url %q must not have a query string or fragment", parsed.Redacted())
	}
	if parsed.Scheme == "http" && !IsLoopbackHost(parsed.Hostname()) {
		return nil, fmt.Errorf("base_url %q uses plain http: the API key would travel unencrypted. Use https, or http only on a loopback address (127.0.0.1, ::1, localhost) for the Argil emulator", parsed.Redacted())
	}
	parsed.Path = strings.TrimSuffix(parsed.Path, "/")
	return parsed, nil
}

// IsLoopbackHost tells whether host (without port) names this machine: localhost, an address
// in 127.0.0.0/8, or ::1.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// tlsConfig is the TLS policy of the default HTTP client: verification always on, TLS 1.2 at
// least. There is deliberately no way to turn verification off.
func tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12}
}
