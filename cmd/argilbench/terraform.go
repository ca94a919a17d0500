package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// providerSource is the provider's registry address, which the CLI configuration overrides.
const providerSource = "registry.terraform.io/argil-community/argil"

// terraformCLI runs the terraform on PATH with a CLI configuration whose dev_overrides point
// at the provider binary under test, so nothing is downloaded and no init is needed.
type terraformCLI struct {
	bin       string // terraform executable
	provider  string // absolute path of the terraform-provider-argil binary
	cliConfig string // the CLI configuration file
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
	cfg := filepath.Join(dir, "terraformrc")
	text := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerSource, filepath.Dir(abs))
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		return nil, err
	}
	return &terraformCLI{bin: bin, provider: abs, cliConfig: cfg}, nil
}

// version returns the terraform version, e.g. "1.11.4".
func (tf *terraformCLI) version(ctx context.Context) (string, error) {
	cmd := exec.CommandContext(ctx, tf.bin, "version", "-json")
	cmd.Env = tf.env()
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", err
	}
	return v.Version, nil
}

func (tf *terraformCLI) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "TF_CLI_CONFIG_FILE", "TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_CLI_ARGS", "TF_CLI_ARGS_plan", "TF_CLI_ARGS_apply",
			"ARGIL_API_KEY", "ARGIL_BASE_URL", "TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR", "TF_WORKSPACE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+tf.cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
}

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
	cmd := exec.CommandContext(ctx, tf.bin, args...)
	cmd.Dir = dir
	cmd.Env = tf.env()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 10 * time.Second
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
	cmd := exec.CommandContext(ctx, tf.bin, "show", "-json", "-no-color")
	cmd.Dir = dir
	cmd.Env = tf.env()
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	return parseStateStatuses(out)
}

// parseStateStatuses extracts the status of each argil_video_render from `terraform show
// -json` output.
func parseStateStatuses(data []byte) (map[string]string, error) {
	var st struct {
		Values *struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Type    string         `json:"type"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, err
	}
	out := map[string]string{}
	if st.Values == nil {
		return out, nil
	}
	for _, r := range st.Values.RootModule.Resources {
		if r.Type != "argil_video_render" {
			continue
		}
		s, _ := r.Values["status"].(string)
		out[r.Address] = s
	}
	return out, nil
}
