package loopback

import (
	"context"
	"errors"
	"net"
	"testing"
)

func TestHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1":              true,
		"127.9.9.9":              true,
		"::1":                    true,
		"::ffff:127.0.0.1":       true,
		"localhost":              true,
		"LocalHost":              true,
		"localhost.":             false,
		"evil.localhost":         false,
		"localhost.evil.com":     false,
		"127.0.0.1.evil.com":     false,
		"127.1":                  false,
		"0x7f.0.0.1":             false,
		"0.0.0.0":                false,
		"10.0.0.1":               false,
		"[::1]":                  false, // a Hostname() has no brackets
		"::1%lo":                 false,
		"":                       false,
		"api.argil.ai":           false,
		"2001:db8::1":            false,
		"169.254.169.254":        false,
		"localhost\x00.evil.com": false,
	} {
		if got := Host(host); got != want {
			t.Errorf("Host(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestControlRefusesResolvedAddressesThatAreNotLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80":     true,
		"[::1]:443":        true,
		"10.0.0.1:80":      false,
		"[2001:db8::1]:80": false,
		"93.184.216.34:80": false,
	} {
		err := Control("tcp", addr, nil)
		if (err == nil) != ok || (err != nil && !errors.Is(err, ErrNotLoopback)) {
			t.Errorf("Control(%s) = %v, want ok=%v", addr, err, ok)
		}
	}
	// Through a real dialer: the refusal happens before any packet is sent.
	d := net.Dialer{Control: Control}
	if _, err := d.DialContext(context.Background(), "tcp", "192.0.2.1:80"); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("dial 192.0.2.1: %v, want ErrNotLoopback", err)
	}
}
