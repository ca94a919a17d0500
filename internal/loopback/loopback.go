// Package loopback is the one rule for "this machine", shared by the API client (which sends
// the API key over plain http only to this machine) and the emulator (which delivers callbacks
// only to this machine unless remote deliveries are on).
//
// Loopback means a literal address in 127.0.0.0/8, the literal ::1, or exactly the name
// "localhost" (any case, no trailing dot, no subdomain). Names are not trusted beyond that:
// "evil.localhost" or "localhost." go to a resolver or a proxy like any other name. Control
// backs the rule at connection time: after resolution, only a loopback address is dialled.
package loopback

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
)

// Host tells whether host (a URL's Hostname(), without port or brackets) names this machine.
func Host(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ErrNotLoopback is the error of a connection Control refused.
var ErrNotLoopback = errors.New("not a loopback address")

// Control is a net.Dialer Control function that refuses to connect to an address that is
// not loopback, whatever name resolved to it.
func Control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing to connect to %s: %w", address, ErrNotLoopback)
}
