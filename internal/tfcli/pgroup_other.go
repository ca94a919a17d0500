//go:build !unix

package tfcli

import "os/exec"

// ownProcessGroup leaves cmd in the caller's process group (no process groups here).
func ownProcessGroup(*exec.Cmd) {}
