//go:build unix

package tfcli

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts cmd in a process group of its own, killed as a whole on cancel.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
