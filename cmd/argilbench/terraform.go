package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// terraformCLI runs terraform (tfcli) with a CLI configuration whose dev_overrides point at
// the provider binary under test, so nothing is downloaded and no init is needed.
type terraformCLI struct {
	cli      *tfcli.CLI
	provider string // absolute path of the terraform-provider-argil binary
}

// newTerraformCLI writes the CLI configuration into dir.
func newTerraformCLI(bin, provider, dir string) (*terraformCLI, error) {
	abs, err := filepath.Abs(provider)
	if err != nil {
		return nil, err
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return nil, err
	}
	cli, err := tfcli.New(bin, filepath.Dir(abs), dir)
	if err != nil {
		return nil, err
	}
	return &terraformCLI{cli: cli, provider: abs}, nil
}

// version returns the terraform version, e.g. "1.11.4".
func (tf *terraformCLI) version(ctx context.Context) (string, error) { return tf.cli.Version(ctx) }

// runResult is one terraform command.
type runResult struct {
	wall     time.Duration
	exitCode int
	output   string // stdout and stderr
	// providerPeakKB is the highest VmHWM of any terraform-provider-argil process started
	// during the command (0 if none was seen); terraformPeakKB the terraform process's.
	providerPeakKB  int64
	providerProcs   int
	terraformPeakKB int64
}

// run runs terraform with args in dir, bounded by timeout, and samples the peak memory of the
// terraform process and of the provider processes it starts.
func (tf *terraformCLI) run(ctx context.Context, dir string, timeout time.Duration, args ...string) (runResult, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := tf.cli.Command(ctx, dir, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return runResult{}, err
	}
	s := newRSSSampler(tf.provider, cmd.Process.Pid)
	go s.loop()
	err := cmd.Wait()
	res := runResult{wall: time.Since(start), output: out.String()}
	s.stop()
	res.providerPeakKB, res.providerProcs, res.terraformPeakKB = s.result()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr) && ctx.Err() == nil:
		res.exitCode = exitErr.ExitCode()
	default:
		return res, fmt.Errorf("terraform %s: %w (after %s)\n%s", strings.Join(args, " "), err, res.wall.Round(time.Millisecond), tail(res.output, 40))
	}
	return res, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// rssSampler polls /proc every few milliseconds for the peak resident set (VmHWM) of the
// terraform process and of every process running the provider binary. VmHWM only grows, so
// the last sample before a process exits is its peak, give or take the sampling period.
type rssSampler struct {
	exe   string
	tfPID int
	done  chan struct{}
	over  chan struct{}

	mu    sync.Mutex
	peaks map[int]int64 // provider pid -> VmHWM in kB
	tfKB  int64
}

const rssSamplePeriod = 10 * time.Millisecond

func newRSSSampler(exe string, tfPID int) *rssSampler {
	return &rssSampler{exe: exe, tfPID: tfPID, done: make(chan struct{}), over: make(chan struct{}), peaks: map[int]int64{}}
}

func (s *rssSampler) loop() {
	defer close(s.over)
	t := time.NewTicker(rssSamplePeriod)
	defer t.Stop()
	for {
		s.sample()
		select {
		case <-s.done:
			return
		case <-t.C:
		}
	}
}

func (s *rssSampler) stop() {
	close(s.done)
	<-s.over
}

func (s *rssSampler) sample() {
	if kb, ok := readVmHWM(s.tfPID); ok {
		s.mu.Lock()
		s.tfKB = max(s.tfKB, kb)
		s.mu.Unlock()
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || exe != s.exe {
			continue
		}
		if kb, ok := readVmHWM(pid); ok {
			s.mu.Lock()
			s.peaks[pid] = max(s.peaks[pid], kb)
			s.mu.Unlock()
		}
	}
}

// result returns the highest provider peak, the number of provider processes seen and the
// terraform peak, all in kB.
func (s *rssSampler) result() (providerKB int64, procs int, terraformKB int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, kb := range s.peaks {
		providerKB = max(providerKB, kb)
	}
	return providerKB, len(s.peaks), s.tfKB
}

func readVmHWM(pid int) (int64, bool) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	return parseVmHWM(f)
}

// parseVmHWM reads the VmHWM line of a /proc/PID/status file, in kB.
func parseVmHWM(r interface{ Read([]byte) (int, error) }) (int64, bool) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		return kb, err == nil
	}
	return 0, false
}

// stateStatuses reads `terraform show -json` in dir and returns the status of every
// argil_video_render in state, by address.
func (tf *terraformCLI) stateStatuses(ctx context.Context, dir string) (map[string]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	_, raw, err := tf.cli.Show(ctx, dir)
	if err != nil {
		return nil, err
	}
	return parseStateStatuses([]byte(raw))
}

// parseStateStatuses extracts the status of each argil_video_render from `terraform show
// -json` output.
func parseStateStatuses(data []byte) (map[string]string, error) {
	st, err := tfcli.ParseState(data)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range st.Resources() {
		if r.Type != "argil_video_render" {
			continue
		}
		s, _ := r.Values["status"].(string)
		out[r.Address] = s
	}
	return out, nil
}
